package dev.groundwork.trainer.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Access tokens by the OAuth2 client-credentials grant (RFC 6749 §4.4) from a Keycloak realm's token endpoint
 * {@code <issuer>/protocol/openid-connect/token}, the client authenticating with HTTP Basic
 * ({@code client_secret_basic}). A token is reused until {@link #EXPIRY_MARGIN} before it expires, or until
 * {@link #invalidate} says the server refused it. The secret appears in no message, log line or {@code toString}.
 * Thread-safe.
 */
final class ClientCredentials {

    /** A token is renewed this long before its {@code expires_in} runs out. */
    static final Duration EXPIRY_MARGIN = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = new ObjectMapper();

    private record Token(String value, Instant renewAt) {}

    private final URI tokenEndpoint;
    private final String clientId;
    private final String secret;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final Clock clock;
    private Optional<Token> current = Optional.empty();

    ClientCredentials(URI issuer, String clientId, String secret, HttpClient http, Duration requestTimeout, Clock clock) {
        this.tokenEndpoint = tokenEndpoint(Objects.requireNonNull(issuer, "issuer"));
        this.clientId = requireText(clientId, "client id");
        this.secret = requireText(secret, "client secret");
        this.http = Objects.requireNonNull(http, "http");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    static URI tokenEndpoint(URI issuer) {
        String base = issuer.toString().replaceAll("/+$", "");
        return URI.create(base + "/protocol/openid-connect/token");
    }

    /** A token that is still good, fetching a new one when needed. */
    synchronized String token() throws IOException {
        Instant now = clock.instant();
        if (current.isPresent() && now.isBefore(current.get().renewAt())) {
            return current.get().value();
        }
        Token fresh = fetch(now);
        current = Optional.of(fresh);
        return fresh.value();
    }

    /** Forgets {@code token} if it is the current one, so that the next {@link #token()} fetches another. */
    synchronized void invalidate(String token) {
        if (current.isPresent() && current.get().value().equals(token)) {
            current = Optional.empty();
        }
    }

    private Token fetch(Instant now) throws IOException {
        String basic = Base64.getEncoder().encodeToString(
                (form(clientId) + ":" + form(secret)).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(tokenEndpoint)
                .timeout(requestTimeout)
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching a token from " + tokenEndpoint, e);
        }
        JsonNode body = parse(response.body());
        if (response.statusCode() != 200) {
            String error = body.path("error").asText("");
            String description = body.path("error_description").asText("");
            throw new IOException("the token endpoint " + tokenEndpoint + " refused client " + clientId + ": HTTP "
                    + response.statusCode() + (error.isEmpty() ? "" : " " + error) + (description.isEmpty() ? "" : " (" + description + ")"));
        }
        String token = body.path("access_token").asText("");
        if (token.isEmpty()) {
            throw new IOException("the token endpoint " + tokenEndpoint + " answered without an access_token");
        }
        long expiresIn = body.path("expires_in").asLong(60);
        Duration lifetime = Duration.ofSeconds(Math.max(0, expiresIn));
        // Renew EXPIRY_MARGIN early, or halfway through a lifetime shorter than twice the margin.
        Duration margin = lifetime.compareTo(EXPIRY_MARGIN.multipliedBy(2)) < 0 ? lifetime.dividedBy(2) : EXPIRY_MARGIN;
        return new Token(token, now.plus(lifetime.minus(margin)));
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static String form(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String requireText(String s, String what) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException("the trainer's " + what + " is not set");
        }
        return s;
    }

    URI endpoint() {
        return tokenEndpoint;
    }

    @Override
    public String toString() {
        return "ClientCredentials[" + clientId + " at " + tokenEndpoint + "]";
    }
}
