package dev.groundwork.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.storage.dataset.DatasetImporter;
import dev.groundwork.storage.training.EvaluationReport;
import dev.groundwork.storage.training.EvaluationReportRepository;
import dev.groundwork.storage.training.TrainingRun;
import dev.groundwork.storage.training.TrainingRunRepository;
import dev.groundwork.storage.world.World;
import dev.groundwork.storage.world.WorldConfig;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The OpenAPI document as served, parsed and validated by swagger-parser: every documented route answers (neither 404
 * nor 405) and every {@code /api/v1} route the dispatcher knows is documented; lists page with cursors; errors are
 * problem+json.
 */
@SpringBootTest(classes = ApiSlice.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiContractTest {

    static final String DATASET = "api-world";

    /** Springdoc's own routes: the document itself and the Swagger UI's entry, not parts of the API. */
    static final Set<String> SPRINGDOC = Set.of(ApiPaths.OPENAPI, ApiPaths.OPENAPI + "/swagger-config",
            ApiPaths.OPENAPI + ".yaml", ApiPaths.SWAGGER_UI);

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ApiSlice.properties(registry, Map.of("groundwork.api.rate-limit", "100000"));
    }

    @LocalServerPort int port;
    @Autowired DatasetImporter importer;
    @Autowired TrainingRunRepository runs;
    @Autowired EvaluationReportRepository reports;
    @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings;

    private int items;
    private String imageSha256;
    private long runId;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    void importADataset(@TempDir Path dir) throws Exception {
        World.generate(WorldConfig.defaults(4, 13)).writeDataset(dir.resolve("w"), DATASET);
        items = importer.importDataset(dir.resolve("w"), Optional.empty(), "test").items();
        assertThat(items).isGreaterThan(10);
        runId = runs.save(new TrainingRun("dpo", "{}", 1, "cpu", "test", Instant.now())).getId();
        reports.save(new EvaluationReport("eval-1", "pope", "An evaluation", 3, 1, List.of(),
                new EvaluationReport.ReportFiles("r.html", "r.pdf", Optional.empty(), Optional.empty()), Instant.now(),
                Instant.now()));
        imageSha256 = json.readTree(get(ApiPaths.V1 + "/datasets/" + DATASET + "/items/0").body()).path("image_sha256").asText();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private OpenAPI document() throws Exception {
        HttpResponse<String> served = get(ApiPaths.OPENAPI);
        assertThat(served.statusCode()).isEqualTo(200);
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIParser().readContents(served.body(), null, options);
        assertThat(parsed.getMessages()).isEmpty();
        assertThat(parsed.getOpenAPI()).isNotNull();
        return parsed.getOpenAPI();
    }

    /** "GET /api/v1/datasets/{name}" for each documented operation. */
    private Set<String> documented(OpenAPI api) {
        Set<String> routes = new TreeSet<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().keySet()
                .forEach(method -> routes.add(method.name() + " " + path)));
        return routes;
    }

    @Test
    void the_document_validates_and_lists_every_api_route_the_dispatcher_answers() throws Exception {
        OpenAPI api = document();
        assertThat(api.getInfo().getTitle()).isEqualTo("Groundwork API");
        assertThat(api.getComponents().getSecuritySchemes()).containsKey(ApiDocumentation.BEARER);

        Set<String> handled = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().stream()
                .filter(ApiPaths::isApi).filter(p -> !SPRINGDOC.contains(p))
                .forEach(p -> info.getMethodsCondition().getMethods().forEach(m -> handled.add(m.name() + " " + p))));
        assertThat(handled).isNotEmpty();
        assertThat(documented(api)).isEqualTo(handled);
    }

    @Test
    void every_post_documents_the_idempotency_key_header() throws Exception {
        List<String> posts = new ArrayList<>();
        document().getPaths().forEach((path, item) -> Optional.ofNullable(item.getPost()).ifPresent(post -> {
            posts.add(path);
            assertThat(post.getParameters()).as(path)
                    .anyMatch(p -> p.getIn().equals("header") && p.getName().equals(IdempotencyFilter.HEADER));
        }));
        assertThat(posts).isNotEmpty();
    }

    /** The id of a real import job (of a file that is refused: the route only needs a job to exist). */
    private String importJob() throws Exception {
        HttpResponse<String> queued = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + ApiPaths.V1
                + "/datasets?filename=empty.jsonl")).POST(HttpRequest.BodyPublishers.ofString("")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(queued.body()).path("id").asText();
    }

    @Test
    void every_documented_route_answers() throws Exception {
        List<String> unanswered = new ArrayList<>();
        String importId = importJob();
        for (String route : documented(document())) {
            String[] parts = route.split(" ", 2);
            String path = parts[1].replace("/imports/{id}", "/imports/" + importId).replace("{name}", DATASET).replace("{position}", "0").replace("{sha256}", imageSha256)
                    .replace("{id}", Long.toString(runId)).replace("{key}", "eval-1");
            assertThat(path).doesNotContain("{");
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
            request = parts[0].equals(PathItem.HttpMethod.GET.name()) ? request.GET()
                    : request.method(parts[0], HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json");
            int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 404 || status == 405) {
                unanswered.add(route + " → " + status);
            }
        }
        assertThat(unanswered).isEmpty();
    }

    @Test
    void the_swagger_ui_is_served_and_reads_the_document() throws Exception {
        HttpResponse<String> welcome = get(ApiPaths.SWAGGER_UI);
        assertThat(welcome.statusCode()).isEqualTo(302);
        String location = welcome.headers().firstValue("Location").orElseThrow();
        System.out.println("[swagger ui] " + ApiPaths.SWAGGER_UI + " -> " + location);
        HttpResponse<String> page = get(URI.create(location).getPath());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui");
        HttpResponse<String> config = get(ApiPaths.OPENAPI + "/swagger-config");
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body()).contains(ApiPaths.OPENAPI).contains("\"validatorUrl\":\"none\"");
    }

    @Test
    void the_items_of_a_dataset_page_by_cursor_to_the_end() throws Exception {
        List<Integer> positions = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            HttpResponse<String> page = get(ApiPaths.V1 + "/datasets/" + DATASET + "/items?limit=10"
                    + (next == null ? "" : "&cursor=" + next));
            assertThat(page.statusCode()).isEqualTo(200);
            JsonNode body = json.readTree(page.body());
            body.path("items").forEach(i -> positions.add(i.path("position").asInt()));
            assertThat(body.has("next_cursor")).isTrue();
            next = body.path("next_cursor").isNull() ? null : body.path("next_cursor").asText();
            pages++;
        } while (next != null);
        assertThat(positions).isEqualTo(IntStream.range(0, items).boxed().toList());
        assertThat(pages).isEqualTo((items + 9) / 10);
    }

    @Test
    void a_dataset_and_an_item_are_read_by_name_and_position() throws Exception {
        JsonNode dataset = json.readTree(get(ApiPaths.V1 + "/datasets/" + DATASET).body());
        assertThat(dataset.path("name").asText()).isEqualTo(DATASET);
        assertThat(dataset.path("items").asInt()).isEqualTo(items);
        JsonNode list = json.readTree(get(ApiPaths.V1 + "/datasets").body());
        assertThat(list.path("items").get(0).path("name").asText()).isEqualTo(DATASET);
        assertThat(list.path("next_cursor").isNull()).isTrue();
        JsonNode item = json.readTree(get(ApiPaths.V1 + "/datasets/" + DATASET + "/items/4").body());
        assertThat(item.path("position").asInt()).isEqualTo(4);
        assertThat(item.path("image_sha256").asText()).hasSize(64);
    }

    @Test
    void a_missing_dataset_or_item_is_a_404_problem() throws Exception {
        HttpResponse<String> dataset = get(ApiPaths.V1 + "/datasets/no-such-dataset");
        assertThat(dataset.statusCode()).isEqualTo(404);
        assertThat(dataset.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json.readTree(dataset.body()).path("detail").asText()).contains("no-such-dataset");
        HttpResponse<String> item = get(ApiPaths.V1 + "/datasets/" + DATASET + "/items/" + items);
        assertThat(item.statusCode()).isEqualTo(404);
        assertThat(json.readTree(item.body()).path("detail").asText())
                .isEqualTo("dataset '" + DATASET + "' has no item at position " + items);
    }

    @Test
    void a_bad_cursor_or_limit_is_a_400_problem_naming_the_parameter() throws Exception {
        for (String[] query : new String[][] {{"cursor=***", "cursor"}, {"cursor=bm9wZQ", "cursor"}, {"limit=0", "limit"},
                {"limit=100000", "limit"}, {"limit=many", "limit"}}) {
            HttpResponse<String> answer = get(ApiPaths.V1 + "/datasets/" + DATASET + "/items?" + query[0]);
            assertThat(answer.statusCode()).as(query[0]).isEqualTo(400);
            assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode problem = json.readTree(answer.body());
            assertThat(problem.path("field").asText()).as(query[0]).isEqualTo(query[1]);
            assertThat(answer.body()).doesNotContain("java.", "Exception");
        }
    }
}
