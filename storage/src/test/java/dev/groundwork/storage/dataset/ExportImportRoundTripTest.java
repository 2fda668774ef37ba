package dev.groundwork.storage.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundwork.storage.TestStorageApplication;
import dev.groundwork.storage.image.ImageStore;
import dev.groundwork.storage.world.World;
import dev.groundwork.storage.world.WorldConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;

/** World → import → export → import into a second, empty database reproduces the same content. */
@SpringBootTest(classes = TestStorageApplication.class)
class ExportImportRoundTripTest {

    @Autowired DatasetImporter importer;
    @Autowired DatasetExporter exporter;
    @Autowired DatasetDigest digest;
    @Autowired ImageStore store;
    @TempDir Path tmp;

    @Test
    void export_then_import_into_an_empty_database_reproduces_identical_content_hashes() throws Exception {
        Path worldDir = tmp.resolve("world");
        World.generate(WorldConfig.defaults(25, 11)).writeDataset(worldDir, "rt-world");
        ImportSummary first = importer.importDataset(worldDir, Optional.empty(), "test");
        assertThat(first.items()).isGreaterThan(25 * 4);
        assertThat(first.imagesNew()).isEqualTo(25);
        assertThat(first.imagesWithGroundTruth()).isEqualTo(25);

        Path exported = tmp.resolve("export");
        ExportSummary export = exporter.export("rt-world", exported, "test");
        assertThat(export.digest()).isEqualTo(first.digest());
        assertThat(Files.readAllLines(exported.resolve(Manifest.FILE_NAME))).hasSize(first.items() + 1);
        List<String> exportedImages;
        try (Stream<Path> files = Files.list(exported.resolve("images"))) {
            exportedImages = files.map(p -> p.getFileName().toString().replace(".png", "")).sorted().toList();
        }
        assertThat(exportedImages).hasSize(25);
        assertThat(store.list()).containsAll(exportedImages);

        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(TestStorageApplication.class)
                .web(WebApplicationType.NONE)
                .properties("spring.datasource.url=jdbc:h2:mem:second-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1",
                        "groundwork.storage.image-root=" + tmp.resolve("second-images"))
                .run()) {
            ImportSummary again = second.getBean(DatasetImporter.class).importDataset(exported, Optional.of("copy"), "test");
            assertThat(again.digest()).isEqualTo(first.digest());
            assertThat(again.items()).isEqualTo(first.items());
            assertThat(again.responses()).isEqualTo(first.responses());
            assertThat(second.getBean(ImageStore.class).list()).containsExactlyElementsOf(exportedImages);
        }
    }

    @Test
    void reimporting_the_same_images_under_another_name_reuses_them() throws Exception {
        Path worldDir = tmp.resolve("world2");
        World.generate(WorldConfig.defaults(5, 99)).writeDataset(worldDir, "reuse-a");
        ImportSummary a = importer.importDataset(worldDir, Optional.empty(), "test");
        ImportSummary b = importer.importDataset(worldDir, Optional.of("reuse-b"), "test");
        assertThat(b.imagesNew()).isZero();
        assertThat(b.imagesReused()).isEqualTo(a.imagesNew());
        assertThat(b.digest()).isEqualTo(a.digest());
    }

    @Test
    void export_refuses_a_non_empty_folder_and_an_unknown_dataset() throws Exception {
        Path target = tmp.resolve("occupied");
        Files.createDirectories(target);
        Files.writeString(target.resolve("keep.txt"), "mine");
        assertThatThrownBy(() -> exporter.export("whatever", target, "test"))
                .hasMessageContaining("is not empty");
        assertThatThrownBy(() -> exporter.export("no-such-dataset", tmp.resolve("fresh"), "test"))
                .isInstanceOf(DatasetNotFoundException.class).hasMessageContaining("no-such-dataset");
        assertThat(Files.readString(target.resolve("keep.txt"))).isEqualTo("mine");
    }
}
