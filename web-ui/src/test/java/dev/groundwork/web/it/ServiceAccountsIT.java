package dev.groundwork.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.deploy.keycloak.KeycloakServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API's callers with real tokens of the real Keycloak: the pipeline's and the external judge's service accounts
 * (client-credentials grant) carry their own role only and the audience {@value KeycloakServer#API_AUDIENCE}; a
 * person's script gets a token of the public client {@code groundwork-cli} with their role; a token without the
 * audience, an anonymous caller and a forged token are refused 401 as problem+json.
 */
class ServiceAccountsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> GROUNDWORK_ROLES = Set.of("annotator", "reviewer", "admin", "trainer", "pipeline", "judge");

    static Workbench workbench;
    static Tokens tokens;

    @BeforeAll
    static void start() {
        workbench = Workbench.get();
        tokens = new Tokens(workbench.keycloak.issuerUri());
    }

    @Test
    void the_pipeline_and_judge_service_accounts_get_tokens_with_their_own_role_only_and_the_api_audience() {
        var config = workbench.keycloak.config();
        assertServiceToken(tokens.clientCredentials(KeycloakServer.PIPELINE_CLIENT_ID, config.pipelineClientSecret()),
                KeycloakServer.PIPELINE_CLIENT_ID, KeycloakServer.PIPELINE_ROLE);
        assertServiceToken(tokens.clientCredentials(KeycloakServer.JUDGE_CLIENT_ID, config.judgeClientSecret()),
                KeycloakServer.JUDGE_CLIENT_ID, KeycloakServer.JUDGE_ROLE);
        assertServiceToken(tokens.clientCredentials(KeycloakServer.TRAINER_CLIENT_ID, config.trainerClientSecret()),
                KeycloakServer.TRAINER_CLIENT_ID, KeycloakServer.TRAINER_ROLE);
        // another client's secret is no way in
        assertThat(tokens.request(Tokens.form("grant_type", "client_credentials", "client_id", KeycloakServer.JUDGE_CLIENT_ID,
                "client_secret", config.pipelineClientSecret())).statusCode()).isEqualTo(401);
    }

    private static void assertServiceToken(String token, String clientId, String role) {
        JsonNode claims = Tokens.claims(token);
        System.out.println("[" + clientId + "] aud " + claims.path("aud") + ", roles " + Tokens.realmRoles(claims));
        assertThat(claims.path("iss").asText()).isEqualTo(workbench.keycloak.issuerUri().toString());
        assertThat(claims.path("azp").asText()).isEqualTo(clientId);
        assertThat(Tokens.audience(claims)).as(clientId).contains(KeycloakServer.API_AUDIENCE);
        assertThat(Tokens.realmRoles(claims)).as(clientId).filteredOn(GROUNDWORK_ROLES::contains).containsExactly(role);
    }

    @Test
    void a_person_gets_a_token_with_their_role_from_the_command_line_client_by_the_password_grant() throws Exception {
        String token = tokens.password("annotator1", "annotator1");
        JsonNode claims = Tokens.claims(token);

        assertThat(claims.path("azp").asText()).isEqualTo(KeycloakServer.CLI_CLIENT_ID);
        assertThat(claims.path("preferred_username").asText()).isEqualTo("annotator1");
        assertThat(Tokens.audience(claims)).contains(KeycloakServer.API_AUDIENCE);
        assertThat(Tokens.realmRoles(claims)).filteredOn(GROUNDWORK_ROLES::contains).containsExactly("annotator");
        assertThat(get("/api/v1/datasets", "Bearer " + token).statusCode()).isEqualTo(200);
        // a wrong password gets no token
        assertThat(tokens.request(Tokens.form("grant_type", "password", "client_id", KeycloakServer.CLI_CLIENT_ID,
                "username", "annotator1", "password", "wrong")).statusCode()).isIn(400, 401);
        // the device authorization grant is on: Keycloak hands out a user code to enter in a browser
        HttpResponse<String> device = Tokens.HTTP.send(HttpRequest.newBuilder(
                        URI.create(workbench.keycloak.issuerUri() + "/protocol/openid-connect/auth/device"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("client_id=" + KeycloakServer.CLI_CLIENT_ID)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(device.statusCode()).as(device.body()).isEqualTo(200);
        assertThat(JSON.readTree(device.body()).path("user_code").asText()).isNotBlank();
    }

    @Test
    void an_anonymous_api_request_is_answered_401_problem_json_with_a_bearer_challenge_not_sent_to_the_login() throws Exception {
        HttpResponse<String> anonymous = get("/api/v1/datasets", null);

        assertProblem(anonymous, 401, "not authenticated");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer");
        // the document stays public, the Swagger UI sends a browser to the login, and so do the views
        assertThat(get("/api/v1/openapi.json", null).statusCode()).isEqualTo(200);
        for (String page : List.of("/api/v1/docs", "/api/v1/swagger-ui/index.html", "/annotate")) {
            HttpResponse<String> browser = get(page, null);
            assertThat(browser.statusCode()).as(page).isIn(302, 303);
            assertThat(browser.headers().firstValue("Location").orElse("")).as(page).contains("/oauth2/authorization/keycloak");
        }
    }

    @Test
    void a_forged_or_malformed_token_is_answered_401_saying_it_is_not_a_token_of_the_realm() throws Exception {
        String token = tokens.clientCredentials(KeycloakServer.PIPELINE_CLIENT_ID, workbench.keycloak.config().pipelineClientSecret());
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();

        HttpResponse<String> refused = get("/api/v1/datasets", "Bearer " + forged);
        assertProblem(refused, 401, "not a JWT signed by the realm's keys");
        assertThat(refused.headers().firstValue("WWW-Authenticate").orElse("")).startsWith("Bearer").contains("invalid_token");
        assertProblem(get("/api/v1/datasets", "Bearer not-a-jwt"), 401, "not a JWT");
        // the judge's token is valid, but not for reading datasets
        String judge = tokens.clientCredentials(KeycloakServer.JUDGE_CLIENT_ID, workbench.keycloak.config().judgeClientSecret());
        assertProblem(get("/api/v1/datasets", "Bearer " + judge), 403, "may not call GET /api/v1/datasets");
    }

    @Test
    void a_real_token_of_the_realm_without_the_api_audience_is_refused_401() throws Exception {
        KeycloakAdmin admin = new KeycloakAdmin(workbench.keycloak);
        String clientId = "throwaway-without-audience";
        String secret = KeycloakServer.randomSecret();
        String id = admin.createServiceAccountClient(clientId, secret, KeycloakServer.PIPELINE_ROLE);
        try {
            String token = tokens.clientCredentials(clientId, secret);
            JsonNode claims = Tokens.claims(token);
            System.out.println("[" + clientId + "] aud " + claims.path("aud") + ", roles " + Tokens.realmRoles(claims));
            assertThat(Tokens.realmRoles(claims)).contains(KeycloakServer.PIPELINE_ROLE);
            assertThat(Tokens.audience(claims)).doesNotContain(KeycloakServer.API_AUDIENCE);

            HttpResponse<String> refused = get("/api/v1/datasets", "Bearer " + token);
            assertProblem(refused, 401, "the token's audience does not include " + KeycloakServer.API_AUDIENCE);
            assertThat(refused.headers().firstValue("WWW-Authenticate").orElse("")).contains("invalid_token");
        } finally {
            admin.deleteClient(id);
        }
    }

    private static void assertProblem(HttpResponse<String> response, int status, String detail) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asText()).contains(detail);
    }

    private static HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(workbench.appUrl.resolve(path)).timeout(Duration.ofSeconds(30)).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return Tokens.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
