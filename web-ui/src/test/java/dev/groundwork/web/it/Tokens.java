package dev.groundwork.web.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.deploy.keycloak.KeycloakServer;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Access tokens from the workbench's real Keycloak, as the API's callers get them (docs/api.md). */
final class Tokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();

    private final URI tokenEndpoint;

    Tokens(URI issuer) {
        this.tokenEndpoint = URI.create(issuer + "/protocol/openid-connect/token");
    }

    /** A service account's token: the client-credentials grant. */
    String clientCredentials(String clientId, String secret) {
        return accessToken(form("grant_type", "client_credentials", "client_id", clientId, "client_secret", secret));
    }

    /** A person's token for their own scripts: the password grant of the public client {@code groundwork-cli}. */
    String password(String username, String password) {
        return accessToken(form("grant_type", "password", "client_id", KeycloakServer.CLI_CLIENT_ID, "username", username,
                "password", password));
    }

    HttpResponse<String> request(Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        try {
            return HTTP.send(HttpRequest.newBuilder(tokenEndpoint).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String accessToken(Map<String, String> form) {
        HttpResponse<String> response = request(form);
        if (response.statusCode() != 200) {
            throw new AssertionError("no token for " + form.get("client_id") + ": HTTP " + response.statusCode() + " " + response.body());
        }
        try {
            return JSON.readTree(response.body()).path("access_token").asText();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Map<String, String> form(String... keysAndValues) {
        Map<String, String> form = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            form.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return form;
    }

    /** A token's claims, read without checking (the application checks them). */
    static JsonNode claims(String token) {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** {@code aud}, a string or a list, as a list. */
    static List<String> audience(JsonNode claims) {
        List<String> out = new ArrayList<>();
        JsonNode aud = claims.path("aud");
        if (aud.isArray()) {
            aud.forEach(a -> out.add(a.asText()));
        } else if (aud.isTextual()) {
            out.add(aud.asText());
        }
        return out;
    }

    static List<String> realmRoles(JsonNode claims) {
        List<String> out = new ArrayList<>();
        claims.path("realm_access").path("roles").forEach(r -> out.add(r.asText()));
        return out;
    }
}
