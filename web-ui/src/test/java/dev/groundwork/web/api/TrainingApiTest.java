package dev.groundwork.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.storage.training.Checkpoint;
import dev.groundwork.storage.training.CheckpointRepository;
import dev.groundwork.storage.training.ComparedCheckpoint;
import dev.groundwork.storage.training.EvaluationReport;
import dev.groundwork.storage.training.EvaluationReportRepository;
import dev.groundwork.storage.training.MetricPoint;
import dev.groundwork.storage.training.MetricPointRepository;
import dev.groundwork.storage.training.TrainingRun;
import dev.groundwork.storage.training.TrainingRunRepository;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Training runs, checkpoints and evaluation reports, read-only over real HTTP from what storage holds. */
@SpringBootTest(classes = ApiSlice.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrainingApiTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ApiSlice.properties(registry, Map.of("groundwork.api.rate-limit", "100000"));
    }

    @LocalServerPort int port;
    @Autowired TrainingRunRepository runs;
    @Autowired MetricPointRepository metrics;
    @Autowired CheckpointRepository checkpoints;
    @Autowired EvaluationReportRepository reports;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private final List<Long> runIds = new ArrayList<>();
    private final Instant t0 = Instant.parse("2026-11-01T10:00:00Z");

    @BeforeAll
    void runsAndReports() {
        for (int i = 0; i < 5; i++) {
            runIds.add(runs.save(new TrainingRun("dpo", "{}", i, "cpu", "test", t0.plusSeconds(i))).getId());
        }
        TrainingRun first = runs.findById(runIds.get(0)).orElseThrow();
        for (long step = 1; step <= 3; step++) {
            metrics.save(new MetricPoint(first, step, "loss", 1.0 / step, t0.plusSeconds(step)));
        }
        metrics.save(new MetricPoint(first, 2, "reward_margin", 0.5, t0.plusSeconds(2)));
        checkpoints.save(new Checkpoint(first, 20, "/ckpt/20", "{}", t0.plusSeconds(20)));
        checkpoints.save(new Checkpoint(first, 10, "/ckpt/10", "{}", t0.plusSeconds(10)).withJudges(
                java.util.List.of(new dev.groundwork.storage.training.CheckpointJudge("HUMAN", "alice", 3))));
        for (int i = 0; i < 3; i++) {
            reports.save(new EvaluationReport("eval-" + i, "pope", "Evaluation " + i, 10 + i, 1,
                    List.of(new ComparedCheckpoint("base", "/ckpt/10", "dpo", Map.of("accuracy", 0.8))),
                    new EvaluationReport.ReportFiles("r" + i + ".html", "r" + i + ".pdf", Optional.of("m.json"), Optional.empty()),
                    t0.plusSeconds(i % 2 == 0 ? 100 : 50), t0));
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + ApiPaths.V1 + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void runs_list_newest_first_in_pages_with_latest_metrics_and_checkpoints() throws Exception {
        Pages.Walked walked = Pages.walk(this::get, "/training/runs?limit=2");
        List<Long> listed = walked.items().stream().map(r -> r.path("id").asLong()).toList();
        List<Long> newestFirst = new ArrayList<>(runIds);
        java.util.Collections.reverse(newestFirst);
        assertThat(listed).isEqualTo(newestFirst);
        assertThat(walked.pages()).isEqualTo(3);
        JsonNode run = json.readTree(get("/training/runs/" + runIds.get(0)).body());
        assertThat(run.path("run").path("objective").asText()).isEqualTo("dpo");
        assertThat(run.path("run").path("status").asText()).isEqualTo("RUNNING");
        JsonNode latest = run.path("latest_metrics");
        assertThat(latest).hasSize(2);
        assertThat(latest.get(0).path("name").asText()).isEqualTo("loss");
        assertThat(latest.get(0).path("step").asLong()).isEqualTo(3);
        assertThat(latest.get(1).path("name").asText()).isEqualTo("reward_margin");
        JsonNode saved = json.readTree(get("/training/runs/" + runIds.get(0) + "/checkpoints").body());
        assertThat(saved).hasSize(2);
        assertThat(saved.get(0).path("step").asLong()).isEqualTo(10);
        assertThat(saved.get(1).path("path").asText()).isEqualTo("/ckpt/20");
        assertThat(saved.get(0).path("judges").get(0).path("judge_kind").asText()).isEqualTo("HUMAN");
        assertThat(saved.get(0).path("judges").get(0).path("judge_id").asText()).isEqualTo("alice");
        assertThat(saved.get(0).path("judges").get(0).path("pairs").asLong()).isEqualTo(3);
        assertThat(saved.get(1).path("judges")).isEmpty();
        assertThat(get("/training/runs/" + Long.MAX_VALUE).statusCode()).isEqualTo(404);
        assertThat(get("/training/runs/" + Long.MAX_VALUE + "/checkpoints").statusCode()).isEqualTo(404);
        HttpResponse<String> badId = get("/training/runs/first");
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(json.readTree(badId.body()).path("field").asText()).isEqualTo("id");
    }

    @Test
    void reports_list_newest_first_in_pages_and_one_reads_by_key() throws Exception {
        List<String> keys = Pages.walk(this::get, "/reports?limit=1").items().stream().map(r -> r.path("key").asText()).toList();
        assertThat(keys).containsExactly("eval-2", "eval-0", "eval-1");
        JsonNode report = json.readTree(get("/reports/eval-1").body());
        assertThat(report.path("title").asText()).isEqualTo("Evaluation 1");
        assertThat(report.path("items").asInt()).isEqualTo(11);
        assertThat(report.path("occurred_at").asText()).isEqualTo(t0.plusSeconds(50).toString());
        assertThat(report.path("checkpoints").get(0).path("headline").path("accuracy").asDouble()).isEqualTo(0.8);
        assertThat(report.path("files").path("report_html_uri").asText()).isEqualTo("r1.html");
        assertThat(get("/reports/no-such").statusCode()).isEqualTo(404);
        HttpResponse<String> bad = get("/reports?cursor=" + CursorPage.encode("yesterday|3"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json.readTree(bad.body()).path("field").asText()).isEqualTo("cursor");
    }
}
