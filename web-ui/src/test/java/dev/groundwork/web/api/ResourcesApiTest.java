package dev.groundwork.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.annotation.assignment.AssignmentService;
import dev.groundwork.annotation.export.TrlExporter;
import dev.groundwork.annotation.judgment.JudgmentService;
import dev.groundwork.annotation.judgment.RecordJudgment;
import dev.groundwork.annotation.judgment.RecordedJudgment;
import dev.groundwork.annotation.preference.PreferencePolicy;
import dev.groundwork.annotation.export.TrlStyle;
import dev.groundwork.storage.audit.AuditLogRepository;
import dev.groundwork.storage.dataset.DatasetImporter;
import dev.groundwork.storage.dataset.ResponseRepository;
import dev.groundwork.storage.image.ImageStore;
import dev.groundwork.storage.judgment.JudgeKind;
import dev.groundwork.storage.judgment.Verdict;
import dev.groundwork.storage.world.World;
import dev.groundwork.storage.world.WorldConfig;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The resources a pipeline drives over real HTTP, as the lead's walkthrough does: push answers, create, list and
 * assign comparisons, pull the TRL preference stream and fetch its images, download the export. Who calls is named by
 * {@link JudgmentsApiTest.Caller}'s header, as Spring Security would name a bearer's caller.
 */
@SpringBootTest(classes = {ApiSlice.class, JudgmentsApiTest.Caller.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResourcesApiTest {

    static final String PIPELINE = "groundwork-pipeline";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ApiSlice.properties(registry, Map.of("groundwork.api.rate-limit", "100000",
                "groundwork.storage.max-response-chars", "2000"));
    }

    @LocalServerPort int port;
    @Autowired DatasetImporter importer;
    @Autowired ResponseRepository responses;
    @Autowired AuditLogRepository audit;
    @Autowired AssignmentService assignments;
    @Autowired JudgmentService judgments;
    @Autowired TrlExporter trl;
    @Autowired ImageStore images;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private Path dir;

    @BeforeAll
    void datasets(@TempDir Path dir) throws Exception {
        this.dir = dir;
        for (String name : new String[] {"pushed", "flow", "errors"}) {
            World.generate(WorldConfig.defaults(3, 5)).writeDataset(dir.resolve(name), name);
            importer.importDataset(dir.resolve(name), Optional.empty(), "test");
        }
        for (String user : new String[] {"annotator1", "annotator2", "annotator3"}) {
            assignments.ensureAnnotator("sub-" + user, user, user, "annotator");
        }
    }

    private HttpResponse<String> send(String method, String path, String body, Optional<String> key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + ApiPaths.V1 + path))
                .header(JudgmentsApiTest.CALLER, PIPELINE);
        if (method.equals("GET")) {
            request.GET();
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        key.ifPresent(k -> request.header(IdempotencyFilter.HEADER, k));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return send("POST", path, body, Optional.empty());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, "", Optional.empty());
    }

    /** Every item of a list, page by page through its cursors. */
    private List<JsonNode> pages(String path) throws Exception {
        return Pages.walk(this::get, path).items();
    }

    private JsonNode problem(HttpResponse<String> answer, int status, String field) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(answer.body());
        assertThat(problem.path("field").asText()).as(answer.body()).isEqualTo(field);
        return problem;
    }

    private static String answer(int item, String model, String text) {
        return "{\"item\":" + item + ",\"model\":\"" + model + "\",\"checkpoint\":\"step-10\",\"text\":\"" + text + "\"}";
    }

    @Test
    void pushed_answers_follow_the_item_s_own_and_list_in_pages_with_an_audit_entry() throws Exception {
        int before = json.readTree(get("/datasets/pushed/items/1").body()).path("responses").asInt();
        HttpResponse<String> pushed = post("/datasets/pushed/answers", "{\"answers\":[" + answer(1, "team-vlm", "A red circle.")
                + "," + answer(1, "team-vlm-2", "Two squares.").replace("}", ",\"external_id\":\"mine-7\"}") + "]}");
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);
        JsonNode added = json.readTree(pushed.body()).path("answers");
        assertThat(added).hasSize(2);
        assertThat(added.get(0).path("item").asInt()).isEqualTo(1);
        assertThat(added.get(0).path("position").asInt()).isEqualTo(before);
        assertThat(added.get(0).path("external_id").asText()).isEqualTo("team-vlm#" + before);
        assertThat(added.get(1).path("position").asInt()).isEqualTo(before + 1);
        assertThat(added.get(1).path("external_id").asText()).isEqualTo("mine-7");
        assertThat(audit.findByActionOrderByOccurredAt("answers.create")).anyMatch(e -> e.getActor().equals(PIPELINE)
                && e.getTarget().equals("pushed") && e.getDetail().equals("2 answers by team-vlm, team-vlm-2"));

        List<JsonNode> listed = pages("/datasets/pushed/items/1/answers?limit=1");
        assertThat(listed).hasSize(before + 2);
        JsonNode last = listed.get(listed.size() - 1);
        assertThat(last.path("model").asText()).isEqualTo("team-vlm-2");
        assertThat(last.path("checkpoint").asText()).isEqualTo("step-10");
        assertThat(last.path("text").asText()).isEqualTo("Two squares.");
        assertThat(last.path("external_id").asText()).isEqualTo("mine-7");
        problem(get("/datasets/pushed/items/99/answers"), 404, "");
    }

    @Test
    void a_bad_answer_is_refused_naming_its_field_and_stores_none_of_the_request() throws Exception {
        long stored = responses.count();
        String ok = answer(0, "m", "fine");
        problem(post("/datasets/errors/answers", "{\"answers\":[" + ok + "," + answer(99, "m", "x") + "]}"), 422, "answers[1].item");
        problem(post("/datasets/errors/answers", "{\"answers\":[" + ok + "," + answer(0, "m", "y".repeat(2001)) + "]}"), 422,
                "answers[1].text");
        String twice = ok.replace("}", ",\"external_id\":\"same\"}");
        problem(post("/datasets/errors/answers", "{\"answers\":[" + twice + "," + twice + "]}"), 422, "answers[1].external_id");
        problem(post("/datasets/errors/answers", "{\"answers\":[" + ok + ",{\"item\":0,\"text\":\"t\"}]}"), 400, "answers[1].model");
        problem(post("/datasets/errors/answers", "{\"answers\":[{\"item\":\"first\",\"model\":\"m\",\"text\":\"t\"}]}"), 400,
                "answers[0].item");
        problem(post("/datasets/errors/answers", "{}"), 400, "answers");
        problem(post("/datasets/errors/answers", "{\"answers\":[]}"), 422, "answers");
        assertThat(responses.count()).isEqualTo(stored);
        // an external id the item has already, from an earlier push
        assertThat(post("/datasets/errors/answers", "{\"answers\":[" + twice + "]}").statusCode()).isEqualTo(201);
        problem(post("/datasets/errors/answers", "{\"answers\":[" + twice + "]}"), 422, "answers[0].external_id");
        assertThat(responses.count()).isEqualTo(stored + 1);
        assertThat(post("/datasets/no-such/answers", "{\"answers\":[" + ok + "]}").statusCode()).isEqualTo(404);
    }

    @Test
    void a_retried_push_with_its_key_stores_the_answers_once() throws Exception {
        long stored = responses.count();
        Optional<String> key = Optional.of(UUID.randomUUID().toString());
        String body = "{\"answers\":[" + answer(2, "retry-model", "once") + "]}";
        HttpResponse<String> first = send("POST", "/datasets/errors/answers", body, key);
        HttpResponse<String> retry = send("POST", "/datasets/errors/answers", body, key);
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().firstValue(IdempotencyFilter.REPLAYED)).hasValue("true");
        assertThat(responses.count()).isEqualTo(stored + 1);
    }

    @Test
    void comparisons_are_listed_assigned_judged_and_pulled_as_the_rows_the_zip_export_writes() throws Exception {
        assertThat(post("/datasets/flow/answers", "{\"answers\":[" + answer(0, "team-vlm", "Pushed answer.") + "]}")
                .statusCode()).isEqualTo(201);
        assertThat(post("/datasets/flow/comparisons", "{\"pairing_mode\":\"FIRST_VS_REST\"}").statusCode()).isEqualTo(201);

        List<JsonNode> all = pages("/datasets/flow/comparisons?limit=4");
        assertThat(all).hasSizeGreaterThan(4);
        assertThat(all).allMatch(c -> c.path("judgments").asInt() == 0 && !c.path("resolved").asBoolean());
        JsonNode pushed = json.readTree(get("/datasets/flow/comparisons?model=team-vlm").body()).path("items");
        assertThat(pushed).hasSize(1);
        assertThat(pushed.get(0).path("item_position").asInt()).isZero();
        assertThat(pushed.get(0).path("answer_b").path("model").asText()).isEqualTo("team-vlm");
        assertThat(pushed.get(0).path("answer_b").path("checkpoint").asText()).isEqualTo("step-10");

        HttpResponse<String> assigned = post("/datasets/flow/assignments",
                "{\"annotators\":[\"annotator1\",\"annotator2\"],\"overlap_k\":2,\"seed\":3}");
        assertThat(assigned.statusCode()).as(assigned.body()).isEqualTo(201);
        JsonNode report = json.readTree(assigned.body());
        assertThat(report.path("created").asInt()).isEqualTo(2 * all.size());
        assertThat(report.path("overlap_k").asInt()).isEqualTo(2);
        assertThat(audit.findByActionOrderByOccurredAt("assignments.create"))
                .anyMatch(e -> e.getActor().equals(PIPELINE) && e.getTarget().equals("flow"));

        // annotator1 prefers A everywhere; annotator2 prefers B on the first and corrects it to A; the rest B
        long first = all.get(0).path("id").asLong();
        for (JsonNode c : all) {
            long id = c.path("id").asLong();
            judgments.record(new RecordJudgment(id, JudgeKind.HUMAN, "sub-annotator1", Verdict.A, 1, List.of(), null, null,
                    "t1-" + id));
            RecordedJudgment second = judgments.record(new RecordJudgment(id, JudgeKind.HUMAN, "sub-annotator2",
                    id == first ? Verdict.B : Verdict.TIE, 1, List.of(), null, null, "t2-" + id));
            if (id == first) {
                judgments.correct(second.judgmentId(), "sub-annotator2", Verdict.A, 1, "t3-" + id);
            }
        }
        JsonNode judged = json.readTree(get("/datasets/flow/comparisons?judged=true&limit=100").body()).path("items");
        assertThat(judged).hasSize(all.size());
        assertThat(judged.get(0).path("judgments").asInt()).isEqualTo(2);
        assertThat(json.readTree(get("/datasets/flow/comparisons?judged=false").body()).path("items")).isEmpty();

        JsonNode agreement = json.readTree(get("/datasets/flow/agreement").body());
        assertThat(agreement.path("dataset").asText()).isEqualTo("flow");
        assertThat(agreement.path("human_judges").asInt()).isEqualTo(2);
        assertThat(agreement.path("comparisons").asInt()).isEqualTo(all.size());
        assertThat(agreement.path("pairs")).hasSize(1);
        assertThat(agreement.path("pairs").get(0).path("comparisons").asInt()).isEqualTo(all.size());
        assertThat(agreement.has("krippendorff_alpha")).isTrue();
        assertThat(agreement.path("critics").isArray()).isTrue();
        assertThat(get("/datasets/no-such/agreement").statusCode()).isEqualTo(404);

        HttpResponse<String> stream = get("/datasets/flow/preferences");
        assertThat(stream.statusCode()).as(stream.body()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        List<JsonNode> rows = new ArrayList<>();
        for (String line : stream.body().split("\n")) {
            rows.add(json.readTree(line));
        }
        assertThat(rows).hasSize(all.size());

        Path exported = dir.resolve("flow-trl");
        trl.export("flow", exported, PreferencePolicy.DEFAULT, TrlStyle.CONVERSATIONAL, "test");
        List<String> zipLines = Files.readAllLines(exported.resolve(TrlExporter.FILE_NAME));
        assertThat(zipLines).hasSize(rows.size());
        String base = "http://localhost:" + port + ApiPaths.V1 + "/images/";
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            JsonNode written = json.readTree(zipLines.get(i));
            String url = row.path("images").get(0).asText();
            assertThat(url).startsWith(base);
            String sha = url.substring(base.length());
            assertThat(written.path("images").get(0).asText()).startsWith("images/" + sha + ".");
            ((com.fasterxml.jackson.databind.node.ObjectNode) written).set("images", row.path("images"));
            assertThat(row).isEqualTo(written);
            assertThat(row.path("prompt").get(0).path("role").asText()).isEqualTo("user");
            assertThat(row.path("chosen").get(0).path("role").asText()).isEqualTo("assistant");
        }
        // the corrected verdict counts as A, so both humans prefer A there
        assertThat(rows.get(0).path("chosen").get(0).path("content").get(0).path("text").asText())
                .isNotEqualTo("Pushed answer.");

        String url = rows.get(0).path("images").get(0).asText();
        HttpResponse<byte[]> image = http.send(HttpRequest.newBuilder(URI.create(url)).header(JudgmentsApiTest.CALLER, "trainer")
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(image.statusCode()).isEqualTo(200);
        String sha = url.substring(base.length());
        assertThat(image.body()).isEqualTo(images.read(sha).orElseThrow());
        assertThat(image.headers().firstValue("ETag")).hasValue("\"" + sha + "\"");
        assertThat(image.headers().firstValue("Content-Type").orElseThrow()).startsWith("image/");

        JsonNode plain = json.readTree(get("/datasets/flow/preferences?trl_style=plain").body().split("\n")[0]);
        assertThat(plain.path("prompt").isTextual()).isTrue();
        problem(get("/datasets/flow/preferences?trl_style=fancy"), 400, "trl_style");
        problem(get("/datasets/flow/preferences?allow_critic=maybe"), 400, "allow_critic");
        assertThat(get("/datasets/no-such/preferences").statusCode()).isEqualTo(404);
    }

    @Test
    void an_assignment_naming_an_unknown_annotator_or_too_few_is_refused_naming_the_field() throws Exception {
        post("/datasets/errors/comparisons", "{\"pairing_mode\":\"ALL_PAIRS\"}");
        problem(post("/datasets/errors/assignments", "{\"annotators\":[\"annotator1\",\"nobody\"],\"overlap_k\":1}"), 422,
                "annotators[1]");
        problem(post("/datasets/errors/assignments", "{\"annotators\":[\"annotator1\"],\"overlap_k\":2}"), 422, "overlap_k");
        problem(post("/datasets/errors/assignments", "{\"annotators\":[\"annotator1\"]}"), 400, "overlap_k");
        problem(post("/datasets/errors/assignments", "{\"annotators\":[\"annotator1\"],\"overlap_k\":1,\"comparisons\":["
                + Long.MAX_VALUE + "]}"), 422, "comparisons");
        problem(get("/datasets/errors/comparisons?judged=perhaps"), 400, "judged");
    }

    @Test
    void images_and_exports_answer_problems_for_bad_requests_and_the_zip_otherwise() throws Exception {
        problem(get("/images/not-a-hash"), 400, "sha256");
        problem(get("/images/" + "0".repeat(64)), 404, "");
        HttpResponse<byte[]> zip = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + ApiPaths.V1
                + "/datasets/pushed/export?format=native")).header(JudgmentsApiTest.CALLER, PIPELINE).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.headers().firstValue("Content-Type")).hasValue("application/zip");
        List<String> entries = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.add(e.getName());
            }
        }
        assertThat(entries).contains("pushed/manifest.jsonl");
        assertThat(audit.findByActionOrderByOccurredAt("dataset.export")).anyMatch(e -> e.getActor().equals(PIPELINE));
        problem(get("/datasets/pushed/export?format=csv"), 400, "format");
        problem(get("/datasets/pushed/export?format=trl&trl_style=x"), 400, "trl_style");
        assertThat(get("/datasets/no-such/export").statusCode()).isEqualTo(404);
    }
}
