package dev.groundwork.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The API's request body limit and per-client rate limit on a real Tomcat: a body over {@code groundwork.api.max-body-size}
 * is refused 413 and a body without a length 411, before any handler (neither counts against the rate); the fourth
 * request of a client allowed three a minute is answered 429 with {@code Retry-After}.
 */
@SpringBootTest(classes = ApiSlice.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiLimitsTest {

    static final int MAX_BODY = 1024;
    static final int RATE = 3;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ApiSlice.properties(registry, Map.of("groundwork.api.max-body-size", MAX_BODY + "B",
                "groundwork.api.rate-limit", Integer.toString(RATE), "groundwork.api.rate-period", "1m"));
    }

    @LocalServerPort int port;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    }

    private JsonNode problem(HttpResponse<String> answer, int status) throws Exception {
        assertThat(answer.statusCode()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json.readTree(answer.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        return problem;
    }

    @Test
    @Order(1)
    void an_oversize_body_is_refused_with_413_before_it_is_read() throws Exception {
        String body = "{\"items\":\"" + "x".repeat(MAX_BODY) + "\"}";
        HttpResponse<String> answer = http.send(request(ApiPaths.V1 + "/judgments")
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(problem(answer, 413).path("detail").asText())
                .isEqualTo("the request body has " + body.length() + " bytes; the API takes at most " + MAX_BODY);
    }

    @Test
    @Order(2)
    void a_body_of_unannounced_length_is_refused_with_411() throws Exception {
        HttpResponse<String> answer = http.send(request(ApiPaths.V1 + "/judgments")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream("{}".getBytes())))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(problem(answer, 411).path("detail").asText()).contains("Content-Length");
    }

    @Test
    @Order(3)
    void a_burst_past_the_rate_is_answered_429_with_retry_after() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        HttpResponse<String> last = null;
        for (int i = 0; i <= RATE; i++) {
            last = http.send(request(ApiPaths.V1 + "/datasets").GET().build(), HttpResponse.BodyHandlers.ofString());
            statuses.add(last.statusCode());
        }
        assertThat(statuses).containsExactly(200, 200, 200, 429);
        JsonNode problem = problem(last, 429);
        long retryAfter = Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 60L);
        assertThat(problem.path("detail").asText()).isEqualTo("more than 3 requests in 60000 ms; retry after " + retryAfter + " s");
    }
}
