package dev.groundwork.web.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Content-Security-Policy on every kind of response of the real workbench (pages, Vaadin's
 * resources, endpoints, redirects to the login, errors), enforced by the browser and seen by the
 * browser tests' console check; and a real 404 for unknown pages.
 */
class SecurityHeadersIT {

    static Workbench workbench;

    @BeforeAll
    static void start() {
        workbench = Workbench.get();
    }

    /** Directive name to its sources. */
    static Map<String, List<String>> directives(String policy) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String directive : policy.split(";")) {
            List<String> words = Arrays.stream(directive.strip().split("\\s+")).filter(w -> !w.isEmpty()).toList();
            if (!words.isEmpty()) {
                out.put(words.get(0), words.subList(1, words.size()));
            }
        }
        return out;
    }

    private static void assertStrictPolicy(String path, HttpResponse<?> response) {
        String policy = response.headers().firstValue("Content-Security-Policy").orElse(null);
        assertThat(policy).as("Content-Security-Policy of %s (HTTP %d)", path, response.statusCode()).isNotNull();
        Map<String, List<String>> d = directives(policy);
        assertThat(d.get("object-src")).as(path).containsExactly("'none'");
        assertThat(d.get("frame-ancestors")).as(path).containsExactly("'none'");
        assertThat(d.get("default-src")).as(path).containsExactly("'self'");
        // No wildcard source, no scheme-wide source such as https: or http:, and data: only for images and fonts.
        d.forEach((name, sources) -> {
            assertThat(sources).as("%s of %s", name, path).noneMatch(s -> s.contains("*"))
                    .noneMatch(s -> s.equals("http:") || s.equals("https:"));
            if (!name.equals("img-src") && !name.equals("font-src")) {
                assertThat(sources).as("%s of %s", name, path).doesNotContain("data:", "blob:");
            }
        });
        // The 'unsafe-…' sources are the three Vaadin needs (documented in deploy/README.md), nothing more.
        assertThat(d.get("script-src")).as(path).containsExactlyInAnyOrder("'self'", "'unsafe-inline'", "'unsafe-eval'");
        assertThat(d.get("style-src")).as(path).containsExactlyInAnyOrder("'self'", "'unsafe-inline'");
        d.forEach((name, sources) -> {
            if (!name.equals("script-src") && !name.equals("style-src")) {
                assertThat(sources).as("%s of %s", name, path).noneMatch(s -> s.startsWith("'unsafe-"));
            }
        });
    }

    @Test
    void every_response_carries_the_policy_with_no_wildcard_no_plugins_and_no_framing() {
        String sha = workbench.jdbc.queryForObject("select min(sha256) from image", String.class);
        HttpSession anonymous = new HttpSession(workbench.appUrl);
        for (String path : List.of("/", "/review", "/VAADIN/", "/no-such-page")) {
            assertStrictPolicy("anonymous " + path, anonymous.get(path));
        }
        HttpSession admin = new HttpSession(workbench.appUrl).login("admin", "admin");
        for (String path : List.of("/", "/review", "/datasets", "/audit", "/critic", "/reports", "/images/" + sha,
                "/api/datasets/demo-world/export?format=native", "/no-such-page", "/images/not-a-hash")) {
            assertStrictPolicy("admin " + path, admin.get(path));
        }
    }

    @Test
    void the_browser_enforces_the_policy_and_closing_it_fails_on_the_violation_in_its_console() {
        Browser browser = new Browser(workbench.appUrl);
        try {
            browser.login("/review", "reviewer1", "reviewer1");
            browser.waitFor(By.id("review-queue"));
            assertThat(browser.cspViolations()).isEmpty();
            // An image from another origin, as injected markup would load it: the policy refuses it.
            browser.js("const i = document.createElement('img'); i.id = 'foreign'; i.src = 'https://example.invalid/x.png';"
                    + " document.body.appendChild(i);");
            new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(d -> !browser.cspViolations().isEmpty());
            assertThat(browser.cspViolations()).anyMatch(m -> m.contains("example.invalid") && m.contains("img-src"));
        } finally {
            assertThatThrownBy(browser::close).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("Content-Security-Policy violations").hasMessageContaining("example.invalid");
        }
    }

    @Test
    void swagger_ui_renders_the_api_document_in_chromium_under_the_policy_without_a_violation() {
        try (Browser browser = new Browser(workbench.appUrl)) {
            browser.login("/api/v1/docs", "admin", "admin");
            // Swagger UI draws one block per operation once it has fetched and parsed /api/v1/openapi.json.
            new WebDriverWait(browser.driver, Duration.ofSeconds(60))
                    .until(d -> !d.findElements(By.cssSelector(".opblock")).isEmpty());
            assertThat(browser.driver.findElements(By.cssSelector(".opblock-summary-path")))
                    .extracting(e -> e.getAttribute("data-path")).contains("/api/v1/datasets/{name}/items");
            browser.screenshot("swagger-ui");
            assertThat(browser.cspViolations()).isEmpty();
        }
    }

    @Test
    void an_unknown_page_answers_404_and_a_known_one_200() {
        HttpSession reviewer = new HttpSession(workbench.appUrl).login("reviewer1", "reviewer1");
        assertThat(reviewer.get("/no-such-page").statusCode()).isEqualTo(404);
        assertThat(reviewer.get("/review/").statusCode()).isEqualTo(200);
        assertThat(reviewer.get("/review").statusCode()).isEqualTo(200);
        assertThat(reviewer.get("/").statusCode()).isEqualTo(200);
        assertThat(reviewer.get("/review/no/such/sub/page").statusCode()).isEqualTo(404);
    }
}
