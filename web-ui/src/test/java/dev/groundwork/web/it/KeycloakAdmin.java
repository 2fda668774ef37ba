package dev.groundwork.web.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.deploy.keycloak.KeycloakServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Keycloak's admin REST API with the bootstrap admin of the master realm, for what a test sets up in the realm. */
final class KeycloakAdmin {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI realm;
    private final String token;

    KeycloakAdmin(KeycloakServer keycloak) {
        this.realm = URI.create(keycloak.baseUrl() + "/admin/realms/" + KeycloakServer.REALM);
        HttpResponse<String> r = new Tokens(URI.create(keycloak.baseUrl() + "/realms/master")).request(Tokens.form(
                "grant_type", "password", "client_id", "admin-cli",
                "username", keycloak.config().adminUser(), "password", keycloak.config().adminPassword()));
        if (r.statusCode() != 200) {
            throw new AssertionError("no admin token: HTTP " + r.statusCode() + " " + r.body());
        }
        this.token = read(r).path("access_token").asText();
    }

    /** A confidential client with a service account that holds {@code realmRole}, and no audience mapper; its id. */
    String createServiceAccountClient(String clientId, String secret, String realmRole) {
        Map<String, Object> client = Map.of("clientId", clientId, "enabled", true, "publicClient", false,
                "clientAuthenticatorType", "client-secret", "secret", secret, "serviceAccountsEnabled", true,
                "standardFlowEnabled", false, "directAccessGrantsEnabled", false);
        HttpResponse<String> created = send("POST", "/clients", client);
        expect(created, 201);
        String location = created.headers().firstValue("Location").orElseThrow();
        String id = location.substring(location.lastIndexOf('/') + 1);
        String user = read(expect(send("GET", "/clients/" + id + "/service-account-user", null), 200)).path("id").asText();
        JsonNode role = read(expect(send("GET", "/roles/" + realmRole, null), 200));
        expect(send("POST", "/users/" + user + "/role-mappings/realm", List.of(JSON.convertValue(role, Map.class))), 204);
        return id;
    }

    void deleteClient(String id) {
        expect(send("DELETE", "/clients/" + id, null), 204);
    }

    private HttpResponse<String> send(String method, String path, Object body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(realm + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (body != null) {
                b.header("Content-Type", "application/json");
            }
            return Tokens.HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new AssertionError(response.request().method() + " " + response.uri() + ": HTTP " + response.statusCode()
                    + " " + response.body());
        }
        return response;
    }

    private static JsonNode read(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
