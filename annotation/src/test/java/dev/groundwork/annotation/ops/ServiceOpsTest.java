package dev.groundwork.annotation.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ServiceOpsTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> send(ServiceOps ops, String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + ops.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void liveness_is_up_and_readiness_follows_its_checks() throws Exception {
        AtomicBoolean consumerUp = new AtomicBoolean(false);
        try (ServiceOps ops = ServiceOps.start("test", 0)) {
            ops.readiness("consumer", consumerUp::get).readiness("database", () -> true);
            assertThat(send(ops, "GET", "/health/live").statusCode()).isEqualTo(200);
            HttpResponse<String> down = send(ops, "GET", "/health/ready");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).isEqualTo("{\"status\":\"DOWN\",\"checks\":{\"consumer\":\"DOWN\",\"database\":\"UP\"}}\n");
            consumerUp.set(true);
            HttpResponse<String> up = send(ops, "GET", "/health/ready");
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(up.body()).startsWith("{\"status\":\"UP\"");
        }
    }

    @Test
    void a_check_that_throws_counts_as_down() throws Exception {
        try (ServiceOps ops = ServiceOps.start("test", 0)) {
            ops.readiness("broken", () -> {
                throw new IllegalStateException("no broker");
            });
            assertThat(send(ops, "GET", "/health/ready").statusCode()).isEqualTo(503);
        }
    }

    @Test
    void metrics_carry_the_global_registrys_meters_with_the_service_tag_until_closed() throws Exception {
        AtomicLong lag = new AtomicLong(42);
        try (Meters meters = new Meters(); ServiceOps ops = ServiceOps.start("trainer", 0)) {
            meters.gauge(Meters.CONSUMER_LAG, Tags.of("group", "g", "topic", "t"), "lag", lag::get);
            Metrics.counter(Meters.TRAINING_STEPS, "objective", "dpo").increment(3);
            HttpResponse<String> scrape = send(ops, "GET", "/metrics");
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
            assertThat(scrape.body())
                    .containsPattern("groundwork_consumer_lag\\{group=\"g\",service=\"trainer\",topic=\"t\"} 42(\\.0)?\\n")
                    .containsPattern("groundwork_training_steps_total\\{objective=\"dpo\",service=\"trainer\"} \\d")
                    .contains("jvm_memory_used_bytes");
            meters.close();
            assertThat(send(ops, "GET", "/metrics").body()).doesNotContain("groundwork_consumer_lag{");
        }
        assertThat(Metrics.globalRegistry.getRegistries()).noneMatch(r -> r.getClass().getSimpleName().startsWith("Prometheus"));
    }

    @Test
    void only_get_and_head_are_answered_and_unknown_paths_are_404() throws Exception {
        try (ServiceOps ops = ServiceOps.start("test", 0)) {
            assertThat(send(ops, "POST", "/health/live").statusCode()).isEqualTo(405);
            assertThat(send(ops, "HEAD", "/metrics").statusCode()).isEqualTo(200);
            HttpResponse<String> unknown = send(ops, "GET", "/actuator");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).contains("/health/live");
        }
    }

    @Test
    void a_reason_gives_its_code_as_a_tag() {
        assertThat(Meters.reasonTag("TIMEOUT: no answer in 30 s")).isEqualTo("TIMEOUT");
        assertThat(Meters.reasonTag("REJECTED_BY_WORKBENCH: response 3 is not in comparison 9")).isEqualTo("REJECTED_BY_WORKBENCH");
        assertThat(Meters.reasonTag("cannot process record: java.lang.NullPointerException")).isEqualTo("other");
        assertThat(Meters.reasonTag("unexpected event type X on t")).isEqualTo("other");
    }
}
