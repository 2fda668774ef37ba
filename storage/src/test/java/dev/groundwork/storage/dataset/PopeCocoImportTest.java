package dev.groundwork.storage.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundwork.storage.TestStorageApplication;
import dev.groundwork.storage.image.GroundTruthObject;
import dev.groundwork.storage.image.GroundTruthObjectRepository;
import dev.groundwork.storage.image.ImageInspector;
import dev.groundwork.storage.image.ImageRepository;
import dev.groundwork.storage.support.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.transaction.annotation.Transactional;

/** POPE question files and COCO instance annotations as ground truth. */
@SpringBootTest(classes = TestStorageApplication.class)
class PopeCocoImportTest {

    @Autowired DatasetImporter importer;
    @Autowired DatasetCatalog catalog;
    @Autowired ImageRepository images;
    @Autowired GroundTruthObjectRepository objects;
    @TempDir Path tmp;

    private Path popeFolder(String name) throws Exception {
        Path dir = tmp.resolve(name);
        Files.createDirectories(dir.resolve("images"));
        Files.write(dir.resolve("images/COCO_val_1.jpg"), Fixtures.jpeg(40, 30, 1));
        Files.write(dir.resolve("images/COCO_val_2.jpg"), Fixtures.jpeg(40, 30, 2));
        Files.writeString(dir.resolve("coco_pope_adversarial.jsonl"), """
                {"question_id": 1, "image": "COCO_val_1.jpg", "text": "Is there a dog in the image?", "label": "yes"}
                {"question_id": 2, "image": "COCO_val_1.jpg", "text": "Is there a cat in the image?", "label": "no"}
                {"question_id": 3, "image": "COCO_val_2.jpg", "text": "Is there a person in the image?", "label": "yes"}
                """);
        Files.writeString(dir.resolve("instances_val.json"), """
                {"images": [{"id": 10, "file_name": "COCO_val_1.jpg", "width": 40, "height": 30},
                            {"id": 20, "file_name": "COCO_val_2.jpg", "width": 40, "height": 30}],
                 "categories": [{"id": 1, "name": "dog"}, {"id": 2, "name": "person"}],
                 "annotations": [{"id": 100, "image_id": 10, "category_id": 1, "bbox": [1, 2, 10, 12]},
                                 {"id": 101, "image_id": 20, "category_id": 2, "bbox": [3, 4, 5, 6]},
                                 {"id": 102, "image_id": 20, "category_id": 1, "bbox": [7, 8, 9, 10]}]}
                """);
        return dir;
    }

    @Test
    @Transactional
    void pope_questions_import_as_yes_no_items_with_coco_ground_truth() throws Exception {
        ImportSummary s = importer.importDataset(popeFolder("pope"), Optional.of("pope-adv"), "test");
        assertThat(s.sourceFormat()).isEqualTo("pope+coco");
        assertThat(s.items()).isEqualTo(3);
        assertThat(s.imagesNew()).isEqualTo(2);
        assertThat(s.imagesWithGroundTruth()).isEqualTo(2);
        var image2 = images.findBySha256(ImageInspector.sha256(Fixtures.jpeg(40, 30, 2))).orElseThrow();
        assertThat(image2.getMediaType()).isEqualTo("image/jpeg");
        assertThat(objects.findByImageOrderByObjectKey(image2)).extracting(GroundTruthObject::getLabel).containsExactly("person", "dog");
        assertThat(catalog.find("pope-adv").orElseThrow().items()).isEqualTo(3);
    }

    @Test
    void a_single_pope_file_can_be_imported_directly() throws Exception {
        Path dir = popeFolder("direct");
        ImportSummary s = importer.importDataset(dir.resolve("coco_pope_adversarial.jsonl"), Optional.empty(), "test");
        assertThat(s.dataset()).isEqualTo("coco_pope_adversarial");
        assertThat(s.sourceFormat()).isEqualTo("pope+coco");
    }

    @Test
    void bad_pope_label_names_file_line_and_field() throws Exception {
        Path dir = popeFolder("badlabel");
        Files.writeString(dir.resolve("coco_pope_adversarial.jsonl"),
                "{\"question_id\": 1, \"image\": \"COCO_val_1.jpg\", \"text\": \"Is there a dog?\", \"label\": \"maybe\"}\n");
        assertThatThrownBy(() -> importer.importDataset(dir, Optional.of("bad"), "test"))
                .isInstanceOf(ImportException.class)
                .hasMessageContaining("coco_pope_adversarial.jsonl line 1, field 'label'")
                .hasMessageContaining("'maybe'");
    }
}
