package dev.groundwork.storage.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.groundwork.storage.TestStorageApplication;
import dev.groundwork.storage.dataset.io.Json;
import dev.groundwork.storage.image.ImageInspector;
import dev.groundwork.storage.image.ImageStore;
import dev.groundwork.storage.support.StoreSnapshot;
import dev.groundwork.storage.world.World;
import dev.groundwork.storage.world.WorldConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Imports large enough to span several JDBC batches ({@link ImportRows#BATCH}): a failure on the very last item still
 * leaves nothing behind, and a good import stores the rows and the content digest that the dataset's files imply.
 */
@SpringBootTest(classes = TestStorageApplication.class, properties = "groundwork.storage.max-manifest-bytes=50000000")
class LargeImportTest {

    /** Scenes of about ten items each: over three batches of items. */
    private static final int SCENES = 350;

    @Autowired DatasetImporter importer;
    @Autowired DatasetDigest digest;
    @Autowired ImageStore store;
    @Autowired JdbcTemplate jdbc;
    @TempDir Path tmp;

    private Path world(String name) throws IOException {
        Path dir = tmp.resolve(name);
        World.generate(WorldConfig.defaults(SCENES, 41)).writeDataset(dir, name);
        return dir;
    }

    private static List<String> lines(Path dir) throws IOException {
        return new ArrayList<>(Files.readAllLines(dir.resolve(Manifest.FILE_NAME), StandardCharsets.UTF_8));
    }

    private static void write(Path dir, List<String> lines) throws IOException {
        Files.writeString(dir.resolve(Manifest.FILE_NAME), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    private void assertRefusedLeavingNothing(Path dir, String... fragments) {
        StoreSnapshot before = StoreSnapshot.take(jdbc, store.root());
        assertThatThrownBy(() -> importer.importDataset(dir, Optional.empty(), "test"))
                .isInstanceOf(ImportException.class)
                .satisfies(e -> {
                    for (String f : fragments) {
                        assertThat(e.getMessage()).contains(f);
                    }
                });
        assertThat(StoreSnapshot.take(jdbc, store.root())).isEqualTo(before);
        assertThat(jdbc.queryForObject("select count(*) from dataset where name = ?", Long.class, dir.getFileName()
                .toString())).isZero();
    }

    @Test
    void a_missing_image_on_the_last_line_of_a_large_import_writes_nothing() throws IOException {
        Path dir = world("large-missing-image");
        List<String> lines = lines(dir);
        assertThat(lines.size() - 1).isGreaterThan(3 * ImportRows.BATCH);
        int last = lines.size();
        ObjectNode item = (ObjectNode) Json.MAPPER.readTree(lines.get(last - 1));
        item.put("image", "images/not-there.png");
        lines.set(last - 1, item.toString());
        write(dir, lines);

        assertRefusedLeavingNothing(dir, "manifest.jsonl line " + last, "image", "images/not-there.png");
    }

    @Test
    void an_unknown_field_on_the_last_line_of_a_large_import_writes_nothing() throws IOException {
        Path dir = world("large-unknown-field");
        List<String> lines = lines(dir);
        int last = lines.size();
        ObjectNode item = (ObjectNode) Json.MAPPER.readTree(lines.get(last - 1));
        item.put("colour", "red");
        lines.set(last - 1, item.toString());
        write(dir, lines);

        assertRefusedLeavingNothing(dir, "manifest.jsonl line " + last, "colour");
    }

    @Test
    void a_manifest_changed_after_it_was_validated_is_refused_and_nothing_is_written() throws IOException {
        Path dir = world("large-changed");
        List<String> lines = lines(dir);
        int last = lines.size();
        ObjectNode item = (ObjectNode) Json.MAPPER.readTree(lines.get(last - 1));
        item.put("prompt", "A prompt nobody validated?");
        lines.set(last - 1, item.toString());
        StoreSnapshot before = StoreSnapshot.take(jdbc, store.root());
        // The manifest is streamed twice (validate, then store); rewrite it in between, while the images are checked.
        ImportProgress rewriteOnce = (phase, done, total) -> {
            if (phase == ImportProgress.Phase.IMAGES && done == 0) {
                try {
                    write(dir, lines);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };

        assertThatThrownBy(() -> importer.importDataset(dir, Optional.empty(), "test", rewriteOnce))
                .isInstanceOf(ImportException.class)
                .hasMessageContaining("manifest.jsonl: changed in folder")
                .hasMessageContaining("nothing was stored");
        assertThat(StoreSnapshot.take(jdbc, store.root())).isEqualTo(before);
    }

    @Test
    void a_large_import_stores_every_row_and_the_digest_its_files_imply() throws IOException {
        Path dir = world("large-good");
        Expected expected = Expected.of(dir);

        ImportSummary summary = importer.importDataset(dir, Optional.empty(), "test");

        assertThat(summary.items()).isEqualTo(expected.items).isGreaterThan(3 * ImportRows.BATCH);
        assertThat(summary.responses()).isEqualTo(expected.responses);
        assertThat(summary.imagesNew()).isEqualTo(SCENES);
        assertThat(summary.digest()).isEqualTo(expected.digest).isEqualTo(digest.of("large-good"));
        long dataset = jdbc.queryForObject("select id from dataset where name = 'large-good'", Long.class);
        assertThat(jdbc.queryForObject("select count(*) from item where dataset_id = ?", Long.class, dataset))
                .isEqualTo(expected.items);
        assertThat(jdbc.queryForObject("select count(*) from response r join item i on i.id = r.item_id"
                + " where i.dataset_id = ?", Long.class, dataset)).isEqualTo(expected.responses);
        assertThat(jdbc.queryForObject("select count(distinct image_id) from item where dataset_id = ?", Long.class,
                dataset)).isEqualTo(SCENES);
        assertThat(jdbc.queryForObject("select count(*) from scene_object o where o.image_id in"
                + " (select image_id from item where dataset_id = ?)", Long.class, dataset)).isEqualTo(expected.objects);
        assertThat(jdbc.queryForObject("select count(*) from scene_relation o where o.image_id in"
                + " (select image_id from item where dataset_id = ?)", Long.class, dataset))
                .isEqualTo(expected.relations);
        assertThat(jdbc.queryForObject("select max(position) - min(position) + 1 from item where dataset_id = ?",
                Long.class, dataset)).isEqualTo(expected.items);
    }

    /** What a dataset folder should store, computed from its files alone (not by the importer). */
    private record Expected(long items, long responses, long objects, long relations, String digest) {

        static Expected of(Path dir) throws IOException {
            List<String> lines = lines(dir);
            List<Manifest.Item> items = new ArrayList<>();
            Map<String, String> shaByPath = new HashMap<>();
            Map<String, Manifest.GroundTruth> truthBySha = new HashMap<>();
            for (String line : lines.subList(1, lines.size())) {
                Manifest.Item item = Json.MAPPER.readValue(line, Manifest.Item.class);
                items.add(item);
                String sha = shaByPath.computeIfAbsent(item.image(), p -> sha256(dir.resolve(p)));
                if (item.groundTruth() != null) {
                    truthBySha.putIfAbsent(sha, GroundTruths.normalize(item.groundTruth()));
                }
            }
            StringBuilder canonical = new StringBuilder();
            Set<String> truthGiven = new HashSet<>();
            long responses = 0;
            for (Manifest.Item item : items) {
                String sha = shaByPath.get(item.image());
                Manifest.GroundTruth truth = truthGiven.add(sha) ? truthBySha.get(sha) : null;
                canonical.append(Json.MAPPER.writeValueAsString(new Manifest.Item(item.id(), "sha256:" + sha,
                        item.prompt(), item.task(), item.category(), item.reference(), item.responses(),
                        truth == null || truth.objects().isEmpty() ? null : truth))).append('\n');
                responses += item.responses().size();
            }
            long objects = truthBySha.values().stream().mapToLong(t -> t.objects().size()).sum();
            long relations = truthBySha.values().stream().mapToLong(t -> t.relations().size()).sum();
            return new Expected(items.size(), responses, objects, relations,
                    ImageInspector.sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        }

        private static String sha256(Path file) {
            try {
                return ImageInspector.sha256(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
