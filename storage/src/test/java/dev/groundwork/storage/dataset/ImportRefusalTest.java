package dev.groundwork.storage.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundwork.storage.TestStorageApplication;
import dev.groundwork.storage.image.ImageStore;
import dev.groundwork.storage.support.Fixtures;
import dev.groundwork.storage.support.Fixtures.DatasetDir;
import dev.groundwork.storage.support.StoreSnapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every refused import names the problem (file, line, field) and leaves no new rows and no new
 * files. Each test starts from a store that already holds one good dataset, so "nothing new" is
 * measured against a non-empty baseline.
 */
@SpringBootTest(classes = TestStorageApplication.class)
class ImportRefusalTest {

    @Autowired DatasetImporter importer;
    @Autowired ImageStore store;
    @Autowired JdbcTemplate jdbc;
    @TempDir Path tmp;

    private StoreSnapshot before;

    @BeforeEach
    void baseline() {
        String name = "baseline";
        if (jdbc.queryForObject("select count(*) from dataset where name = ?", Long.class, name) == 0) {
            importer.importDataset(DatasetDir.valid(tmp.resolve("baseline"), name, 2).write(), Optional.empty(), "test");
        }
        before = StoreSnapshot.take(jdbc, store.root());
    }

    private void assertRefused(Path dataset, String... fragments) {
        assertThatThrownBy(() -> importer.importDataset(dataset, Optional.empty(), "test"))
                .isInstanceOf(ImportException.class)
                .satisfies(e -> {
                    for (String f : fragments) {
                        assertThat(e.getMessage()).contains(f);
                    }
                });
        assertThat(StoreSnapshot.take(jdbc, store.root())).isEqualTo(before);
    }

    /** Three good items; the last one's image is what the test breaks, so earlier images would be staged. */
    private DatasetDir threeGood(String name) {
        return DatasetDir.valid(tmp.resolve(name), name, 3);
    }

    @Test
    void zip_slip_entry_is_refused() throws IOException {
        Path zip = tmp.resolve("slip.zip");
        try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(zip.toFile())) {
            put(z, "manifest.jsonl", Files.readAllBytes(threeGood("slip").write().resolve("manifest.jsonl")));
            put(z, "../evil.png", Fixtures.png(8, 8, 1));
        }
        assertRefused(zip, "../evil.png", "zip-slip");
    }

    @Test
    void absolute_zip_entry_is_refused() throws IOException {
        Path zip = tmp.resolve("abs.zip");
        try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(zip.toFile())) {
            put(z, "/etc/evil.png", Fixtures.png(8, 8, 1));
        }
        assertRefused(zip, "/etc/evil.png", "absolute path");
    }

    @Test
    void absolute_image_path_in_manifest_is_refused() {
        DatasetDir d = threeGood("absolute");
        d.item(Fixtures.item("abs", "/etc/passwd"));
        assertRefused(d.write(), "manifest.jsonl line 5", "field 'image'", "absolute path '/etc/passwd'");
    }

    @Test
    void parent_escape_in_manifest_is_refused() {
        DatasetDir d = threeGood("escape");
        d.item(Fixtures.item("up", "../baseline/images/img0.png"));
        assertRefused(d.write(), "manifest.jsonl line 5", "field 'image'", "escapes the dataset");
    }

    @Test
    void symlinked_image_in_folder_is_refused() throws IOException {
        DatasetDir d = threeGood("symlink");
        Path outside = tmp.resolve("outside.png");
        Files.write(outside, Fixtures.png(16, 16, 9));
        Files.createSymbolicLink(d.root().resolve("images/link.png"), outside);
        d.item(Fixtures.item("linked", "images/link.png"));
        assertRefused(d.write(), "manifest.jsonl line 5", "field 'image'", "symbolic link");
    }

    @Test
    void symlink_entry_in_zip_is_refused() throws IOException {
        Path zip = tmp.resolve("link.zip");
        try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(zip.toFile())) {
            put(z, "manifest.jsonl", Files.readAllBytes(threeGood("ziplink").write().resolve("manifest.jsonl")));
            ZipArchiveEntry link = new ZipArchiveEntry("images/img0.png");
            link.setUnixMode(UnixStat.LINK_FLAG | 0777);
            z.putArchiveEntry(link);
            z.write("/etc/passwd".getBytes(StandardCharsets.UTF_8));
            z.closeArchiveEntry();
        }
        assertRefused(zip, "images/img0.png", "symbolic link");
    }

    @Test
    void missing_image_is_refused() {
        DatasetDir d = threeGood("missing");
        d.item(Fixtures.item("ghost", "images/ghost.png"));
        assertRefused(d.write(), "manifest.jsonl line 5", "field 'image'", "'images/ghost.png'", "not found");
    }

    @Test
    void corrupt_image_is_refused() {
        DatasetDir d = threeGood("corrupt");
        byte[] good = Fixtures.png(64, 64, 3);
        d.image("images/broken.png", Arrays.copyOf(good, good.length / 2));
        d.item(Fixtures.item("broken", "images/broken.png"));
        assertRefused(d.write(), "manifest.jsonl line 5", "field 'image'", "'images/broken.png'", "corrupt PNG");
    }

    @Test
    void truncated_jpeg_is_refused() {
        DatasetDir d = threeGood("jpeg");
        byte[] good = Fixtures.jpeg(64, 64, 3);
        d.image("images/broken.jpg", Arrays.copyOf(good, good.length * 2 / 3));
        d.item(Fixtures.item("broken", "images/broken.jpg"));
        assertRefused(d.write(), "manifest.jsonl line 5", "'images/broken.jpg'", "corrupt JPEG");
    }

    @Test
    void non_image_named_png_is_refused() {
        DatasetDir d = threeGood("fake");
        d.image("images/notes.png", "just some text, not an image".getBytes(StandardCharsets.UTF_8));
        d.item(Fixtures.item("fake", "images/notes.png"));
        assertRefused(d.write(), "manifest.jsonl line 5", "'images/notes.png'", "not a PNG or JPEG");
    }

    @Test
    void image_over_pixel_limit_is_refused_from_its_header() {
        DatasetDir d = threeGood("bomb");
        d.image("images/bomb.png", Fixtures.pngDeclaring(50_000, 50_000));
        d.item(Fixtures.item("bomb", "images/bomb.png"));
        assertRefused(d.write(), "manifest.jsonl line 5", "'images/bomb.png'", "50000x50000", "over the limit");
    }

    @Test
    void duplicate_item_id_is_refused() {
        DatasetDir d = threeGood("dup");
        d.item(Fixtures.item("item-1", "images/img0.png"));
        assertRefused(d.write(), "manifest.jsonl line 5", "field 'id'", "duplicate item id 'item-1' (first on line 3)");
    }

    @Test
    void malformed_json_line_is_refused() {
        DatasetDir d = threeGood("malformed");
        d.line("{\"id\": \"x\", \"image\": ");
        assertRefused(d.write(), "manifest.jsonl line 5", "not valid JSON at column", "the line ends before the JSON value is complete");
    }

    @Test
    void missing_required_field_is_refused() {
        DatasetDir d = threeGood("noprompt");
        d.line("{\"id\":\"np\",\"image\":\"images/img0.png\",\"task\":\"CAPTION\"}");
        assertRefused(d.write(), "manifest.jsonl line 5", "field 'prompt'", "is missing");
    }

    @Test
    void unknown_task_type_is_refused() {
        DatasetDir d = threeGood("badtask");
        d.line("{\"id\":\"bt\",\"image\":\"images/img0.png\",\"prompt\":\"p\",\"task\":\"ESSAY\"}");
        assertRefused(d.write(), "manifest.jsonl line 5", "field 'task'", "'ESSAY' is not one of");
    }

    @Test
    void unknown_schema_version_is_refused() {
        DatasetDir d = threeGood("future");
        d.setLine(1, "{\"format\":\"groundwork-dataset\",\"schemaVersion\":7,\"name\":\"future\"}");
        assertRefused(d.write(), "manifest.jsonl line 1", "field 'schemaVersion'", "unknown schemaVersion 7");
    }

    @Test
    void manifest_over_size_limit_is_refused() {
        DatasetDir d = threeGood("huge");
        String padding = "x".repeat(1_100_000);
        d.line("{\"id\":\"big\",\"image\":\"images/img0.png\",\"prompt\":\"" + padding + "\",\"task\":\"CAPTION\"}");
        assertRefused(d.write(), "manifest.jsonl", "over the limit of 1000000");
    }

    @Test
    void existing_dataset_name_is_refused() {
        assertRefused(DatasetDir.valid(tmp.resolve("again"), "baseline", 2).write(), "dataset 'baseline' already exists");
    }

    @Test
    void all_problems_are_reported_not_just_the_first() {
        DatasetDir d = threeGood("many");
        d.item(Fixtures.item("ghost1", "images/ghost1.png"));
        d.item(Fixtures.item("ghost2", "images/ghost2.png"));
        assertThatThrownBy(() -> importer.importDataset(d.write(), Optional.empty(), "test"))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.errors()).hasSize(2)
                        .extracting(ImportError::line).containsExactly(5, 6));
        assertThat(StoreSnapshot.take(jdbc, store.root())).isEqualTo(before);
    }

    @Test
    void a_manifest_that_is_not_utf8_is_refused_with_its_line_and_byte_offset() throws IOException {
        DatasetDir d = threeGood("latin1");
        Path dir = d.write();
        Path manifest = dir.resolve("manifest.jsonl");
        byte[] good = Files.readAllBytes(manifest);
        // A prompt saved as Latin-1: 'é' is the single byte 0xE9, which UTF-8 never has on its own.
        byte[] bad = "{\"id\":\"l1\",\"image\":\"images/img0.png\",\"prompt\":\"D\u00e9cris l'image\",\"task\":\"CAPTION\"}\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = Arrays.copyOf(good, good.length + bad.length);
        System.arraycopy(bad, 0, all, good.length, bad.length);
        Files.write(manifest, all);
        int offset = good.length + new String(bad, StandardCharsets.ISO_8859_1).indexOf('\u00e9');
        assertRefused(dir, "manifest.jsonl line 5: ", "(0xE9) at byte offset " + offset, "UTF-8");
    }

    @Test
    void a_json_array_on_an_item_line_says_what_was_expected_without_parser_internals() {
        DatasetDir d = threeGood("array");
        d.line("[\"item-9\", \"images/img0.png\"]");
        d.line("{\"id\":\"r\",\"image\":\"images/img0.png\",\"prompt\":\"p\",\"task\":\"CAPTION\",\"responses\":\"yes\"}");
        assertThatThrownBy(() -> importer.importDataset(d.write(), Optional.empty(), "test"))
                .isInstanceOfSatisfying(ImportException.class, e -> {
                    assertThat(e.errors()).extracting(ImportError::toString).containsExactly(
                            "manifest.jsonl line 5: expected a JSON object for an item, found an array",
                            "manifest.jsonl line 6, field 'responses': expected a list (a JSON array), found text");
                    assertThat(e.getMessage()).doesNotContain("dev.groundwork", "Cannot deserialize", "token", "`");
                });
        assertThat(StoreSnapshot.take(jdbc, store.root())).isEqualTo(before);
    }

    @Test
    void a_prompt_over_the_configured_length_is_refused_naming_the_setting() {
        DatasetDir d = threeGood("longprompt");
        d.line("{\"id\":\"lp\",\"image\":\"images/img0.png\",\"prompt\":\"" + "p".repeat(20_001)
                + "\",\"task\":\"CAPTION\"}");
        assertRefused(d.write(), "manifest.jsonl line 5, field 'prompt'", "20001 characters long",
                "over the limit of 20000 (groundwork.storage.max-prompt-chars)");
    }

    @Test
    void one_import_reports_a_zip_slip_entry_an_unknown_field_and_a_text_file_named_png_together() throws IOException {
        DatasetDir d = threeGood("three-kinds");
        d.line("{\"id\":\"extra\",\"image\":\"images/img0.png\",\"prompt\":\"p\",\"task\":\"CAPTION\",\"colour\":\"red\"}");
        d.image("images/notes.png", "just some text, not an image".getBytes(StandardCharsets.UTF_8));
        d.item(Fixtures.item("fake", "images/notes.png"));
        Path dir = d.write();
        Path zip = tmp.resolve("three-kinds.zip");
        try (ZipArchiveOutputStream z = new ZipArchiveOutputStream(zip.toFile());
                var files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                put(z, dir.relativize(f).toString(), Files.readAllBytes(f));
            }
            put(z, "../evil.png", Fixtures.png(8, 8, 1));
        }
        assertThatThrownBy(() -> importer.importDataset(zip, Optional.empty(), "test"))
                .isInstanceOfSatisfying(ImportException.class, e -> assertThat(e.errors())
                        .extracting(ImportError::toString).containsExactlyInAnyOrder(
                                "../evil.png: unsafe zip entry (zip-slip): path '../evil.png' escapes the dataset ('..')",
                                "manifest.jsonl line 5, field 'colour': unknown field (known fields: category, groundTruth,"
                                        + " id, image, prompt, reference, responses, task)",
                                "manifest.jsonl line 6, field 'image': 'images/notes.png': not a PNG or JPEG image (unrecognised leading bytes)"));
        assertThat(StoreSnapshot.take(jdbc, store.root())).isEqualTo(before);
    }

    @Test
    void an_invalid_dataset_name_is_refused_whether_given_or_carried() {
        assertThatThrownBy(() -> importer.importDataset(threeGood("given").write(), Optional.of("../../tmp/evil<img src=x>"),
                "test"))
                .isInstanceOf(ImportException.class)
                .hasMessageContaining("dataset name '../../tmp/evil<img src=x>' is not allowed")
                .hasMessageContaining(DatasetName.RULE);
        DatasetDir carried = DatasetDir.valid(tmp.resolve("carried"), "has space", 2);
        assertRefused(carried.write(), "dataset name 'has space' is not allowed", "--dataset NAME");
    }

    private static void put(ZipArchiveOutputStream z, String name, byte[] bytes) throws IOException {
        ZipArchiveEntry e = new ZipArchiveEntry(name);
        z.putArchiveEntry(e);
        try (OutputStream out = new java.io.FilterOutputStream(z) {
            @Override
            public void close() {}
        }) {
            out.write(bytes);
        }
        z.closeArchiveEntry();
    }
}
