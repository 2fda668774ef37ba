package dev.groundwork.web.it;

import dev.groundwork.deploy.keycloak.LoopbackCookieJar;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browserless HTTP session against the app: cookies kept, and a sign-in that walks the real
 * OpenID Connect authorization code flow through Keycloak's login form.
 */
final class HttpSession {

    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    private final URI app;
    private final HttpClient client;

    HttpSession(URI app) {
        this.app = app;
        this.client = HttpClient.newBuilder().cookieHandler(new LoopbackCookieJar()).version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Signs in: app → Spring → Keycloak login form → POST credentials → back to the app with a session. */
    HttpSession login(String username, String password) {
        HttpResponse<String> page = follow(get(app.resolve("/oauth2/authorization/keycloak")));
        Matcher m = FORM_ACTION.matcher(page.body());
        if (!m.find()) {
            throw new AssertionError("no Keycloak login form at " + page.uri() + ":\n" + page.body());
        }
        URI action = URI.create(m.group(1).replace("&amp;", "&"));
        String form = "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&credentialId=";
        HttpResponse<String> landed = follow(send(HttpRequest.newBuilder(action)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build()));
        if (!landed.uri().toString().startsWith(app.toString())) {
            throw new AssertionError("login as " + username + " did not return to the app: " + landed.uri() + "\n" + landed.body());
        }
        return this;
    }

    /** One request, redirects not followed. */
    HttpResponse<String> get(String path) {
        return get(app.resolve(path));
    }

    /** One request for a binary body, redirects not followed. */
    HttpResponse<byte[]> getBytes(String path) {
        try {
            return client.send(HttpRequest.newBuilder(app.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> get(URI uri) {
        return send(HttpRequest.newBuilder(uri).header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").GET().build());
    }

    private HttpResponse<String> follow(HttpResponse<String> response) {
        for (int hops = 0; hops < 15 && response.statusCode() / 100 == 3; hops++) {
            URI next = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
            response = get(next);
        }
        return response;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
