package dev.groundwork.storage.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.storage.dataset.Manifest;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorldWriterTest {

    private final ObjectMapper mapper = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void writes_a_header_line_then_one_line_per_generated_item() throws IOException {
        World world = World.generate(WorldConfig.defaults(12, 4));
        Path out = dir.resolve("world");

        world.writeDataset(out, "tiny-world");

        List<String> lines = Files.readAllLines(out.resolve(Manifest.FILE_NAME), StandardCharsets.UTF_8);
        Manifest.Header header = mapper.readValue(lines.get(0), Manifest.Header.class);
        assertThat(header.format()).isEqualTo(Manifest.FORMAT);
        assertThat(header.schemaVersion()).isEqualTo(Manifest.SCHEMA_VERSION);
        assertThat(header.name()).isEqualTo("tiny-world");
        assertThat(header.source()).containsEntry("generator", World.GENERATOR).containsEntry("seed", 4)
                .containsEntry("imageSize", 80).containsEntry("version", World.VERSION);
        assertThat((List<?>) header.source().get("rules")).hasSize(3)
                .first().isEqualTo(Map.of("given", "circle", "partner", "star", "probability", 0.8));
        assertThat(lines).hasSize(1 + world.items().size());
        List<Manifest.Item> read = lines.subList(1, lines.size()).stream().map(this::item).toList();
        assertThat(read).isEqualTo(world.items());
        assertThat(lines.get(1)).contains("\"task\":\"CAPTION\"", "\"class\":");
    }

    @Test
    void writes_one_decodable_png_per_scene() throws IOException {
        World world = World.generate(WorldConfig.defaults(6, 4).withImageSize(72));

        world.writeDataset(dir, "tiny-world");

        for (Scene scene : world.scenes()) {
            Path png = dir.resolve(scene.imagePath());
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image).as(scene.imagePath()).isNotNull();
            assertThat(image.getWidth()).isEqualTo(72);
            assertThat(Files.readAllBytes(png)).isEqualTo(world.png(scene));
        }
        try (var images = Files.list(dir.resolve("images"))) {
            assertThat(images.count()).isEqualTo(6);
        }
    }

    @Test
    void refuses_a_non_empty_directory_that_is_not_an_earlier_world_output() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "keep me");
        World world = World.generate(WorldConfig.defaults(2, 4));

        assertThatThrownBy(() -> world.writeDataset(dir, "tiny-world"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("refusing to write into non-empty directory")
                .hasMessageContaining("not an earlier world output");
        assertThat(dir.resolve(Manifest.FILE_NAME)).doesNotExist();
        assertThat(dir.resolve("notes.txt")).hasContent("keep me");
    }

    @Test
    void replaces_an_earlier_world_output_without_leaving_stale_images() throws IOException {
        World.generate(WorldConfig.defaults(8, 4)).writeDataset(dir, "first");
        World smaller = World.generate(WorldConfig.defaults(3, 5));

        smaller.writeDataset(dir, "second");

        List<String> lines = Files.readAllLines(dir.resolve(Manifest.FILE_NAME));
        assertThat(lines.get(0)).contains("\"name\":\"second\"");
        assertThat(lines).hasSize(1 + smaller.items().size());
        try (var images = Files.list(dir.resolve("images"))) {
            assertThat(images.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("s000000.png", "s000001.png", "s000002.png");
        }
    }

    @Test
    void rejects_a_blank_dataset_name() {
        World world = World.generate(WorldConfig.defaults(1, 4));

        assertThatThrownBy(() -> world.writeDataset(dir, " "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dataset name");
    }

    private Manifest.Item item(String line) {
        try {
            return mapper.readValue(line, Manifest.Item.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
