package dev.groundwork.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.annotation.judgment.JudgmentService;
import dev.groundwork.annotation.judgment.RecordJudgment;
import dev.groundwork.storage.judgment.JudgeKind;
import dev.groundwork.storage.judgment.Verdict;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The workbench's operations endpoints (docs/operations.md) on the real application: Actuator's liveness and readiness
 * probes and the Prometheus scrape answer without sign-in, the scrape carries Groundwork's meters, and nothing else of
 * Actuator is served.
 */
class OperationsIT {

    static Workbench workbench;
    static final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() {
        workbench = Workbench.get();
    }

    static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        URI uri = workbench.appUrl.resolve(path);
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void liveness_and_readiness_answer_up_to_anonymous_probes() throws Exception {
        for (String path : List.of("/actuator/health/liveness", "/actuator/health/readiness", "/actuator/health")) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).contains("\"status\":\"UP\"");
        }
    }

    @Test
    void the_prometheus_scrape_counts_judgments_and_reports_outbox_and_consumer_lag() throws Exception {
        double before = judgmentsRecorded(get("/actuator/prometheus").body());
        long comparison = workbench.jdbc.queryForObject("select min(id) from comparison", Long.class);
        JudgmentService judgments = workbench.web.getBean(JudgmentService.class);
        String key = "operations-it:" + UUID.randomUUID();
        RecordJudgment judgment = new RecordJudgment(comparison, JudgeKind.CRITIC, "operations-it", Verdict.A, 1, List.of(),
                null, null, key);
        judgments.record(judgment);
        judgments.record(judgment); // a replayed key records nothing, and counts nothing

        HttpResponse<String> scrape = get("/actuator/prometheus");
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        String body = scrape.body();
        assertThat(judgmentsRecorded(body)).isEqualTo(before + 1);
        assertThat(body).contains("groundwork_outbox_unpublished{").contains("groundwork_outbox_lag_seconds{")
                .containsPattern("groundwork_consumer_lag\\{[^}]*topic=\"groundwork.training-events.v1\"")
                .contains("service=\"web\"").contains("http_server_requests_seconds_bucket")
                .contains("groundwork_dead_letters_waiting{");
    }

    @Test
    void nothing_else_of_actuator_is_served() throws Exception {
        for (String path : List.of("/actuator/env", "/actuator/beans", "/actuator/configprops", "/actuator/heapdump",
                "/actuator/metrics")) {
            assertThat(get(path).statusCode()).as(path).isNotEqualTo(200);
        }
    }

    @Test
    void the_critic_service_answers_on_its_ops_port_and_logs_json() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        URI ops = URI.create("http://localhost:" + Workbench.CRITIC_OPS_PORT);
        assertThat(client.send(HttpRequest.newBuilder(ops.resolve("/health/live")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        HttpResponse<String> ready = client.send(HttpRequest.newBuilder(ops.resolve("/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).contains("\"critic-workers\":\"UP\"").contains("\"database\":\"UP\"");
        String metrics = client.send(HttpRequest.newBuilder(ops.resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        // The critic judged the demo before the suite began: its judgments, their latency and its lag are there.
        assertThat(metrics)
                .containsPattern("groundwork_judgments_recorded_total\\{judge=\"CRITIC\",service=\"critic\"} [1-9]")
                .containsPattern("groundwork_critic_latency_seconds_count\\{critic=\"[a-z-]+\",outcome=\"judged\","
                        + "service=\"critic\"} [1-9]")
                .containsPattern("groundwork_consumer_lag\\{group=\"groundwork-critic\",service=\"critic\","
                        + "topic=\"groundwork.critic-requests.v1\",worker=\"[^\"]+\"} 0\\.0");
        // GW_LOG_FORMAT=json: logback's JsonEncoder (the critic jar logs with the trainer's logback.xml), one JSON object
        // per line, beside the service's own console lines.
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(workbench.dir.resolve("logs/critic.log"))) {
            if (line.startsWith("{")) {
                events.add(json.readTree(line));
            }
        }
        assertThat(events).isNotEmpty().allSatisfy(e -> {
            assertThat(e.path("timestamp").asLong()).isPositive();
            assertThat(e.path("level").asText()).isNotEmpty();
            assertThat(e.path("loggerName").asText()).isNotEmpty();
            assertThat(e.path("formattedMessage").isTextual()).isTrue();
        });
        assertThat(events).anySatisfy(e -> assertThat(e.path("formattedMessage").asText())
                .startsWith("critic worker ").contains("joins group groundwork-critic"));
    }

    private static double judgmentsRecorded(String scrape) {
        Matcher m = Pattern.compile("(?m)^groundwork_judgments_recorded_total\\{[^}]*judge=\"CRITIC\"[^}]*} (\\S+)$")
                .matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
