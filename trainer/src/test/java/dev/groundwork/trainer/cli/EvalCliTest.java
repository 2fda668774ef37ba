package dev.groundwork.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.storage.dataset.Manifest;
import dev.groundwork.storage.world.World;
import dev.groundwork.trainer.data.WorldData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gw eval score --suite chair} and {@code --suite world} in-process, with their refusals.
 *
 * <p>The CHAIR fixture ({@code src/test/resources/chair}) by hand, CHAIR's synonym list:
 * <pre>
 *   image 1  truth dog, person (instances)   "Two men walk a puppy past a hot dog stand."
 *            men person, puppy dog, hot dog X                               3 mentions, 1 hallucinated, covers 2 of 2
 *   image 2  truth chair, sink, toilet        "A toilet seat next to a chair and the seat of a toilet."
 *            toilet seat toilet, chair, (seat: not with toilet), toilet     3 mentions, 0 hallucinated, covers 2 of 3
 *   image 3  truth car                        "A baby bird sits on a teddy bear near cars."
 *            baby bird bird X, teddy bear X, cars car                       3 mentions, 2 hallucinated, covers 1 of 1
 *   image 4  listed, no instance annotation   "An empty room with a dining table."
 *            dining table X (warning: scored against no objects)            1 mention,  1 hallucinated, covers 0 of 0
 * </pre>
 * CHAIR_i = 4/10 = 0.4, CHAIR_s = Hal = 3/4, Cover = 5/6. With the reference captions, image 1 gains hot dog ("People
 * and a dog on a street with a hot dog cart.") and image 4 dining table ("A wooden table in an empty room."); image
 * 9's caption concerns no captioned image. Then CHAIR_i = 2/10 = 0.2, CHAIR_s = Hal = 1/4, Cover = (3+2+1+1)/(3+3+1+1)
 * = 7/8.
 */
class EvalCliTest {

    static final Path CAPTIONS = Path.of("src/test/resources/chair/captions.jsonl");
    static final Path INSTANCES = Path.of("src/test/resources/chair/instances.json");
    static final Path REFERENCES = Path.of("src/test/resources/chair/reference_captions.json");

    @TempDir Path tmp;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return TrainerCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String error() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private JsonNode metrics(Path dir) throws Exception {
        return new ObjectMapper().readTree(dir.resolve("metrics.json").toFile());
    }

    private int chair(Path captions, Path instances, String... more) {
        String[] base = {"eval", "score", "--suite", "chair", "--captions", captions.toString(), "--annotations",
            instances.toString(), "--out", tmp.resolve("out").toString()};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return run(all);
    }

    @Test
    void chair_scores_the_fixture_as_worked_out_by_hand() throws Exception {
        Path plain = tmp.resolve("plain");
        assertThat(run("eval", "score", "--suite", "chair", "--captions", CAPTIONS.toString(), "--annotations",
                INSTANCES.toString(), "--out", plain.toString())).as(error()).isZero();
        assertThat(output()).contains("warning: " + INSTANCES + ": 1 captioned image(s) have no instance annotations")
                .contains("e.g. image_id 4").contains("CHAIR, 4 captions: CHAIR_i 0.4000 (4 of 10 mentions)");
        JsonNode m = metrics(plain);
        assertThat(m.get("chair_i").asDouble()).isEqualTo(0.4);
        assertThat(m.get("chair_s").asDouble()).isEqualTo(0.75);
        assertThat(m.get("cover").asDouble()).isCloseTo(5.0 / 6, within(1e-12));
        assertThat(m.get("hal").asDouble()).isEqualTo(0.75);
        assertThat(m.get("counts").toString()).isEqualTo("{\"captions\":4,\"captions_with_hallucination\":3,"
                + "\"object_mentions\":10,\"hallucinated_mentions\":4,\"ground_truth_objects\":6,\"covered_objects\":5}");
        assertThat(m.get("images_without_instance_annotations").toString()).isEqualTo("[\"4\"]");
        List<String> samples = Files.readAllLines(plain.resolve("samples.jsonl"));
        assertThat(samples).hasSize(4);
        assertThat(samples.get(0)).isEqualTo("{\"image_id\":\"1\",\"caption\":\"Two men walk a puppy past a hot dog stand.\","
                + "\"mentioned_objects\":[\"person\",\"dog\",\"hot dog\"],\"hallucinated_objects\":[{\"object\":\"hot dog\","
                + "\"words\":\"hot dog\",\"start\":28,\"end\":35}],\"ground_truth_objects\":[\"dog\",\"person\"]}");
        assertThat(samples.get(2)).contains("{\"object\":\"bird\",\"words\":\"baby bird\",\"start\":2,\"end\":11}",
                "{\"object\":\"teddy bear\",\"words\":\"teddy bear\",\"start\":22,\"end\":32}");

        Path refs = tmp.resolve("refs");
        assertThat(run("eval", "score", "--suite", "chair", "--captions", CAPTIONS.toString(), "--annotations",
                INSTANCES.toString(), "--reference-captions", REFERENCES.toString(), "--out", refs.toString()))
                .as(error()).isZero();
        assertThat(output()).contains("scored against their reference captions' objects only");
        JsonNode r = metrics(refs);
        assertThat(r.get("chair_i").asDouble()).isEqualTo(0.2);
        assertThat(r.get("chair_s").asDouble()).isEqualTo(0.25);
        assertThat(r.get("cover").asDouble()).isEqualTo(0.875);
        assertThat(r.get("hal").asDouble()).isEqualTo(0.25);
    }

    @Test
    void chair_refuses_malformed_captions_with_file_line_and_field() throws Exception {
        Path c = tmp.resolve("c.jsonl");
        Map<String, String> cases = Map.of(
                "{\"caption\":\"A dog.\"}\n", "line 1: image_id is missing",
                "{\"image_id\":1,\"caption\":\"A dog.\"}\n{\"image_id\":1,\"caption\":\"A cat.\"}\n",
                "line 2: image_id 1 repeats line 1",
                "{\"image_id\":1,\"caption\":5}\n", "line 1: caption must be a string, was a number",
                "{\"image_id\":1.5,\"caption\":\"A dog.\"}\n", "line 1: image_id must be an integer or a string, was a number",
                "{\"image_id\":1,\"caption\":\"A dog.\"}\n{\"image_id\":2,\"caption\":\"A cat.\"\n",
                "line 2: the line is not valid JSON");
        for (Map.Entry<String, String> e : cases.entrySet()) {
            Files.writeString(c, e.getKey());
            assertThat(chair(c, INSTANCES)).as(e.getValue()).isEqualTo(1);
            assertThat(error()).isEqualTo("gw: " + c + " " + e.getValue() + System.lineSeparator());
        }
        Files.writeString(c, "{\"image_id\":1,\"caption\":\"A dog.\"}\n{\"image_id\":99,\"caption\":\"A cat.\"}\n");
        assertThat(chair(c, INSTANCES)).isEqualTo(1);
        assertThat(error()).startsWith("gw: " + INSTANCES + ": image_id 99 (captions line 2) has no annotations and is"
                + " not among the file's images; are the captions and the annotations of the same split?");
    }

    @Test
    void chair_refuses_malformed_annotations_with_line_and_column() throws Exception {
        Path c = tmp.resolve("c.jsonl");
        Files.writeString(c, "{\"image_id\":1,\"caption\":\"A dog.\"}\n");
        Path i = tmp.resolve("instances.json");
        Files.writeString(i, "{\"annotations\": [\n  {\"image_id\": 1, \"category_id\": 18},\n  {\"image_id\": 1,");
        assertThat(chair(c, i)).isEqualTo(1);
        assertThat(error()).startsWith("gw: " + i + " line 3 column ").contains(": not valid JSON").doesNotContain("Unexpected");
        Files.writeString(i, "{\"annotations\": [\n  {\"image_id\": 1}\n], \"categories\": []}");
        assertThat(chair(c, i)).isEqualTo(1);
        assertThat(error()).startsWith("gw: " + i + " line 2 column 3: annotations[0].category_id is missing");
        Files.writeString(i, "{\"annotations\": [{\"image_id\": 1, \"category_id\": 7}],\n"
                + " \"categories\": [{\"id\": 7, \"name\": \"unicorn\"}]}");
        assertThat(chair(c, i)).isEqualTo(1);
        assertThat(error()).contains("category 'unicorn' (id 7) is not an object class of the vocabulary");
        Files.writeString(i, "{\"annotations\": [{\"image_id\": 1, \"category_id\": 7}]}");
        assertThat(chair(c, i)).isEqualTo(1);
        assertThat(error()).startsWith("gw: " + i + ": no categories array");
    }

    @Test
    void suites_refuse_options_of_other_suites_and_name_what_they_need() {
        assertThat(run("eval", "score", "--suite", "chair", "--captions", CAPTIONS.toString(), "--out", "x")).isEqualTo(2);
        assertThat(error()).startsWith("gw: --suite chair needs --annotations FILE");
        assertThat(run("eval", "score", "--suite", "chair", "--questions", "q", "--out", "x")).isEqualTo(2);
        assertThat(error()).startsWith("gw: --questions is not an option of --suite chair");
        assertThat(run("eval", "score", "--suite", "pope", "--answers", "a", "--scenes", "3", "--out", "x")).isEqualTo(2);
        assertThat(error()).startsWith("gw: --scenes is not an option of --suite pope");
        assertThat(run("eval", "score", "--suite", "mme", "--out", "x")).isEqualTo(2);
        assertThat(error()).startsWith("gw: unknown suite 'mme' (pope, chair, world)");
    }

    @Test
    void world_scores_answers_to_its_items_and_warns_for_the_unanswered() throws Exception {
        List<Manifest.Item> items = World.generate(WorldData.config(3, 1, 7)).items();
        ObjectMapper json = new ObjectMapper();
        StringBuilder lines = new StringBuilder();
        for (Manifest.Item item : items.subList(0, items.size() - 1)) {
            lines.append(json.writeValueAsString(Map.of("question_id", item.id(), "answer",
                    item.responses().get(0).text()))).append('\n');
        }
        Path answers = tmp.resolve("answers.jsonl");
        Files.writeString(answers, lines);
        Path dir = tmp.resolve("world");
        assertThat(run("eval", "score", "--suite", "world", "--answers", answers.toString(), "--scenes", "3",
                "--held-out", "1", "--out", dir.toString())).as(error()).isZero();
        assertThat(output()).contains("warning: " + answers + ": 1 of the world's " + items.size()
                + " items have no answer and are not scored, e.g. " + items.get(items.size() - 1).id());
        JsonNode m = metrics(dir);
        assertThat(m.get("world").asText()).isEqualTo("synthetic world seed 7 with 4 scenes");
        assertThat(m.get("answered").asInt()).isEqualTo(items.size() - 1);
        assertThat(m.get("pope_accuracy_random").asDouble()).isEqualTo(1.0);
        assertThat(m.get("pope_accuracy_popular").asDouble()).isEqualTo(1.0);
        assertThat(m.get("chair_i").asDouble()).isZero();
        assertThat(m.get("cover").asDouble()).isEqualTo(1.0);
        assertThat(m.get("count_hallucination_rate").asDouble()).isZero();
        assertThat(Files.readAllLines(dir.resolve("samples.jsonl"))).hasSize(items.size() - 1)
                .first().asString().startsWith("{\"question_id\":\"" + items.get(0).id() + "\",\"category\":\"caption\"");
    }

    @Test
    void world_refuses_answers_that_are_not_its_items_or_repeat() throws Exception {
        String id = World.generate(WorldData.config(3, 1, 7)).items().get(1).id();
        Path a = tmp.resolve("a.jsonl");
        Map<String, String> cases = Map.of(
                "{\"question_id\":\"nope\",\"answer\":\"yes\"}\n",
                "line 1: question_id nope is not an item of the synthetic world seed 7 with 4 scenes",
                "{\"question_id\":\"" + id + "\",\"answer\":\"yes\"}\n{\"question_id\":\"" + id + "\",\"answer\":\"no\"}\n",
                "line 2: question_id " + id + " is answered twice (also line 1)",
                "{\"question_id\":\"" + id + "\"}\n", "line 1: answer is missing",
                "{\"answer\":\"yes\"}\n", "line 1: question_id is missing");
        for (Map.Entry<String, String> e : cases.entrySet()) {
            Files.writeString(a, e.getKey());
            assertThat(run("eval", "score", "--suite", "world", "--answers", a.toString(), "--scenes", "3", "--held-out",
                    "1", "--out", tmp.resolve("o").toString())).as(e.getValue()).isEqualTo(1);
            assertThat(error()).isEqualTo("gw: " + a + " " + e.getValue() + System.lineSeparator());
        }
    }
}
