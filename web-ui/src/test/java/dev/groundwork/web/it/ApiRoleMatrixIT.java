package dev.groundwork.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.deploy.keycloak.KeycloakServer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every operation of the API × {anonymous, annotator, reviewer, admin, pipeline, judge, trainer}, with real tokens of
 * the real Keycloak (people by the password grant of {@code groundwork-cli}, services by the client-credentials grant),
 * against the table of who may call what ({@code ApiAccess}, docs/api.md). A bearer caller is allowed when the answer
 * is neither 401 nor 403 (a 404 for an id that does not exist still proves the rules let it through; a 5xx fails);
 * an anonymous caller gets 401 problem+json everywhere but the public OpenAPI document. The table and the served
 * OpenAPI document must name the same operations.
 */
class ApiRoleMatrixIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CALLERS = List.of("anonymous", "annotator", "reviewer", "admin", "pipeline", "judge", "trainer");
    private static final Set<String> PEOPLE_AND_PIPELINE = Set.of("annotator", "reviewer", "admin", "pipeline");
    private static final Set<String> WRITERS = Set.of("admin", "pipeline");
    private static final Set<String> REVIEWERS = Set.of("reviewer", "admin");

    /** Who may call each documented operation ("METHOD path"); anonymous callers never. */
    static final Map<String, Set<String>> TABLE = new LinkedHashMap<>();

    static {
        TABLE.put("GET /api/v1/datasets", PEOPLE_AND_PIPELINE);
        TABLE.put("POST /api/v1/datasets", WRITERS);
        TABLE.put("GET /api/v1/imports", WRITERS);
        TABLE.put("GET /api/v1/imports/{id}", WRITERS);
        TABLE.put("GET /api/v1/datasets/{name}", PEOPLE_AND_PIPELINE);
        TABLE.put("GET /api/v1/datasets/{name}/export", WRITERS);
        TABLE.put("GET /api/v1/datasets/{name}/items", PEOPLE_AND_PIPELINE);
        TABLE.put("GET /api/v1/datasets/{name}/items/{position}", PEOPLE_AND_PIPELINE);
        TABLE.put("GET /api/v1/datasets/{name}/items/{position}/answers", PEOPLE_AND_PIPELINE);
        TABLE.put("POST /api/v1/datasets/{name}/answers", WRITERS);
        TABLE.put("GET /api/v1/datasets/{name}/comparisons", Set.of("reviewer", "admin", "pipeline"));
        TABLE.put("POST /api/v1/datasets/{name}/comparisons", WRITERS);
        TABLE.put("POST /api/v1/datasets/{name}/assignments", WRITERS);
        TABLE.put("GET /api/v1/datasets/{name}/agreement", REVIEWERS);
        TABLE.put("GET /api/v1/datasets/{name}/preferences", WRITERS);
        TABLE.put("GET /api/v1/images/{sha256}", Set.of("annotator", "reviewer", "admin", "pipeline", "trainer"));
        TABLE.put("GET /api/v1/judgments", REVIEWERS);
        TABLE.put("POST /api/v1/judgments", Set.of("judge"));
        TABLE.put("GET /api/v1/training/runs", REVIEWERS);
        TABLE.put("GET /api/v1/training/runs/{id}", REVIEWERS);
        TABLE.put("GET /api/v1/training/runs/{id}/checkpoints", REVIEWERS);
        TABLE.put("GET /api/v1/reports", REVIEWERS);
        TABLE.put("GET /api/v1/reports/{key}", REVIEWERS);
    }

    /** Routes that are not API operations and so not in the document: who may call them, anonymous callers included. */
    static final Map<String, Set<String>> OUTSIDE_THE_DOCUMENT = new LinkedHashMap<>();

    static {
        OUTSIDE_THE_DOCUMENT.put("GET /api/v1/openapi.json", Set.copyOf(CALLERS));
        OUTSIDE_THE_DOCUMENT.put("GET /api/v1/swagger-ui/index.html", Set.copyOf(CALLERS.subList(1, CALLERS.size())));
        OUTSIDE_THE_DOCUMENT.put("GET /api/v1/no-such-route", Set.of());
        OUTSIDE_THE_DOCUMENT.put("POST /api/v1/no-such-route", Set.of());
    }

    static Workbench workbench;
    static Map<String, String> authorization;
    static String sha256;

    @BeforeAll
    static void start() {
        workbench = Workbench.get();
        Tokens tokens = new Tokens(workbench.keycloak.issuerUri());
        var config = workbench.keycloak.config();
        authorization = new LinkedHashMap<>();
        authorization.put("annotator", "Bearer " + tokens.password("annotator1", "annotator1"));
        authorization.put("reviewer", "Bearer " + tokens.password("reviewer1", "reviewer1"));
        authorization.put("admin", "Bearer " + tokens.password("admin", "admin"));
        authorization.put("pipeline", "Bearer " + tokens.clientCredentials(KeycloakServer.PIPELINE_CLIENT_ID, config.pipelineClientSecret()));
        authorization.put("judge", "Bearer " + tokens.clientCredentials(KeycloakServer.JUDGE_CLIENT_ID, config.judgeClientSecret()));
        authorization.put("trainer", "Bearer " + tokens.clientCredentials(KeycloakServer.TRAINER_CLIENT_ID, config.trainerClientSecret()));
        sha256 = workbench.jdbc.queryForObject("select min(sha256) from image", String.class);
    }

    @Test
    void every_operation_of_the_table_answers_each_caller_as_the_table_says() throws Exception {
        Set<String> documented = documentedOperations();
        Map<String, Set<String>> all = new LinkedHashMap<>(TABLE);
        all.putAll(OUTSIDE_THE_DOCUMENT);
        List<String> failures = new ArrayList<>();
        List<String> matrix = new ArrayList<>();
        matrix.add(String.format("%-55s %-4s %s", "operation", "doc", String.join(" ", CALLERS.stream()
                .map(c -> String.format("%-9s", c)).toList())));
        for (var row : all.entrySet()) {
            StringBuilder line = new StringBuilder(String.format("%-55s %-4s", row.getKey(),
                    TABLE.containsKey(row.getKey()) ? (documented.contains(row.getKey()) ? "yes" : "NO") : "-"));
            for (String caller : CALLERS) {
                HttpResponse<String> response = call(row.getKey(), authorization.get(caller));
                boolean allowed = row.getValue().contains(caller);
                String verdict = verdict(caller, allowed, response);
                line.append(String.format(" %-9s", response.statusCode() + (verdict.isEmpty() ? "" : "!")));
                if (!verdict.isEmpty()) {
                    failures.add(caller + " " + row.getKey() + ": " + verdict + " (HTTP " + response.statusCode() + " "
                            + response.body().lines().findFirst().orElse("") + ")");
                }
            }
            matrix.add(line.toString());
        }
        System.out.println("[api role matrix] HTTP status per caller; ! marks a cell against the table\n" + String.join("\n", matrix));
        assertThat(failures).isEmpty();
    }

    @Test
    void the_table_and_the_served_openapi_document_name_the_same_operations() throws Exception {
        Set<String> documented = documentedOperations();
        Set<String> withoutRow = new LinkedHashSet<>(documented);
        withoutRow.removeAll(TABLE.keySet());
        Set<String> notDocumented = new LinkedHashSet<>(TABLE.keySet());
        notDocumented.removeAll(documented);
        System.out.println("[api role matrix] documented without a row: " + withoutRow + "\n[api role matrix] rows not documented: "
                + notDocumented);
        assertThat(withoutRow).as("documented operations without a row in the table").isEmpty();
        assertThat(notDocumented).as("rows of the table that the OpenAPI document does not name").isEmpty();
    }

    /** What is wrong with the answer, or "" when it is as the table says. */
    private static String verdict(String caller, boolean allowed, HttpResponse<String> response) {
        int status = response.statusCode();
        String path = response.uri().getPath();
        boolean api = !path.startsWith("/api/v1/swagger-ui") && !path.equals("/api/v1/openapi.json");
        if (status >= 500) {
            return "server error";
        }
        if (caller.equals("anonymous")) {
            if (allowed) {
                return status == 200 ? "" : "expected the public document";
            }
            if (!api) {
                boolean toLogin = (status == 302 || status == 303)
                        && response.headers().firstValue("Location").orElse("").contains("/oauth2/authorization/keycloak");
                return toLogin ? "" : "expected the login";
            }
            if (status != 401) {
                return "expected 401";
            }
            return isProblem(response) && response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer")
                    ? "" : "expected problem+json with WWW-Authenticate: Bearer";
        }
        if (status == 401) {
            return "not authenticated";
        }
        if (allowed) {
            return status == 403 ? "refused" : "";
        }
        if (status != 403) {
            return "allowed";
        }
        return isProblem(response) ? "" : "expected problem+json";
    }

    private static boolean isProblem(HttpResponse<String> response) {
        return response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json");
    }

    private static HttpResponse<String> call(String operation, String authorization) throws Exception {
        String[] parts = operation.split(" ", 2);
        String path = parts[1].replace("{name}", "demo-world").replace("{position}", "0").replace("{sha256}", sha256)
                .replace("{id}", "1").replace("{key}", "1");
        if (path.endsWith("/export")) {
            path += "?format=native";
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(workbench.appUrl.resolve(path)).timeout(Duration.ofSeconds(60));
        if (parts[0].equals("POST")) {
            // an empty object: never valid, so the matrix creates nothing
            b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}"));
        } else {
            b.method(parts[0], HttpRequest.BodyPublishers.noBody());
        }
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return Tokens.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** "METHOD path" of every operation in the served OpenAPI document. */
    private static Set<String> documentedOperations() throws Exception {
        HttpResponse<String> response = call("GET /api/v1/openapi.json", null);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode paths = JSON.readTree(response.body()).path("paths");
        Set<String> operations = new LinkedHashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = paths.fields(); it.hasNext(); ) {
            var path = it.next();
            path.getValue().fieldNames().forEachRemaining(method -> {
                if (Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace").contains(method)) {
                    operations.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            });
        }
        return operations;
    }
}
