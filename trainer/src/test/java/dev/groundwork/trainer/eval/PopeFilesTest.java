package dev.groundwork.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.trainer.cli.TrainerCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gw eval score --suite pope} on the POPE-format fixture in {@code src/test/resources/pope} (the eight probes of
 * {@link PopeScoreTest}, whose javadoc works the numbers out by POPE's own rule; the answers come in another order and
 * are matched by question_id).
 */
class PopeFilesTest {

    static final Path QUESTIONS = Path.of("src/test/resources/pope/questions.jsonl");
    static final Path ANSWERS = Path.of("src/test/resources/pope/answers.jsonl");

    @TempDir Path tmp;

    private int run(String... args) {
        return TrainerCli.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @Test
    void the_fixture_scores_as_popes_rule_says_in_compat_mode_and_counts_unparseable_answers_in_strict_mode() throws Exception {
        assertThat(run("eval", "score", "--suite", "pope", "--questions", QUESTIONS.toString(), "--answers", ANSWERS.toString(),
                "--out", tmp.resolve("compat").toString(), "--pope-compat")).isZero();
        JsonNode compat = new ObjectMapper().readTree(tmp.resolve("compat/metrics.json").toFile());
        assertThat(compat.get("pope_accuracy").asDouble()).isEqualTo(0.625);
        assertThat(compat.get("pope_f1_score").asDouble()).isCloseTo(4.0 / 7, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(compat.get("pope_yes_ratio").asDouble()).isEqualTo(0.5);
        assertThat(compat.get("pope_unparseable").asDouble()).isZero();

        assertThat(run("eval", "score", "--suite", "pope", "--questions", QUESTIONS.toString(), "--answers", ANSWERS.toString(),
                "--out", tmp.resolve("strict").toString(), "--split", "random")).isZero();
        JsonNode strict = new ObjectMapper().readTree(tmp.resolve("strict/metrics.json").toFile());
        assertThat(strict.get("answer_reading").asText()).isEqualTo("strict");
        assertThat(strict.get("pope_accuracy_random").asDouble()).isEqualTo(0.25);
        assertThat(strict.get("pope_unparseable_random").asDouble()).isEqualTo(4);
        assertThat(strict.get("unparseable_question_ids").toString()).isEqualTo("[\"3\",\"4\",\"7\",\"8\"]");
        assertThat(Files.readAllLines(tmp.resolve("strict/samples.jsonl")).get(0))
                .isEqualTo("{\"question_id\":\"1\",\"label\":\"yes\",\"answer\":\"Yes, there is a star.\",\"parsed\":\"yes\"}");
    }

    @Test
    void answers_without_ids_are_matched_by_line_with_a_warning() throws Exception {
        Path answers = tmp.resolve("a.jsonl");
        Files.writeString(answers, "{\"answer\":\"yes\"}\n".repeat(8));
        PopeFiles.Matched m = PopeFiles.match(PopeFiles.questions(QUESTIONS), answers);
        assertThat(m.warnings()).singleElement().asString().contains("matched to the questions by line order");
        assertThat(m.probes()).extracting(PopeScore.Probe::questionId).containsExactly("1", "2", "3", "4", "5", "6", "7", "8");
    }

    @Test
    void malformed_files_are_refused_with_file_line_and_field() throws Exception {
        Path q = tmp.resolve("q.jsonl");
        Files.writeString(q, "{\"question_id\":1,\"text\":\"Is there a star?\",\"label\":\"yes\"}\n{\"text\":\"x\",\"label\":\"no\"}\n");
        assertThatThrownBy(() -> PopeFiles.questions(q)).hasMessage(q + " line 2: question_id is missing");
        Files.writeString(q, "{\"question_id\":1,\"text\":\"a\",\"label\":\"yes\"}\n{\"question_id\":1,\"text\":\"b\",\"label\":\"no\"}\n");
        assertThatThrownBy(() -> PopeFiles.questions(q)).hasMessage(q + " line 2: question_id 1 repeats line 1");
        Files.writeString(q, "{\"question_id\":1,\"text\":\"a\",\"label\":\"maybe\"}\n");
        assertThatThrownBy(() -> PopeFiles.questions(q)).hasMessage(q + " line 1: label must be yes or no, was 'maybe'");
        Path a = tmp.resolve("a.jsonl");
        Files.writeString(a, "{\"question_id\":99,\"answer\":\"yes\"}\n");
        assertThatThrownBy(() -> PopeFiles.match(PopeFiles.questions(QUESTIONS), a))
                .hasMessage(a + ": question_id 99 is not in the questions file");
        Files.writeString(a, "{\"question_id\":1,\"answer\":\"yes\"}\n");
        assertThatThrownBy(() -> PopeFiles.match(PopeFiles.questions(QUESTIONS), a))
                .hasMessage(a + ": 7 questions have no answer, e.g. question_id 2");
        Files.writeString(a, "{\"answer\":\"yes\"}\n");
        assertThatThrownBy(() -> PopeFiles.match(PopeFiles.questions(QUESTIONS), a))
                .hasMessageContaining("1 answers without question_id for 8 questions");
    }

    @Test
    void an_answers_file_that_is_not_utf8_is_refused_with_its_line_and_byte_offset() throws Exception {
        Path a = tmp.resolve("latin1.jsonl");
        String first = "{\"question_id\":1,\"answer\":\"yes\"}\n";
        // "Oui, il y a une étoile" saved as Latin-1: 'é' is the lone byte 0xE9.
        Files.write(a, (first + "{\"question_id\":2,\"answer\":\"Oui, une \u00e9toile\"}\n").getBytes(StandardCharsets.ISO_8859_1));
        int offset = first.length() + "{\"question_id\":2,\"answer\":\"Oui, une ".length();
        assertThatThrownBy(() -> PopeFiles.match(PopeFiles.questions(QUESTIONS), a))
                .hasMessage(a + " line 2: the file is not valid UTF-8: byte 0xE9 at byte offset " + offset);
        Files.write(a, "[1, 2]\n".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> PopeFiles.match(PopeFiles.questions(QUESTIONS), a))
                .hasMessage(a + " line 1: expected a JSON object, found an array");
    }
}
