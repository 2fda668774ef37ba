package dev.groundwork.deploy.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** The demo realm file, as the launcher imports it. */
class GroundworkRealmTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEB_SECRET = "web-secret-for-this-test";
    private static final String TRAINER_SECRET = "trainer-secret-for-this-test";
    private static final Map<ConfidentialClient, String> SECRETS = Map.of(ConfidentialClient.WEB, WEB_SECRET,
            ConfidentialClient.TRAINER, TRAINER_SECRET, ConfidentialClient.PIPELINE, "pipeline-secret-for-this-test",
            ConfidentialClient.JUDGE, "judge-secret-for-this-test");
    /** The realm roles of the workbench; Keycloak's own default roles are not among them. */
    private static final List<String> GROUNDWORK_ROLES = List.of("annotator", "reviewer", "admin", "trainer", "pipeline", "judge");

    private static String realmJson(URI appUrl) {
        return KeycloakServer.realmJson(appUrl, SECRETS);
    }

    @Test
    void realm_has_the_six_roles_and_the_demo_users_with_fixed_ids_and_password_equal_to_user_name() throws Exception {
        JsonNode realm = JSON.readTree(realmJson(URI.create("http://localhost:8080")));

        assertThat(realm.path("realm").asText()).isEqualTo("groundwork");
        assertThat(names(realm.path("roles").path("realm"), "name")).containsExactlyInAnyOrderElementsOf(GROUNDWORK_ROLES);
        assertThat(realm.path("roles").path("realm")).allSatisfy(role -> assertThat(role.path("description").asText()).isNotBlank());
        assertThat(realm.path("ssoSessionIdleTimeout").asInt()).isEqualTo(1800);
        assertThat(realm.path("accessTokenLifespan").asInt()).isEqualTo(300);
        assertThat(realm.path("bruteForceProtected").asBoolean()).isTrue();

        JsonNode users = people(realm.path("users"));
        assertThat(names(users, "username")).containsExactly("annotator1", "annotator2", "annotator3", "reviewer1", "admin");
        for (DemoUsers demo : DemoUsers.values()) {
            assertThat(user(users, demo.username()).path("id").asText()).as(demo.username()).isEqualTo(demo.id());
            assertThat(names(user(users, demo.username()).path("realmRoles"), null)).as(demo.username()).containsExactly(demo.role());
        }
        assertThat(names(realm.path("users"), "id")).doesNotHaveDuplicates();
        for (JsonNode u : users) {
            String name = u.path("username").asText();
            assertThat(u.path("enabled").asBoolean()).as(name).isTrue();
            assertThat(u.path("emailVerified").asBoolean()).as(name).isTrue();
            assertThat(List.of(u.path("email").asText(), u.path("firstName").asText(), u.path("lastName").asText())).as(name)
                    .allMatch(s -> !s.isBlank());
            JsonNode credential = u.path("credentials").get(0);
            assertThat(credential.path("type").asText()).isEqualTo("password");
            assertThat(credential.path("value").asText()).as(name).isEqualTo(name);
            assertThat(credential.path("temporary").asBoolean()).isFalse();
        }
    }

    @Test
    void client_is_confidential_code_flow_only_and_maps_realm_roles_into_the_id_token() throws Exception {
        JsonNode realm = JSON.readTree(realmJson(URI.create("https://groundwork.example.org/")));
        JsonNode client = client(realm, KeycloakServer.CLIENT_ID);

        assertThat(client.path("publicClient").asBoolean()).isFalse();
        assertThat(client.path("secret").asText()).isEqualTo(WEB_SECRET);
        assertThat(client.path("standardFlowEnabled").asBoolean()).isTrue();
        assertThat(client.path("directAccessGrantsEnabled").asBoolean()).isFalse();
        assertThat(client.path("implicitFlowEnabled").asBoolean()).isFalse();
        assertThat(names(client.path("redirectUris"), null)).containsExactly("https://groundwork.example.org/login/oauth2/code/*");
        assertThat(names(client.path("webOrigins"), null)).containsExactly("https://groundwork.example.org");
        assertThat(client.path("attributes").path("post.logout.redirect.uris").asText()).isEqualTo("https://groundwork.example.org##https://groundwork.example.org/*");

        JsonNode mapper = client.path("protocolMappers").get(0);
        assertThat(mapper.path("protocolMapper").asText()).isEqualTo("oidc-usermodel-realm-role-mapper");
        assertThat(mapper.path("config").path("claim.name").asText()).isEqualTo("realm_access.roles");
        for (String flag : List.of("multivalued", "id.token.claim", "access.token.claim", "userinfo.token.claim")) {
            assertThat(mapper.path("config").path(flag).asText()).as(flag).isEqualTo("true");
        }
    }

    @Test
    void the_realm_has_the_web_client_three_service_account_clients_and_the_public_command_line_client() throws Exception {
        JsonNode realm = JSON.readTree(realmJson(URI.create("https://groundwork.example.org/")));
        assertThat(names(realm.path("clients"), "clientId")).containsExactly(KeycloakServer.CLIENT_ID, KeycloakServer.TRAINER_CLIENT_ID,
                KeycloakServer.PIPELINE_CLIENT_ID, KeycloakServer.JUDGE_CLIENT_ID, KeycloakServer.CLI_CLIENT_ID);
        assertThat(names(realm.path("users"), "username")).filteredOn(n -> n.startsWith("service-account-")).containsExactly(
                "service-account-" + KeycloakServer.TRAINER_CLIENT_ID, "service-account-" + KeycloakServer.PIPELINE_CLIENT_ID,
                "service-account-" + KeycloakServer.JUDGE_CLIENT_ID);
    }

    @Test
    void each_service_account_client_is_confidential_client_credentials_only_with_its_own_role_and_the_api_audience()
            throws Exception {
        JsonNode realm = JSON.readTree(realmJson(URI.create("https://groundwork.example.org/")));
        Map<ConfidentialClient, String> roles = Map.of(ConfidentialClient.TRAINER, KeycloakServer.TRAINER_ROLE,
                ConfidentialClient.PIPELINE, KeycloakServer.PIPELINE_ROLE, ConfidentialClient.JUDGE, KeycloakServer.JUDGE_ROLE);
        for (var entry : roles.entrySet()) {
            String clientId = entry.getKey().clientId();
            String role = entry.getValue();
            JsonNode client = client(realm, clientId);

            assertThat(client.path("enabled").asBoolean()).as(clientId).isTrue();
            assertThat(client.path("publicClient").asBoolean()).as(clientId).isFalse();
            assertThat(client.path("clientAuthenticatorType").asText()).as(clientId).isEqualTo("client-secret");
            assertThat(client.path("secret").asText()).as(clientId).isEqualTo(SECRETS.get(entry.getKey()));
            assertThat(client.path("serviceAccountsEnabled").asBoolean()).as(clientId).isTrue();
            for (String flow : List.of("standardFlowEnabled", "implicitFlowEnabled", "directAccessGrantsEnabled")) {
                assertThat(client.path(flow).asBoolean(true)).as(clientId + " " + flow).isFalse();
            }
            assertThat(client.path("attributes").path("oauth2.device.authorization.grant.enabled").asText()).as(clientId)
                    .isEqualTo("false");
            assertThat(client.path("redirectUris")).as(clientId).isEmpty();
            assertRealmRolesInAccessToken(client);
            assertApiAudienceInAccessToken(client);

            JsonNode account = user(realm.path("users"), "service-account-" + clientId);
            assertThat(account.path("serviceAccountClientId").asText()).isEqualTo(clientId);
            assertThat(account.path("enabled").asBoolean()).as(clientId).isTrue();
            assertThat(names(account.path("realmRoles"), null)).as(clientId).containsExactly(role);
            assertThat(account.has("credentials")).as("a service account has no password").isFalse();
            // no person holds a service account's role
            assertThat(people(realm.path("users"))).allSatisfy(u ->
                    assertThat(names(u.path("realmRoles"), null)).as(u.path("username").asText()).doesNotContain(role));
        }
    }

    @Test
    void the_command_line_client_is_public_with_the_password_and_device_grants_and_no_redirect_flow() throws Exception {
        JsonNode realm = JSON.readTree(realmJson(URI.create("https://groundwork.example.org/")));
        JsonNode client = client(realm, KeycloakServer.CLI_CLIENT_ID);

        assertThat(client.path("enabled").asBoolean()).isTrue();
        assertThat(client.path("publicClient").asBoolean()).isTrue();
        assertThat(client.has("secret")).isFalse();
        assertThat(client.path("directAccessGrantsEnabled").asBoolean()).isTrue();
        assertThat(client.path("attributes").path("oauth2.device.authorization.grant.enabled").asText()).isEqualTo("true");
        for (String flow : List.of("standardFlowEnabled", "implicitFlowEnabled", "serviceAccountsEnabled")) {
            assertThat(client.path(flow).asBoolean(true)).as(flow).isFalse();
        }
        assertThat(client.path("redirectUris")).isEmpty();
        assertRealmRolesInAccessToken(client);
        assertApiAudienceInAccessToken(client);
    }

    private static void assertRealmRolesInAccessToken(JsonNode client) {
        JsonNode mapper = mapper(client, "oidc-usermodel-realm-role-mapper");
        assertThat(mapper.path("config").path("claim.name").asText()).isEqualTo("realm_access.roles");
        assertThat(mapper.path("config").path("multivalued").asText()).isEqualTo("true");
        assertThat(mapper.path("config").path("access.token.claim").asText()).isEqualTo("true");
    }

    private static void assertApiAudienceInAccessToken(JsonNode client) {
        JsonNode mapper = mapper(client, "oidc-audience-mapper");
        assertThat(mapper.path("config").path("included.custom.audience").asText()).as(client.path("clientId").asText())
                .isEqualTo(KeycloakServer.API_AUDIENCE);
        assertThat(mapper.path("config").path("access.token.claim").asText()).isEqualTo("true");
        assertThat(mapper.path("config").path("id.token.claim").asText()).isEqualTo("false");
    }

    private static JsonNode mapper(JsonNode client, String type) {
        return StreamSupport.stream(client.path("protocolMappers").spliterator(), false)
                .filter(m -> m.path("protocolMapper").asText().equals(type)).findFirst()
                .orElseThrow(() -> new AssertionError(client.path("clientId").asText() + " has no " + type));
    }

    @Test
    void url_and_secret_tokens_are_replaced_everywhere_and_a_bad_app_url_is_refused() {
        assertThat(realmJson(URI.create("http://localhost:18080"))).doesNotContain(KeycloakServer.APP_URL_TOKEN)
                .doesNotContain(KeycloakServer.CLIENT_SECRET_TOKEN).doesNotContain(KeycloakServer.TRAINER_CLIENT_SECRET_TOKEN)
                .doesNotContain(KeycloakServer.PIPELINE_CLIENT_SECRET_TOKEN).doesNotContain(KeycloakServer.JUDGE_CLIENT_SECRET_TOKEN)
                .contains("\"http://localhost:18080/login/oauth2/code/*\"");
        assertThatThrownBy(() -> realmJson(URI.create("localhost:8080"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> realmJson(URI.create("http://localhost:8080/?x=1"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_realm_file_holds_no_secret_of_its_own_and_the_launcher_makes_random_ones() throws Exception {
        JsonNode template;
        try (var in = KeycloakServer.class.getClassLoader().getResourceAsStream(KeycloakServer.REALM_RESOURCE)) {
            template = JSON.readTree(in);
        }
        for (ConfidentialClient client : ConfidentialClient.values()) {
            assertThat(client(template, client.clientId()).path("secret").asText()).as(client.clientId()).isEqualTo(client.token());
        }
        assertThat(client(template, KeycloakServer.CLI_CLIENT_ID).has("secret")).isFalse();

        KeycloakServer.Config one = KeycloakServer.builder().setHome(Path.of("home")).setHttpPort(8180).setManagementPort(9180).build();
        KeycloakServer.Config two = KeycloakServer.builder().setHome(Path.of("home")).setHttpPort(8180).setManagementPort(9180).build();
        List<String> first = List.of(one.adminPassword(), one.clientSecret(), one.trainerClientSecret(), one.pipelineClientSecret(),
                one.judgeClientSecret());
        List<String> second = List.of(two.adminPassword(), two.clientSecret(), two.trainerClientSecret(), two.pipelineClientSecret(),
                two.judgeClientSecret());
        assertThat(first).doesNotHaveDuplicates().doesNotContain("admin").doesNotContainAnyElementsOf(second)
                .allSatisfy(secret -> assertThat(secret).hasSizeGreaterThanOrEqualTo(40));
        assertThat(one.toString()).doesNotContain(first.toArray(String[]::new));
        KeycloakServer.Config given = KeycloakServer.builder().setHome(Path.of("home")).setHttpPort(8180).setManagementPort(9180)
                .optClientSecret(ConfidentialClient.PIPELINE, "pipeline-secret-for-this-test").build();
        assertThat(given.pipelineClientSecret()).isEqualTo("pipeline-secret-for-this-test");
        assertThatThrownBy(() -> KeycloakServer.builder().setHome(Path.of("home")).setHttpPort(8180).setManagementPort(9180)
                .optClientSecret(ConfidentialClient.JUDGE, "short").build())
                .hasMessageContaining(KeycloakServer.JUDGE_CLIENT_ID).hasMessageContaining("at least 16 characters");
    }

    private static List<String> names(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        StreamSupport.stream(array.spliterator(), false).forEach(n -> out.add(field == null ? n.asText() : n.path(field).asText()));
        return out;
    }

    /** The users that are people: every user but the clients' service accounts. */
    private static JsonNode people(JsonNode users) {
        var people = JSON.createArrayNode();
        users.forEach(u -> {
            if (!u.has("serviceAccountClientId")) {
                people.add(u);
            }
        });
        return people;
    }

    private static JsonNode client(JsonNode realm, String clientId) {
        return StreamSupport.stream(realm.path("clients").spliterator(), false)
                .filter(c -> c.path("clientId").asText().equals(clientId)).findFirst().orElseThrow();
    }

    private static JsonNode user(JsonNode users, String username) {
        return StreamSupport.stream(users.spliterator(), false).filter(u -> u.path("username").asText().equals(username))
                .findFirst().orElseThrow();
    }
}
