package dev.groundwork.storage.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundwork.storage.TestStorageApplication;
import dev.groundwork.storage.dataset.DatasetCatalog.ItemRow;
import dev.groundwork.storage.image.ImageInspector;
import dev.groundwork.storage.support.Fixtures;
import dev.groundwork.storage.support.Fixtures.DatasetDir;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** Browsing a dataset's items page by page, in import order, with their response counts. */
@SpringBootTest(classes = TestStorageApplication.class)
class DatasetCatalogTest {

    @Autowired DatasetImporter importer;
    @Autowired DatasetCatalog catalog;
    @TempDir Path tmp;

    @Test
    void items_come_in_pages_in_import_order_with_image_hash_and_response_count() {
        DatasetDir d = DatasetDir.valid(tmp.resolve("browse"), "browse", 4);
        d.item(new Manifest.Item("no-answers", "images/img1.png", "Is there a star?", TaskType.YES_NO, null, "no",
                List.of(), null));
        importer.importDataset(d.write(), Optional.empty(), "test");

        List<ItemRow> first = catalog.items("browse", 0, 2);
        List<ItemRow> second = catalog.items("browse", 1, 2);
        List<ItemRow> last = catalog.items("browse", 2, 2);
        List<ItemRow> beyond = catalog.items("browse", 3, 2);

        assertThat(first).extracting(ItemRow::externalId).containsExactly("item-0", "item-1");
        assertThat(second).extracting(ItemRow::externalId).containsExactly("item-2", "item-3");
        assertThat(last).extracting(ItemRow::externalId).containsExactly("no-answers");
        assertThat(beyond).isEmpty();
        assertThat(first.get(0).position()).isZero();
        assertThat(first.get(0).imageSha256()).isEqualTo(ImageInspector.sha256(Fixtures.png(32, 24, 0)));
        assertThat(first.get(0).taskType()).isEqualTo(TaskType.CAPTION);
        assertThat(first.get(0).prompt()).isEqualTo("Describe the image.");
        assertThat(first).extracting(ItemRow::responses).containsOnly(2L);
        assertThat(last.get(0).responses()).isZero();
        assertThat(last.get(0).imageSha256()).isEqualTo(first.get(1).imageSha256());
    }

    @Test
    void items_of_an_unknown_dataset_are_refused_by_name() {
        assertThatThrownBy(() -> catalog.items("nope", 0, 10)).isInstanceOf(DatasetNotFoundException.class)
                .hasMessageContaining("'nope'");
    }
}
