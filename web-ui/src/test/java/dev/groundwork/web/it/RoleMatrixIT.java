package dev.groundwork.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every route and HTTP endpoint × {anonymous, annotator, reviewer, admin}, signed in through the
 * real Keycloak. Anonymous requests are sent to the login; signed-in users without the role are
 * refused by the server (403, or Vaadin's 404 that hides which views exist); the others get the page.
 */
class RoleMatrixIT {

    enum Access { LOGIN, ALLOWED, REFUSED }

    static Workbench workbench;

    @BeforeAll
    static void start() {
        workbench = Workbench.get();
    }

    @Test
    void every_route_and_endpoint_enforces_its_roles_on_the_server() {
        String sha = workbench.jdbc.queryForObject("select min(sha256) from image", String.class);
        // path -> roles allowed (empty set = any signed-in user)
        Map<String, Set<String>> rules = new LinkedHashMap<>();
        rules.put("/", Set.of());
        rules.put("/annotate", Set.of("annotator"));
        rules.put("/review", Set.of("reviewer", "admin"));
        rules.put("/reports", Set.of("reviewer", "admin"));
        rules.put("/training", Set.of("reviewer", "admin"));
        rules.put("/datasets", Set.of("admin"));
        rules.put("/audit", Set.of("admin"));
        rules.put("/critic", Set.of("admin"));
        rules.put("/jobs", Set.of("admin"));
        rules.put("/dead-letters", Set.of("admin"));
        rules.put("/images/" + sha, Set.of("annotator", "reviewer", "admin"));
        rules.put("/api/datasets/demo-world/export?format=native", Set.of("admin"));
        rules.put("/api/datasets/demo-world/export?format=trl", Set.of("admin"));
        // The public API with a browser session (bearer tokens: TrainerServiceAccountIT).
        rules.put("/api/v1/datasets", Set.of("annotator", "reviewer", "admin"));
        rules.put("/api/v1/datasets/demo-world", Set.of("annotator", "reviewer", "admin"));
        rules.put("/api/v1/datasets/demo-world/items?limit=2", Set.of("annotator", "reviewer", "admin"));
        rules.put("/api/v1/datasets/demo-world/items/0", Set.of("annotator", "reviewer", "admin"));
        rules.put("/api/v1/judgments?limit=2", Set.of("reviewer", "admin"));
        rules.put("/api/v1/swagger-ui/index.html", Set.of());

        Map<String, String[]> users = new LinkedHashMap<>();
        users.put("anonymous", null);
        users.put("annotator", new String[] {"annotator3", "annotator3"});
        users.put("reviewer", new String[] {"reviewer1", "reviewer1"});
        users.put("admin", new String[] {"admin", "admin"});

        List<String> failures = new ArrayList<>();
        List<String> table = new ArrayList<>();
        for (var user : users.entrySet()) {
            HttpSession session = new HttpSession(workbench.appUrl);
            if (user.getValue() != null) {
                session.login(user.getValue()[0], user.getValue()[1]);
            }
            for (var rule : rules.entrySet()) {
                Access expected = user.getValue() == null ? Access.LOGIN
                        : rule.getValue().isEmpty() || rule.getValue().contains(user.getKey()) ? Access.ALLOWED : Access.REFUSED;
                HttpResponse<String> response = session.get(rule.getKey());
                Access actual = classify(response);
                table.add(String.format("%-10s %-55s %d %s", user.getKey(), rule.getKey(), response.statusCode(), actual));
                if (actual != expected) {
                    failures.add(user.getKey() + " " + rule.getKey() + ": expected " + expected + ", got " + actual
                            + " (HTTP " + response.statusCode() + " " + response.headers().firstValue("Location").orElse("") + ")");
                }
            }
        }
        System.out.println("[role matrix]\n" + String.join("\n", table));
        assertThat(failures).isEmpty();
    }

    @Test
    void the_openapi_document_is_public_and_names_the_api_routes() throws java.io.IOException {
        HttpResponse<String> document = new HttpSession(workbench.appUrl).get("/api/v1/openapi.json");
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.body()).contains("\"/api/v1/datasets/{name}/items\"", "\"bearerFormat\":\"JWT\"");
    }

    @Test
    void an_admin_downloads_both_exports_as_zip_files_over_http() throws java.io.IOException {
        HttpSession admin = new HttpSession(workbench.appUrl).login("admin", "admin");
        for (String format : List.of("native", "trl")) {
            HttpResponse<byte[]> response = admin.getBytes("/api/datasets/demo-world/export?format=" + format + "&allowCritic=true");
            assertThat(response.statusCode()).as(format).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Disposition").orElse("")).contains("attachment");
            List<String> entries = new ArrayList<>();
            try (var zip = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(response.body()))) {
                for (var e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                    entries.add(e.getName());
                }
            }
            assertThat(entries).as(format).isNotEmpty();
            if (format.equals("native")) {
                assertThat(entries).anyMatch(n -> n.endsWith("manifest.jsonl")).anyMatch(n -> n.endsWith(".png"));
            }
        }
    }

    private static Access classify(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 302 || status == 303) {
            String location = response.headers().firstValue("Location").orElse("");
            return location.contains("/oauth2/authorization/keycloak") || location.contains("/protocol/openid-connect/auth")
                    ? Access.LOGIN : Access.REFUSED;
        }
        if (status == 401) {
            return Access.LOGIN;
        }
        if (status == 403 || status == 404) {
            return Access.REFUSED;
        }
        return status == 200 ? Access.ALLOWED : Access.REFUSED;
    }
}
