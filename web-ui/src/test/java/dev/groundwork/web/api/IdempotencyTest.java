package dev.groundwork.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.storage.audit.AuditLogRepository;
import dev.groundwork.storage.dataset.DatasetImporter;
import dev.groundwork.storage.judgment.ComparisonRepository;
import dev.groundwork.storage.world.World;
import dev.groundwork.storage.world.WorldConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
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
 * POST /datasets/{name}/comparisons over real HTTP, with and without an Idempotency-Key: a retry with the key gets the
 * first answer and creates nothing (one audited create, one set of comparisons), the key with another body is a 422.
 * Each test on a dataset of its own.
 */
@SpringBootTest(classes = ApiSlice.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotencyTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ApiSlice.properties(registry, Map.of("groundwork.api.rate-limit", "100000"));
    }

    @LocalServerPort int port;
    @Autowired DatasetImporter importer;
    @Autowired ComparisonRepository comparisons;
    @Autowired AuditLogRepository audit;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    void importDatasets(@TempDir Path dir) throws Exception {
        for (String name : new String[] {"retried", "reused", "plain"}) {
            World.generate(WorldConfig.defaults(3, 7)).writeDataset(dir.resolve(name), name);
            importer.importDataset(dir.resolve(name), Optional.empty(), "test");
        }
    }

    private HttpResponse<String> post(String dataset, String body, Optional<String> key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + ApiPaths.V1 + "/datasets/" + dataset + "/comparisons"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        key.ifPresent(k -> request.header(IdempotencyFilter.HEADER, k));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private long creates(String dataset) {
        return audit.findByActionOrderByOccurredAt("comparisons.create").stream()
                .filter(e -> dataset.equals(e.getTarget())).count();
    }

    @Test
    void the_same_key_twice_creates_once_and_answers_the_same() throws Exception {
        Optional<String> key = Optional.of(UUID.randomUUID().toString());
        String body = "{\"pairing_mode\":\"ALL_PAIRS\",\"seed\":5}";
        HttpResponse<String> first = post("retried", body, key);
        assertThat(first.statusCode()).isEqualTo(201);
        int created = json.readTree(first.body()).path("created").asInt();
        assertThat(created).isPositive();
        assertThat(first.headers().firstValue(IdempotencyFilter.REPLAYED)).isEmpty();

        HttpResponse<String> retry = post("retried", body, key);
        assertThat(retry.statusCode()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().firstValue("Content-Type")).isEqualTo(first.headers().firstValue("Content-Type"));
        assertThat(retry.headers().firstValue(IdempotencyFilter.REPLAYED)).hasValue("true");
        assertThat(comparisons.countByDatasetName("retried")).isEqualTo(created);
        assertThat(creates("retried")).isEqualTo(1);
    }

    @Test
    void the_same_key_with_another_body_is_a_422_problem_and_creates_nothing() throws Exception {
        Optional<String> key = Optional.of(UUID.randomUUID().toString());
        assertThat(post("reused", "{\"pairing_mode\":\"FIRST_VS_REST\"}", key).statusCode()).isEqualTo(201);
        long stored = comparisons.countByDatasetName("reused");

        HttpResponse<String> reused = post("reused", "{\"pairing_mode\":\"ALL_PAIRS\"}", key);
        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(reused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(reused.body());
        assertThat(problem.path("detail").asText()).isEqualTo("Idempotency-Key reused with a different request");
        assertThat(problem.path("field").asText()).isEqualTo(IdempotencyFilter.HEADER);
        assertThat(comparisons.countByDatasetName("reused")).isEqualTo(stored);
        assertThat(creates("reused")).isEqualTo(1);
    }

    @Test
    void without_a_key_each_post_runs_and_pairs_that_exist_are_skipped() throws Exception {
        HttpResponse<String> first = post("plain", "{\"pairing_mode\":\"FIRST_VS_REST\",\"seed\":2}", Optional.empty());
        assertThat(first.statusCode()).isEqualTo(201);
        JsonNode created = json.readTree(first.body());
        assertThat(created.path("dataset").asText()).isEqualTo("plain");
        assertThat(created.path("pairing_mode").asText()).isEqualTo("FIRST_VS_REST");
        assertThat(created.path("seed").asLong()).isEqualTo(2);
        assertThat(created.path("created").asInt()).isPositive();
        HttpResponse<String> again = post("plain", "{\"pairing_mode\":\"FIRST_VS_REST\",\"seed\":2}", Optional.empty());
        assertThat(json.readTree(again.body()).path("created").asInt()).isZero();
        assertThat(creates("plain")).isEqualTo(2);
    }

    @Test
    void a_missing_or_unknown_pairing_mode_or_an_unknown_dataset_is_a_problem_naming_it() throws Exception {
        HttpResponse<String> missing = post("plain", "{\"seed\":1}", Optional.empty());
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(json.readTree(missing.body()).path("field").asText()).isEqualTo("pairing_mode");
        assertThat(json.readTree(missing.body()).path("detail").asText())
                .isEqualTo("pairing_mode: is required: one of ALL_PAIRS, FIRST_VS_REST");
        HttpResponse<String> unknown = post("plain", "{\"pairing_mode\":\"SOME\"}", Optional.empty());
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(json.readTree(unknown.body()).path("field").asText()).isEqualTo("pairing_mode");
        HttpResponse<String> noDataset = post("no-such", "{\"pairing_mode\":\"ALL_PAIRS\"}", Optional.empty());
        assertThat(noDataset.statusCode()).isEqualTo(404);
        assertThat(noDataset.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    void a_key_longer_than_200_characters_is_a_400_naming_the_header() throws Exception {
        HttpResponse<String> answer = post("plain", "{\"pairing_mode\":\"ALL_PAIRS\"}", Optional.of("k".repeat(201)));
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(json.readTree(answer.body()).path("field").asText()).isEqualTo(IdempotencyFilter.HEADER);
    }
}
