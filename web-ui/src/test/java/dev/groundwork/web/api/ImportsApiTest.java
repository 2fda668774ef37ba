package dev.groundwork.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.storage.audit.AuditLogRepository;
import dev.groundwork.storage.dataset.DatasetRepository;
import dev.groundwork.storage.world.World;
import dev.groundwork.storage.world.WorldConfig;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Dataset uploads over real HTTP: the body is the file, the answer a job that is polled to its end, with the
 * importer's own errors when it fails; jobs are their owner's; a retry with the same Idempotency-Key is the same job.
 */
@SpringBootTest(classes = {ApiSlice.class, JudgmentsApiTest.Caller.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ImportsApiTest {

    static final String PIPELINE = "groundwork-pipeline";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ApiSlice.properties(registry, Map.of("groundwork.api.rate-limit", "100000",
                "groundwork.web.max-upload-bytes", "2000000"));
    }

    @LocalServerPort int port;
    @Autowired DatasetRepository datasets;
    @Autowired AuditLogRepository audit;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    /** A generated world's dataset folder as a zip. */
    static byte[] zip(Path dir, String name, String manifestSuffix) throws Exception {
        World.generate(WorldConfig.defaults(2, 3)).writeDataset(dir.resolve(name), name);
        if (!manifestSuffix.isEmpty()) {
            Files.writeString(dir.resolve(name).resolve("manifest.jsonl"), manifestSuffix, StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.APPEND);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes); Stream<Path> files = Files.walk(dir.resolve(name))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                z.putNextEntry(new ZipEntry(dir.resolve(name).relativize(f).toString().replace('\\', '/')));
                z.write(Files.readAllBytes(f));
                z.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private HttpResponse<String> upload(String caller, String query, byte[] body, String key) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://localhost:" + port + ApiPaths.V1 + "/datasets" + query))
                .header(JudgmentsApiTest.CALLER, caller).header("Content-Type", "application/zip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (key != null) {
            r.header(IdempotencyFilter.HEADER, key);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String caller, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header(JudgmentsApiTest.CALLER, caller).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls the job until it is no longer queued or running. */
    private JsonNode finished(String caller, String location) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            HttpResponse<String> r = get(caller, location);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode job = json.readTree(r.body());
            String status = job.path("status").asText();
            if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
                return job;
            }
            assertThat(System.nanoTime()).as("the job ends within 2 minutes").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void an_upload_answers_202_with_a_job_that_ends_with_the_dataset_stored_and_a_retry_is_the_same_job(@TempDir Path dir)
            throws Exception {
        byte[] body = zip(dir, "uploaded", "");
        HttpResponse<String> answer = upload(PIPELINE, "", body, "upload-1");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        JsonNode job = json.readTree(answer.body());
        String location = answer.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo(ApiPaths.V1 + "/imports/" + job.path("id").asText());
        assertThat(job.path("status").asText()).isIn("QUEUED", "RUNNING", "SUCCEEDED");

        JsonNode done = finished(PIPELINE, location);
        assertThat(done.path("status").asText()).as(done.toString()).isEqualTo("SUCCEEDED");
        assertThat(done.path("dataset").asText()).isEqualTo("uploaded");
        assertThat(done.path("summary").path("items").asInt()).isPositive();
        assertThat(done.path("errors")).isEmpty();
        assertThat(done.path("finished_at").isTextual()).isTrue();
        assertThat(datasets.findByName("uploaded")).isPresent();
        assertThat(audit.findAll()).anyMatch(a -> a.getActor().equals(PIPELINE) && "uploaded".equals(a.getTarget()));

        HttpResponse<String> retry = upload(PIPELINE, "", body, "upload-1");
        assertThat(retry.statusCode()).isEqualTo(202);
        assertThat(retry.headers().firstValue(IdempotencyFilter.REPLAYED)).hasValue("true");
        assertThat(json.readTree(retry.body()).path("id").asText()).isEqualTo(job.path("id").asText());

        // The job is its owner's: another pipeline does not see it, nor list it.
        assertThat(get("another-pipeline", location).statusCode()).isEqualTo(404);
        JsonNode mine = json.readTree(get(PIPELINE, ApiPaths.V1 + "/imports").body());
        JsonNode theirs = json.readTree(get("another-pipeline", ApiPaths.V1 + "/imports").body());
        List<String> ids = new ArrayList<>();
        mine.path("items").forEach(j -> ids.add(j.path("id").asText()));
        assertThat(ids).contains(job.path("id").asText());
        assertThat(theirs.path("items")).isEmpty();
    }

    @Test
    void a_refused_import_fails_its_job_with_the_importers_errors_and_stores_nothing(@TempDir Path dir) throws Exception {
        byte[] body = zip(dir, "refused", "{\"id\":\"extra\",\"image\":\"images/missing.png\",\"prompt\":\"p\","
                + "\"task\":\"CAPTION\",\"colour\":\"red\"}\n");
        HttpResponse<String> answer = upload(PIPELINE, "", body, null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        JsonNode done = finished(PIPELINE, answer.headers().firstValue("Location").orElseThrow());
        assertThat(done.path("status").asText()).isEqualTo("FAILED");
        List<String> messages = new ArrayList<>();
        done.path("errors").forEach(e -> messages.add(e.path("file").asText() + ":" + e.path("line").asInt() + ":"
                + e.path("field").asText() + ":" + e.path("message").asText()));
        assertThat(messages).as(done.toString()).anyMatch(m -> m.startsWith("manifest.jsonl:") && m.contains("colour"));
        assertThat(datasets.findByName("refused")).isEmpty();
    }

    @Test
    void a_bad_name_or_file_kind_is_refused_before_anything_is_queued(@TempDir Path dir) throws Exception {
        byte[] body = zip(dir, "named", "");
        HttpResponse<String> badName = upload(PIPELINE, "?name=..%2Fetc", body, null);
        assertThat(badName.statusCode()).as(badName.body()).isEqualTo(422);
        assertThat(json.readTree(badName.body()).path("field").asText()).isEqualTo("name");
        HttpResponse<String> badKind = upload(PIPELINE, "?filename=notes.txt", body, null);
        assertThat(badKind.statusCode()).as(badKind.body()).isEqualTo(422);
        assertThat(json.readTree(badKind.body()).path("field").asText()).isEqualTo("filename");
        HttpResponse<String> tooLarge = upload(PIPELINE, "", new byte[2_100_000], null);
        assertThat(tooLarge.statusCode()).as(tooLarge.body()).isEqualTo(413);
        assertThat(get(PIPELINE, ApiPaths.V1 + "/imports/no-such-job").statusCode()).isEqualTo(404);
    }
}
