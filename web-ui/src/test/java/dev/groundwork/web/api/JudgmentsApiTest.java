package dev.groundwork.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.annotation.assignment.ComparisonService;
import dev.groundwork.annotation.assignment.PairingMode;
import dev.groundwork.storage.audit.AuditLogRepository;
import dev.groundwork.storage.dataset.DatasetImporter;
import dev.groundwork.storage.dataset.DatasetRepository;
import dev.groundwork.storage.judgment.ComparisonRepository;
import dev.groundwork.storage.judgment.JudgmentRepository;
import dev.groundwork.storage.outbox.OutboxEventRepository;
import dev.groundwork.storage.world.World;
import dev.groundwork.storage.world.WorldConfig;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * POST and GET /api/v1/judgments over real HTTP, through the real judgment service, outbox and audit trail. Who calls
 * is what Spring Security would have put in the security context: here a filter in the test's place of Spring
 * Security's chain names the caller from {@value #CALLER} (the bearer path itself, azp as the name, is checked against
 * the real Keycloak by the ITs).
 */
@SpringBootTest(classes = {ApiSlice.class, JudgmentsApiTest.Caller.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JudgmentsApiTest {

    static final String CALLER = "X-Test-Caller";
    static final String DATASET = "judged";

    @TestConfiguration
    static class Caller {
        @Bean
        FilterRegistrationBean<Filter> testCaller() {
            FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
                Optional.ofNullable(((HttpServletRequest) request).getHeader(CALLER)).ifPresent(name ->
                        SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken(name, "", "ROLE_judge")));
                try {
                    chain.doFilter(request, response);
                } finally {
                    SecurityContextHolder.clearContext();
                }
            });
            registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER);
            return registration;
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ApiSlice.properties(registry, Map.of("groundwork.api.rate-limit", "100000"));
    }

    @LocalServerPort int port;
    @Autowired DatasetImporter importer;
    @Autowired DatasetRepository datasets;
    @Autowired ComparisonService comparisonService;
    @Autowired ComparisonRepository comparisons;
    @Autowired JudgmentRepository judgments;
    @Autowired OutboxEventRepository outbox;
    @Autowired AuditLogRepository audit;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private List<Long> comparisonIds;

    @BeforeAll
    void judgeableComparisons(@TempDir Path dir) throws Exception {
        World.generate(WorldConfig.defaults(3, 11)).writeDataset(dir.resolve("w"), DATASET);
        importer.importDataset(dir.resolve("w"), Optional.empty(), "test");
        comparisonService.createForDataset(DATASET, PairingMode.FIRST_VS_REST, 1, "test");
        comparisonIds = comparisons.findByDataset(datasets.findByName(DATASET).orElseThrow()).stream()
                .map(c -> c.getId()).sorted().toList();
        assertThat(comparisonIds).hasSizeGreaterThan(6);
    }

    private HttpResponse<String> post(String caller, String body, Optional<String> key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + ApiPaths.V1 + "/judgments"))
                .header("Content-Type", "application/json").header(CALLER, caller)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        key.ifPresent(k -> request.header(IdempotencyFilter.HEADER, k));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String query) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + ApiPaths.V1 + "/judgments?" + query))
                .header(CALLER, "a-reviewer").GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String verdictOn(long comparisonId, String verdict) {
        return "{\"comparison_id\":" + comparisonId + ",\"verdict\":\"" + verdict + "\",\"rationale\":\"looked\"}";
    }

    @Test
    void a_posted_judgment_is_a_critic_judgment_of_the_caller_with_its_event_and_audit_entry() throws Exception {
        long events = outbox.count();
        HttpResponse<String> answer = post("groundwork-judge", verdictOn(comparisonIds.get(0), "A"), Optional.empty());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        JsonNode judgment = json.readTree(answer.body());
        assertThat(judgment.path("judge_kind").asText()).isEqualTo("CRITIC");
        assertThat(judgment.path("judge").asText()).isEqualTo("groundwork-judge");
        assertThat(judgment.path("comparison_id").asLong()).isEqualTo(comparisonIds.get(0));
        assertThat(judgment.path("dataset").asText()).isEqualTo(DATASET);
        assertThat(judgment.path("verdict").asText()).isEqualTo("A");
        assertThat(judgment.path("rationale").asText()).isEqualTo("looked");
        assertThat(outbox.count()).isEqualTo(events + 1);
        assertThat(audit.findByActionOrderByOccurredAt("judgment.record")).anyMatch(e -> e.getActor().equals("groundwork-judge")
                && e.getTarget().equals("comparison " + comparisonIds.get(0)));
    }

    @Test
    void a_retry_with_the_same_key_records_one_judgment_and_another_caller_s_key_is_its_own() throws Exception {
        String key = UUID.randomUUID().toString();
        String body = verdictOn(comparisonIds.get(1), "B");
        HttpResponse<String> first = post("judge-one", body, Optional.of(key));
        HttpResponse<String> retry = post("judge-one", body, Optional.of(key));
        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().firstValue(IdempotencyFilter.REPLAYED)).hasValue("true");
        HttpResponse<String> other = post("judge-two", body, Optional.of(key));
        assertThat(other.statusCode()).isEqualTo(201);
        assertThat(json.readTree(other.body()).path("id").asLong()).isNotEqualTo(json.readTree(first.body()).path("id").asLong());
        assertThat(judgments.findAll()).filteredOn(j -> j.getComparison().getId().equals(comparisonIds.get(1)))
                .extracting(j -> j.getJudgeId()).containsExactlyInAnyOrder("judge-one", "judge-two");
    }

    @Test
    void judgments_list_by_dataset_kind_judge_and_since_in_pages() throws Exception {
        Instant before = Instant.now();
        for (int i = 2; i < 7; i++) {
            assertThat(post("lister", verdictOn(comparisonIds.get(i), "TIE"), Optional.empty()).statusCode()).isEqualTo(201);
        }
        List<Long> seen = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            HttpResponse<String> page = get("judge=lister&judge_kind=CRITIC&dataset=" + DATASET + "&limit=2"
                    + (next == null ? "" : "&cursor=" + next));
            assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
            JsonNode body = json.readTree(page.body());
            body.path("items").forEach(j -> {
                assertThat(j.path("judge").asText()).isEqualTo("lister");
                seen.add(j.path("comparison_id").asLong());
            });
            next = body.path("next_cursor").isNull() ? null : body.path("next_cursor").asText();
            pages++;
        } while (next != null);
        assertThat(seen).isEqualTo(comparisonIds.subList(2, 7));
        assertThat(pages).isEqualTo(3);
        String since = URLEncoder.encode(before.toString(), StandardCharsets.UTF_8);
        assertThat(json.readTree(get("since=" + since + "&judge=lister").body()).path("items")).hasSize(5);
        String later = URLEncoder.encode(Instant.now().plusSeconds(60).toString(), StandardCharsets.UTF_8);
        assertThat(json.readTree(get("since=" + later).body()).path("items")).isEmpty();
        assertThat(json.readTree(get("judge_kind=HUMAN").body()).path("items")).isEmpty();
        assertThat(json.readTree(get("dataset=no-such&judge=lister").body()).path("items")).isEmpty();
    }

    @Test
    void a_bad_judgment_or_filter_is_a_problem_naming_its_field_or_reason() throws Exception {
        HttpResponse<String> noComparison = post("groundwork-judge", "{\"verdict\":\"A\"}", Optional.empty());
        assertThat(noComparison.statusCode()).isEqualTo(400);
        assertThat(json.readTree(noComparison.body()).path("field").asText()).isEqualTo("comparison_id");
        HttpResponse<String> badVerdict = post("groundwork-judge", "{\"comparison_id\":1,\"verdict\":\"C\"}", Optional.empty());
        assertThat(json.readTree(badVerdict.body()).path("field").asText()).isEqualTo("verdict");
        HttpResponse<String> unknown = post("groundwork-judge", verdictOn(Long.MAX_VALUE, "A"), Optional.empty());
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(json.readTree(unknown.body()).path("detail").asText()).isEqualTo("no comparison with id " + Long.MAX_VALUE);
        HttpResponse<String> badKind = get("judge_kind=ROBOT");
        assertThat(badKind.statusCode()).isEqualTo(400);
        assertThat(json.readTree(badKind.body()).path("field").asText()).isEqualTo("judge_kind");
        HttpResponse<String> badSince = get("since=yesterday");
        assertThat(badSince.statusCode()).isEqualTo(400);
        assertThat(json.readTree(badSince.body()).path("field").asText()).isEqualTo("since");
        assertThat(badSince.body()).doesNotContain("java.", "Exception");
    }
}
