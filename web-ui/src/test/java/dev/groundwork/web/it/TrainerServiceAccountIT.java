package dev.groundwork.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.deploy.keycloak.KeycloakServer;
import dev.groundwork.trainer.image.DirectoryImageSource;
import dev.groundwork.trainer.image.HttpImageSource;
import dev.groundwork.trainer.image.ImageResolution;
import dev.groundwork.trainer.image.ImageResolver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The trainer's service account ({@code groundwork-trainer}, client-credentials grant at the real Keycloak) reads
 * images from the workbench with a bearer token, and that token opens nothing else: no view, no export.
 */
class TrainerServiceAccountIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();

    static Workbench workbench;

    @BeforeAll
    static void start() {
        workbench = Workbench.get();
    }

    @Test
    void the_trainer_resolves_a_workbench_image_over_http_with_its_service_account_and_gets_the_stored_bytes() throws IOException {
        String sha = workbench.jdbc.queryForObject("select min(sha256) from image", String.class);
        byte[] stored = new DirectoryImageSource(workbench.dir.resolve("images")).fetch(sha).orElseThrow();
        ImageResolver resolver = new ImageResolver(HttpImageSource.create(workbench.appUrl, workbench.keycloak.issuerUri(),
                KeycloakServer.TRAINER_CLIENT_ID, workbench.keycloak.config().trainerClientSecret(),
                Duration.ofSeconds(10), Duration.ofSeconds(30), Clock.systemUTC()));

        ImageResolution r = resolver.resolve(sha, "groundwork:image/sha256/" + sha);

        assertThat(r).isInstanceOfSatisfying(ImageResolution.Resolved.class, resolved -> {
            assertThat(resolved.bytes()).isEqualTo(stored);
            assertThat(resolved.picture().width()).isPositive();
        });
        String unknown = "0".repeat(64);
        assertThat(resolver.resolve(unknown, "groundwork:image/sha256/" + unknown))
                .isInstanceOfSatisfying(ImageResolution.Refused.class,
                        refused -> assertThat(refused.problem()).isEqualTo(ImageResolution.Problem.UNKNOWN));
    }

    @Test
    void the_trainer_token_carries_the_trainer_role_and_opens_the_image_endpoint_only() throws Exception {
        String token = trainerToken();
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertThat(claims.path("iss").asText()).isEqualTo(workbench.keycloak.issuerUri().toString());
        assertThat(claims.path("azp").asText()).isEqualTo(KeycloakServer.TRAINER_CLIENT_ID);
        List<String> roles = new ArrayList<>();
        claims.path("realm_access").path("roles").forEach(n -> roles.add(n.asText()));
        assertThat(roles).contains(KeycloakServer.TRAINER_ROLE).doesNotContain("annotator", "reviewer", "admin");

        String sha = workbench.jdbc.queryForObject("select min(sha256) from image", String.class);
        HttpResponse<byte[]> image = get("/images/" + sha, "Bearer " + token);
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(image.headers().firstValue("Content-Type").orElse("")).startsWith("image/");
        assertThat(image.headers().firstValue("Set-Cookie")).as("stateless: no session for a bearer request").isEmpty();
        assertThat(get("/images/" + "0".repeat(64), "Bearer " + token).statusCode()).isEqualTo(404);

        Map<String, Integer> others = new LinkedHashMap<>();
        for (String path : List.of("/", "/annotate", "/review", "/datasets", "/audit",
                "/api/datasets/demo-world/export?format=native", "/api/datasets/demo-world/export?format=trl",
                "/api/v1/datasets", "/api/v1/datasets/demo-world", "/api/v1/datasets/demo-world/items",
                "/api/v1/datasets/demo-world/items/0", "/api/v1/judgments")) {
            others.put(path, get(path, "Bearer " + token).statusCode());
        }
        System.out.println("[trainer token] " + others);
        assertThat(others).allSatisfy((path, status) -> assertThat(status).as(path).isIn(401, 403));
    }

    @Test
    void a_forged_or_missing_bearer_token_gets_no_image_and_browsers_are_still_sent_to_the_login() throws Exception {
        String sha = workbench.jdbc.queryForObject("select min(sha256) from image", String.class);
        String token = trainerToken();
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();

        assertThat(get("/images/" + sha, "Bearer " + forged).statusCode()).isEqualTo(401);
        assertThat(get("/images/" + sha, "Bearer not-a-jwt").statusCode()).isEqualTo(401);
        HttpResponse<byte[]> anonymous = get("/images/" + sha, null);
        assertThat(anonymous.statusCode()).isIn(302, 303);
        assertThat(anonymous.headers().firstValue("Location").orElse("")).contains("/oauth2/authorization/keycloak");
        // the web client's secret is no way in for a service: groundwork-web has no service account
        assertThat(tokenResponse(KeycloakServer.CLIENT_ID, workbench.keycloak.config().clientSecret()).statusCode()).isNotEqualTo(200);
    }

    private static String trainerToken() throws Exception {
        HttpResponse<String> r = tokenResponse(KeycloakServer.TRAINER_CLIENT_ID, workbench.keycloak.config().trainerClientSecret());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("access_token").asText();
    }

    private static HttpResponse<String> tokenResponse(String clientId, String secret) throws Exception {
        URI endpoint = URI.create(workbench.keycloak.issuerUri() + "/protocol/openid-connect/token");
        String body = "grant_type=client_credentials&client_id=" + clientId + "&client_secret=" + secret;
        return HTTP.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> get(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(workbench.appUrl.resolve(path)).timeout(Duration.ofSeconds(30)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
