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
    void a_row_as_the_published_vlm_dataset_loads_and_several_text_parts_are_read() throws Exception {
        // HuggingFaceH4/rlaif-v_formatted as `datasets` loads it: Arrow's struct gives the image part "text": null.
        Path file = dir.resolve("published.jsonl");
        Files.writeString(file, """
                {"chosen":[{"content":[{"text":"red.","type":"text"}],"role":"assistant"}],\
                "rejected":[{"content":[{"text":"blue.","type":"text"}],"role":"assistant"}],"images":["images/a.png"],\
                "prompt":[{"content":[{"text":null,"type":"image"},{"text":"What colour is the circle?","type":"text"}],\
                "role":"user"}]}
                {"prompt":[{"role":"system","content":"Answer briefly."},{"role":"user","content":[{"type":"text",\
                "text":"What colour"},{"type":"image"},{"type":"text","text":"is the circle?"}]}],\
                "chosen":[{"role":"assistant","content":[{"type":"text","text":"red."}]}],\
                "rejected":[{"role":"assistant","content":"blue."}],"images":["images/a.png"]}
                """, StandardCharsets.UTF_8);
        PreferenceSet set = new TrlPreferences(file, 0).preferences();
        assertThat(set.train()).hasSize(2).allSatisfy(pair -> {
            assertThat(pair.prompt()).isEqualTo("What colour is the circle?");
            assertThat(pair.chosen()).isEqualTo("red.");
            assertThat(pair.rejected()).isEqualTo("blue.");
        });
    }

    @Test
    void a_conversational_row_that_is_not_one_is_refused_with_the_file_line_and_field() throws Exception {
        Path file = dir.resolve("bad-turns.jsonl");
        String answers = "\"chosen\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"a\"}]}],"
                + "\"rejected\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"b\"}]}],"
                + "\"images\":[\"images/a.png\"]";
        String user = "\"prompt\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\"},{\"type\":\"text\",\"text\":\"q\"}]}]";
        assertRefused(file, "{" + user + "," + answers + "}\n{\"prompt\":[{\"role\":\"assistant\",\"content\":\"q\"}],"
                + answers + "}", "line 2: prompt: expected a message with the role user");
        assertRefused(file, "{\"prompt\":[\"q\"]," + answers + "}", "line 1: prompt[0]: expected a message with a role and content");
        assertRefused(file, "{\"prompt\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\"}]}]," + answers + "}",
                "line 1: prompt: no text part");
        assertRefused(file, "{\"prompt\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":7}]}]," + answers + "}",
                "line 1: prompt: a text part without its text");
        assertRefused(file, "{\"prompt\":[{\"role\":\"user\",\"content\":[{\"text\":\"q\"}]}]," + answers + "}",
                "line 1: prompt: expected content parts with a type (text or image)");
        assertRefused(file, "{\"prompt\":[{\"role\":\"user\"}]," + answers + "}",
                "line 1: prompt: the user message's content must be text or a list of parts");
        assertRefused(file, "{" + user + "," + answers.replace("\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"b\"}]",
                "\"role\":\"user\",\"content\":\"b\"") + "}", "line 1: rejected: expected a message with the role assistant");
        assertRefused(file, "{" + user + "," + answers.replace("\"chosen\":[{\"role\":\"assistant\",\"content\":[{\"type\":"
                + "\"text\",\"text\":\"a\"}]}]", "\"chosen\":{\"text\":\"a\"}") + "}",
                "line 1: chosen: expected text or a list with an assistant message");
    }

    private static void assertRefused(Path file, String lines, String reason) throws Exception {
        Files.writeString(file, lines + "\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> new TrlPreferences(file, 0).preferences())
                .isInstanceOf(TrlPreferences.FormatException.class).hasMessage(file + " " + reason);
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
