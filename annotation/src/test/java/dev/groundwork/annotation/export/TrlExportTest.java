package dev.groundwork.annotation.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.annotation.TestAnnotationApplication;
import dev.groundwork.annotation.agreement.AgreementService;
import dev.groundwork.annotation.assignment.AssignmentService;
import dev.groundwork.annotation.assignment.ComparisonService;
import dev.groundwork.annotation.assignment.PairingMode;
import dev.groundwork.annotation.judgment.JudgmentService;
import dev.groundwork.annotation.judgment.RecordJudgment;
import dev.groundwork.annotation.preference.PreferencePolicy;
import dev.groundwork.annotation.simulate.JudgmentSimulator;
import dev.groundwork.annotation.support.JudgedDataset;
import dev.groundwork.storage.dataset.DatasetImporter;
import dev.groundwork.storage.judgment.Verdict;
import dev.groundwork.storage.image.ImageInspector;
import dev.groundwork.storage.world.World;
import dev.groundwork.storage.world.WorldConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/** TRL export of aggregated pairs, read back from disk, and agreement on the same judgments. */
@SpringBootTest(classes = TestAnnotationApplication.class)
// A database of its own: the judgments it simulates would otherwise show in other classes' counts.
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:trl-export;DB_CLOSE_DELAY=-1")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrlExportTest {

    @Autowired DatasetImporter importer;
    @Autowired ComparisonService comparisons;
    @Autowired AssignmentService assignments;
    @Autowired JudgmentSimulator simulator;
    @Autowired JudgmentService judgments;
    @Autowired TrlExporter exporter;
    @Autowired AgreementService agreement;
    @Autowired JdbcTemplate jdbc;
    @Autowired ApplicationContext context;
    @TempDir static Path tmp;

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    void judgeAWorld() throws Exception {
        World.generate(WorldConfig.defaults(12, 21)).writeDataset(tmp.resolve("w"), "trl-world");
        importer.importDataset(tmp.resolve("w"), Optional.empty(), "test");
        comparisons.createForDataset("trl-world", PairingMode.FIRST_VS_REST, 3, "test");
        for (String s : List.of("ann-a", "ann-b", "ann-c")) {
            assignments.ensureAnnotator(s, s, "annotator");
        }
        assignments.assign("trl-world", List.of("ann-a", "ann-b", "ann-c"), 3, 9, "test");
        for (RecordJudgment c : simulator.humans("trl-world", 0.8, 1)) {
            judgments.record(c);
        }
        for (RecordJudgment c : simulator.critic("trl-world", "critic-1", 0.9, 1)) {
            judgments.record(c);
        }
    }

    @Test
    void plain_rows_hold_majority_pairs_with_image_paths_that_resolve() throws Exception {
        Path out = tmp.resolve("trl-plain");
        TrlExporter.Summary s = exporter.export("trl-world", out, PreferencePolicy.DEFAULT, TrlStyle.PLAIN, "test");
        List<String> lines = Files.readAllLines(out.resolve(TrlExporter.FILE_NAME));
        assertThat(lines).hasSize(s.pairs()).isNotEmpty();
        List<String> actual = new ArrayList<>();
        for (String line : lines) {
            JsonNode n = JSON.readTree(line);
            assertThat(fieldNames(n)).containsExactly("prompt", "chosen", "rejected", "images");
            assertThat(List.of(n.get("prompt"), n.get("chosen"), n.get("rejected"))).allMatch(JsonNode::isTextual);
            actual.add(n.get("prompt").asText() + "\u0000" + n.get("chosen").asText() + "\u0000" + n.get("rejected").asText());
            assertImagesResolve(out, n.get("images"));
        }
        assertThat(actual).containsExactlyInAnyOrderElementsOf(expectedHumanMajorityPairs());
        assertThat(s.images()).isPositive();
    }

    @Test
    void conversational_rows_are_the_default_and_have_the_published_shape_of_trls_vlm_examples() throws Exception {
        JsonNode published = JSON.readTree(TrlExportTest.class.getResource("/trl/rlaif-v_formatted-row.json"));
        Path out = tmp.resolve("trl-conversational");
        TrlExporter.Summary s = exporter.export("trl-world", out, PreferencePolicy.DEFAULT, "test");
        List<String> lines = Files.readAllLines(out.resolve(TrlExporter.FILE_NAME));
        assertThat(lines).hasSize(s.pairs()).isNotEmpty();
        List<String> actual = new ArrayList<>();
        for (String line : lines) {
            JsonNode n = JSON.readTree(line);
            assertThat(fieldNames(n)).containsExactly("prompt", "chosen", "rejected", "images");
            assertThat(shape(n)).as("the shape of the published row %s", published).isEqualTo(shape(published));

            JsonNode prompt = n.get("prompt");
            assertThat(prompt.size()).isEqualTo(1);
            assertThat(fieldNames(prompt.get(0))).containsExactly("role", "content");
            assertThat(prompt.get(0).get("role").asText()).isEqualTo("user");
            JsonNode content = prompt.get(0).get("content");
            List<JsonNode> imageParts = parts(content, "image");
            assertThat(imageParts).as("one image part per image").hasSize(n.get("images").size());
            assertThat(imageParts).allSatisfy(part -> assertThat(fieldNames(part)).containsExactly("type"));
            List<JsonNode> textParts = parts(content, "text");
            assertThat(textParts).singleElement()
                    .satisfies(part -> assertThat(fieldNames(part)).containsExactly("type", "text"));
            assertThat(content.get(content.size() - 1)).as("images before the text").isEqualTo(textParts.get(0));

            actual.add(textParts.get(0).get("text").asText() + "\u0000" + answer(n.get("chosen")) + "\u0000"
                    + answer(n.get("rejected")));
            assertImagesResolve(out, n.get("images"));
        }
        assertThat(actual).as("the texts are the item's prompt and the pair's answers")
                .containsExactlyInAnyOrderElementsOf(expectedHumanMajorityPairs());
    }

    @Test
    void the_published_row_has_the_shape_the_test_expects() throws Exception {
        // Guards the comparison above: the fixture is the conversational shape, not a plain row or an empty object.
        JsonNode published = JSON.readTree(TrlExportTest.class.getResource("/trl/rlaif-v_formatted-row.json"));
        JsonNode ours = TrlStyle.CONVERSATIONAL.row("how many families?",
                "The image shows a Union Organization table setup with 18,000 families.",
                "The image does not provide any information about families.", List.of("images/how-many-families.jpg"));
        assertThat(withoutNulls(published)).isEqualTo(withoutNulls(ours));
        assertThat(shape(TrlStyle.PLAIN.row("q", "a", "b", List.of("i.png")))).isNotEqualTo(shape(published));
    }

    /** Prompt, chosen and rejected of every comparison with a strict human majority, from the judgment table. */
    private List<String> expectedHumanMajorityPairs() {
        List<String> expected = new ArrayList<>();
        jdbc.query("""
                select c.id, i.prompt, ra.text as a_text, rb.text as b_text,
                       sum(case when j.verdict = 'A' then 1 else 0 end) as a_votes,
                       sum(case when j.verdict = 'B' then 1 else 0 end) as b_votes
                  from comparison c join item i on i.id = c.item_id
                  join dataset d on d.id = i.dataset_id and d.name = 'trl-world'
                  join response ra on ra.id = c.response_a_id join response rb on rb.id = c.response_b_id
                  join judgment j on j.comparison_id = c.id and j.judge_kind = 'HUMAN'
                 group by c.id, i.prompt, ra.text, rb.text""", rs -> {
            int a = rs.getInt("a_votes");
            int b = rs.getInt("b_votes");
            if (a != b) {
                String chosen = a > b ? rs.getString("a_text") : rs.getString("b_text");
                String rejected = a > b ? rs.getString("b_text") : rs.getString("a_text");
                expected.add(rs.getString("prompt") + "\u0000" + chosen + "\u0000" + rejected);
            }
        });
        return expected;
    }

    private static void assertImagesResolve(Path out, JsonNode images) throws Exception {
        assertThat(images.isArray()).isTrue();
        assertThat(images.size()).isEqualTo(1);
        String image = images.get(0).asText();
        assertThat(image).matches("images/[0-9a-f]{64}\\.png");
        byte[] bytes = Files.readAllBytes(out.resolve(image));
        assertThat(image).contains(ImageInspector.sha256(bytes));
    }

    /** The one assistant turn's one text part. */
    private static String answer(JsonNode turns) {
        assertThat(turns.size()).isEqualTo(1);
        JsonNode turn = turns.get(0);
        assertThat(fieldNames(turn)).containsExactly("role", "content");
        assertThat(turn.get("role").asText()).isEqualTo("assistant");
        assertThat(turn.get("content").size()).isEqualTo(1);
        JsonNode part = turn.get("content").get(0);
        assertThat(fieldNames(part)).containsExactly("type", "text");
        assertThat(part.get("type").asText()).isEqualTo("text");
        assertThat(part.get("text").isTextual()).isTrue();
        return part.get("text").asText();
    }

    private static List<JsonNode> parts(JsonNode content, String type) {
        List<JsonNode> found = new ArrayList<>();
        content.forEach(part -> {
            if (part.path("type").asText().equals(type)) {
                found.add(part);
            }
        });
        return found;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /**
     * A row's structure without its values: an object is its keys (in any order; a key whose value is null left out,
     * as Arrow adds {@code "text": null} to image parts) with their shapes, an array its elements' shapes, a string
     * "string", and the {@code type} and {@code role} values are kept.
     */
    private static Object shape(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> fields = new TreeMap<>();
            node.fields().forEachRemaining(e -> {
                if (!e.getValue().isNull()) {
                    boolean keep = e.getKey().equals("type") || e.getKey().equals("role");
                    fields.put(e.getKey(), keep ? e.getValue().asText() : shape(e.getValue()));
                }
            });
            return fields;
        }
        if (node.isArray()) {
            List<Object> elements = new ArrayList<>();
            node.forEach(e -> elements.add(shape(e)));
            return elements;
        }
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    /** The row as values, keys in any order and null-valued keys left out. */
    private static Object withoutNulls(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> fields = new TreeMap<>();
            node.fields().forEachRemaining(e -> {
                if (!e.getValue().isNull()) {
                    fields.put(e.getKey(), withoutNulls(e.getValue()));
                }
            });
            return fields;
        }
        if (node.isArray()) {
            List<Object> elements = new ArrayList<>();
            node.forEach(e -> elements.add(withoutNulls(e)));
            return elements;
        }
        return node.asText();
    }

    @Test
    void critic_only_pairs_appear_only_when_allowed() throws Exception {
        int humansOnly = exporter.export("trl-world", tmp.resolve("t1"), PreferencePolicy.DEFAULT, "test").pairs();
        int withCritic = exporter.export("trl-world", tmp.resolve("t2"), new PreferencePolicy(true), "test").pairs();
        assertThat(withCritic).isGreaterThanOrEqualTo(humansOnly);
    }

    @Test
    void agreement_is_reported_per_dataset_and_per_judge_pair() {
        AgreementService.Report r = agreement.forDataset("trl-world");
        assertThat(r.humanJudges()).isEqualTo(3);
        assertThat(r.krippendorffAlpha()).isPresent();
        // Simulated judges mostly agree on the same label everywhere, so chance agreement is high and
        // alpha is near zero (the kappa paradox); the value itself is checked against the published
        // examples in KrippendorffAlphaTest.
        assertThat(r.krippendorffAlpha().getAsDouble()).isBetween(-1.0, 1.0);
        assertThat(r.fleissKappa()).isPresent();
        assertThat(r.fleissComparisons()).isEqualTo(r.comparisons());
        assertThat(r.pairs()).hasSize(3 + 3);
        assertThat(r.pairs()).allSatisfy(p -> assertThat(p.comparisons()).isEqualTo(r.comparisons()));
    }

    @Test
    void a_corrected_verdict_changes_the_exported_pair() throws Exception {
        JudgedDataset data = JudgedDataset.create(JudgedDataset.Services.of(context), tmp.resolve("fix-w"), "trl-fix", 6,
                List.of("fix-a", "fix-b", "fix-c"));
        data.human(0, "fix-a", Verdict.A).human(0, "fix-b", Verdict.A).human(0, "fix-c", Verdict.B);
        Map<String, Object> row = jdbc.queryForMap("""
                select i.prompt, ra.text as a_text, rb.text as b_text from comparison c join item i on i.id = c.item_id
                join response ra on ra.id = c.response_a_id join response rb on rb.id = c.response_b_id where c.id = ?""",
                data.comparison(0));
        String prompt = (String) row.get("PROMPT");
        String a = (String) row.get("A_TEXT");
        String b = (String) row.get("B_TEXT");
        assertThat(exportedPair("trl-fix", "before")).containsExactly(prompt, a, b);
        data.correct(0, "fix-b", Verdict.B);
        assertThat(exportedPair("trl-fix", "after")).as("B has two of three votes now")
                .containsExactly(prompt, b, a);
        data.correct(0, "fix-b", Verdict.TIE);
        assertThat(exportedPair("trl-fix", "tie")).as("A 1, B 1, tie 1: no pair").isEmpty();
    }

    /** [prompt, chosen, rejected] of the dataset's only line in a fresh export, or empty when it has none. */
    private List<String> exportedPair(String dataset, String name) throws Exception {
        Path out = tmp.resolve("fix-" + name);
        exporter.export(dataset, out, PreferencePolicy.DEFAULT, TrlStyle.PLAIN, "test");
        List<String> lines = Files.readAllLines(out.resolve(TrlExporter.FILE_NAME));
        assertThat(lines.size()).isLessThanOrEqualTo(1);
        if (lines.isEmpty()) {
            return List.of();
        }
        JsonNode n = JSON.readTree(lines.get(0));
        return List.of(n.get("prompt").asText(), n.get("chosen").asText(), n.get("rejected").asText());
    }
}
