package dev.groundwork.trainer.image;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Images from the workbench's image endpoint, {@code GET <base>/images/<sha256>} (web-ui's {@code ImageEndpoint}),
 * with a bearer token of the trainer's Keycloak service account (client-credentials grant, see
 * {@link ClientCredentials}). On a 401 the token is renewed and the request sent once more; 404 means the
 * workbench has no such image. Connect and request timeouts bound every call.
 */
public final class HttpImageSource implements ImageSource {

    private final URI imagesBase;
    private final ClientCredentials tokens;
    private final HttpClient http;
    private final Duration requestTimeout;

    HttpImageSource(URI workbench, ClientCredentials tokens, HttpClient http, Duration requestTimeout) {
        this.imagesBase = URI.create(Objects.requireNonNull(workbench, "workbench").toString().replaceAll("/+$", "") + "/images/");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.http = Objects.requireNonNull(http, "http");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    /**
     * A source for the workbench at {@code workbench} (its base URL, e.g. {@code http://localhost:8080}), signing in
     * as {@code clientId} at the realm {@code issuer} (e.g. {@code http://localhost:8180/realms/groundwork}).
     *
     * @param connectTimeout how long to wait for a TCP connection to either server
     * @param requestTimeout how long to wait for a whole answer (token or image)
     */
    public static HttpImageSource create(URI workbench, URI issuer, String clientId, String clientSecret,
            Duration connectTimeout, Duration requestTimeout, Clock clock) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER) // a redirect to a login page is not an image
                .build();
        return new HttpImageSource(workbench, new ClientCredentials(issuer, clientId, clientSecret, http, requestTimeout, clock),
                http, requestTimeout);
    }

    @Override
    public Optional<byte[]> fetch(String sha256) throws IOException {
        URI uri = imagesBase.resolve(Sha256.require(sha256));
        String token = tokens.token();
        HttpResponse<byte[]> response = get(uri, token);
        if (response.statusCode() == 401) {
            tokens.invalidate(token);
            response = get(uri, tokens.token());
        }
        return switch (response.statusCode()) {
            case 200 -> Optional.of(response.body());
            case 404 -> Optional.empty();
            case 401 -> throw new IOException("the workbench refused the trainer's token twice (HTTP 401) for " + uri);
            case 403 -> throw new IOException("the workbench refused the trainer (HTTP 403) for " + uri
                    + ": its service account lacks the realm role 'trainer'");
            default -> throw new IOException("the workbench answered HTTP " + response.statusCode() + " for " + uri);
        };
    }

    private HttpResponse<byte[]> get(URI uri, String token) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Authorization", "Bearer " + token)
                .header("Accept", "image/*, */*;q=0.1")
                .GET()
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + uri, e);
        }
    }

    @Override
    public String location() {
        return imagesBase.toString();
    }

    @Override
    public String toString() {
        return "HttpImageSource[" + imagesBase + ", " + tokens + "]";
    }
}
