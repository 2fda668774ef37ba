package dev.groundwork.deploy.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real Keycloak 26.7.3 from the distribution zip, started fresh (realm imported again) on free
 * ports, and a real authorization-code login against it without a browser. The home
 * ({@code deploy/target/keycloak-home}) is kept between runs: the first run after {@code mvn clean}
 * unpacks the distribution and pays the one-off Quarkus re-augmentation (≈140 s on two loaded
 * cores); later runs start in ≈40–65 s.
 */
class KeycloakServerIT {

    private static final String APP_URL = "http://localhost:18080";
    private static final String REDIRECT_URI = APP_URL + "/login/oauth2/code/keycloak";

    private static KeycloakServer server;
    private static KeycloakLogin login;

    @BeforeAll
    static void startKeycloak() {
        int[] ports = KeycloakServer.freePorts(2);
        server = KeycloakServer.builder()
                .setHome(Path.of(System.getProperty("gw.keycloak.home", "target/keycloak-home")))
                .setHttpPort(ports[0])
                .setManagementPort(ports[1])
                .optAppUrl(URI.create(APP_URL))
                .optFresh(true)
                // generous: the first start re-augments Quarkus, and the build box may be busy
                .optStartTimeout(Duration.ofSeconds(600))
                .start();
        System.out.printf("Keycloak served the realm %d s after launch (%s)%n", server.startupTime().toSeconds(), server.issuerUri());
        login = KeycloakLogin.discover(server.issuerUri(), KeycloakServer.CLIENT_ID, server.config().clientSecret(), REDIRECT_URI);
    }

    @AfterAll
    static void stopKeycloak() {
        if (server == null) {
            return;
        }
        List<ProcessHandle> tree = server.processTree();
        boolean keycloakJvmTracked = tree.stream().anyMatch(p -> p.info().command().orElse("").endsWith("/java"));
        server.close();
        assertThat(keycloakJvmTracked).as("the Keycloak JVM is in the tree the launcher stops: %s", tree).isTrue();
        assertThat(tree).as("processes left after close").noneMatch(ProcessHandle::isAlive);
        assertThat(server.isRunning()).isFalse();
    }

    @Test
    void discovery_document_names_the_realm_issuer() {
        JsonNode discovery = KeycloakLogin.discovery(server.issuerUri());

        assertThat(discovery.path("issuer").asText()).isEqualTo(server.issuerUri().toString())
                .isEqualTo(server.baseUrl() + "/realms/groundwork");
        assertThat(discovery.path("authorization_endpoint").asText()).startsWith(server.issuerUri() + "/protocol/openid-connect/");
    }

    @Test
    void reviewer_logs_in_with_the_code_flow_and_the_id_token_carries_the_role_and_the_fixed_subject() {
        KeycloakLogin.Attempt attempt = login.login("reviewer1", "reviewer1");

        assertThat(attempt.status()).as(attempt.page()).isEqualTo(302);
        assertThat(attempt.location()).get().asString().startsWith(REDIRECT_URI + "?").contains("code=");
        assertThat(attempt.state()).contains(KeycloakLogin.STATE);

        KeycloakLogin.Tokens tokens = login.exchange(attempt.code().orElseThrow());
        JsonNode claims = tokens.idTokenClaims();
        assertThat(claims.path("sub").asText()).isEqualTo(DemoUsers.REVIEWER1.id());
        assertThat(claims.path("iss").asText()).isEqualTo(server.issuerUri().toString());
        assertThat(claims.path("aud").toString()).contains(KeycloakServer.CLIENT_ID);
        assertThat(claims.path("preferred_username").asText()).isEqualTo("reviewer1");
        assertThat(strings(claims.path("realm_access").path("roles"))).contains("reviewer").doesNotContain("annotator", "admin");
        assertThat(tokens.tokenType()).isEqualToIgnoringCase("Bearer");
        assertThat(strings(KeycloakLogin.claims(tokens.accessToken()).path("realm_access").path("roles"))).contains("reviewer");
    }

    @Test
    void wrong_password_shows_the_login_form_again_with_an_error() {
        KeycloakLogin.Attempt attempt = login.login("annotator3", "not-the-password");

        assertThat(attempt.status()).isEqualTo(200);
        assertThat(attempt.location()).isEmpty();
        assertThat(attempt.redirectedToClient()).isFalse();
        assertThat(attempt.showsLoginForm()).isTrue();
        assertThat(attempt.error()).contains("Invalid username or password.");
    }

    @ParameterizedTest
    @EnumSource(DemoUsers.class)
    void every_demo_user_logs_in_with_the_password_equal_to_the_user_name(DemoUsers user) {
        KeycloakLogin.Attempt attempt = login.login(user.username(), user.password());

        assertThat(attempt.redirectedToClient()).as("status %d, page:%n%s", attempt.status(), attempt.page()).isTrue();
        JsonNode claims = login.exchange(attempt.code().orElseThrow()).idTokenClaims();
        assertThat(claims.path("sub").asText()).isEqualTo(user.id());
        assertThat(claims.path("email").asText()).isEqualTo(user.username() + "@groundwork.example");
        assertThat(strings(claims.path("realm_access").path("roles"))).contains(user.role());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
