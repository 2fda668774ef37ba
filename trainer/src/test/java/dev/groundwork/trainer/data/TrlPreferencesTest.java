package dev.groundwork.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrlPreferencesTest {

    @TempDir Path dir;

    @BeforeEach
    void image() throws Exception {
        Files.createDirectories(dir.resolve("images"));
        BufferedImage image = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 1, 0xFF0000);
        ImageIO.write(image, "png", dir.resolve("images/a.png").toFile());
    }

    @Test
    void plain_and_conversational_rows_give_the_same_pair() throws Exception {
        Path file = dir.resolve("preferences.jsonl");
        Files.writeString(file, """
                {"prompt":"<image>What colour is the circle?","chosen":"red.","rejected":"blue.","images":["images/a.png"]}
                {"prompt":[{"role":"user","content":[{"type":"image"},{"type":"text","text":"What colour is the circle?"}]}],\
                "chosen":[{"role":"assistant","content":[{"type":"text","text":"red."}]}],\
                "rejected":[{"role":"assistant","content":[{"type":"text","text":"blue."}]}],"images":["images/a.png"]}
                """, StandardCharsets.UTF_8);
        PreferenceSet set = new TrlPreferences(file, 0).preferences();
        assertThat(set.train()).hasSize(2);
        for (var pair : set.train()) {
            assertThat(pair.prompt()).isEqualTo("What colour is the circle?");
            assertThat(pair.chosen()).isEqualTo("red.");
            assertThat(pair.rejected()).isEqualTo("blue.");
            assertThat(pair.weight()).isEqualTo(1.0);
            assertThat(pair.image().width()).isEqualTo(4);
            assertThat(pair.image().chw()[1 * 4 + 1]).isEqualTo(1.0f);
        }
        assertThat(set.description()).contains("2 pairs", "sha256");
    }

    @Test
    void a_bad_line_is_refused_with_the_file_line_and_field() throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, """
                {"prompt":"q","chosen":"a","rejected":"b","images":["images/a.png"]}
                {"prompt":"q","chosen":"a","images":["images/a.png"]}
                """, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new TrlPreferences(file, 0).preferences())
                .hasMessage(file + " line 2: rejected is missing");
        Files.writeString(file, "[1,2]\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new TrlPreferences(file, 0).preferences())
                .hasMessage(file + " line 1: expected a JSON object with prompt, chosen, rejected and images");
        Files.writeString(file, "{\"prompt\":\"q\",\"chosen\":\"a\",\"rejected\":\"b\",\"images\":[\"../x.png\"]}\n");
        assertThatThrownBy(() -> new TrlPreferences(file, 0).preferences())
                .hasMessageContaining("line 1: images: cannot read ../x.png");
    }
}
