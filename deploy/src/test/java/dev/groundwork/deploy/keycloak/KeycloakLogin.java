package dev.groundwork.deploy.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Logs in to a Keycloak realm the way a browser does, without a browser: the OpenID Connect
 * authorization-code flow over {@link HttpClient} with a cookie jar. GET the authorization
 * endpoint, read the login form's {@code action} from the HTML, POST user name and password, and
 * take the {@code code} from the redirect to the client's redirect URI (nothing needs to listen
 * there); then exchange the code at the token endpoint with the client secret.
 *
 * <p>Depends on the JDK and Jackson only, so tests of other modules can use a copy.
 */
final class KeycloakLogin {

    static final String STATE = "x";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern FORM = Pattern.compile("<form\\b[^>]*\\bid=\"kc-form-login\"[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern ACTION = Pattern.compile("\\baction=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    /** The keycloak.v2 theme: {@code id="input-error-username"}, text in a nested span; the old theme: {@code id="input-error"}. */
    private static final Pattern INPUT_ERROR = Pattern.compile("id=\"input-error[^\"]*\"[^>]*>(?:\\s*<[^>]+>)*\\s*([^<]+?)\\s*<",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern NUMERIC_ENTITY = Pattern.compile("&#(x?)([0-9a-fA-F]+);");

    private final URI authorizationEndpoint;
    private final URI tokenEndpoint;
    private final String clientId;
    private final String clientSecret;
    private final String redirectUri;

    private KeycloakLogin(URI authorizationEndpoint, URI tokenEndpoint, String clientId, String clientSecret, String redirectUri) {
        this.authorizationEndpoint = authorizationEndpoint;
        this.tokenEndpoint = tokenEndpoint;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.redirectUri = redirectUri;
    }

    /** Reads the endpoints from the issuer's discovery document. */
    static KeycloakLogin discover(URI issuer, String clientId, String clientSecret, String redirectUri) {
        JsonNode discovery = discovery(issuer);
        return new KeycloakLogin(URI.create(discovery.path("authorization_endpoint").asText()),
                URI.create(discovery.path("token_endpoint").asText()), clientId, clientSecret, redirectUri);
    }

    /** {@code <issuer>/.well-known/openid-configuration}, parsed; fails unless it answers 200. */
    static JsonNode discovery(URI issuer) {
        HttpResponse<String> response = send(newClient(), HttpRequest.newBuilder(URI.create(issuer + "/.well-known/openid-configuration")).GET());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("discovery for " + issuer + " answered " + response.statusCode());
        }
        return parse(response.body());
    }

    /** One login with a fresh cookie jar, as a new browser would do it. */
    Attempt login(String username, String password) {
        HttpClient http = newClient();
        URI authorize = URI.create(authorizationEndpoint + "?" + form(ordered(
                "client_id", clientId,
                "redirect_uri", redirectUri,
                "response_type", "code",
                "scope", "openid",
                "state", STATE)));
        HttpResponse<String> page = send(http, HttpRequest.newBuilder(authorize).GET());
        for (int hops = 0; isRedirect(page.statusCode()) && hops < 5; hops++) {
            URI next = page.uri().resolve(page.headers().firstValue("Location").orElseThrow());
            page = send(http, HttpRequest.newBuilder(next).GET());
        }
        if (page.statusCode() != 200) {
            throw new IllegalStateException("authorization endpoint answered " + page.statusCode() + ":\n" + page.body());
        }
        URI action = page.uri().resolve(formAction(page.body()));
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("username", username);
        fields.put("password", password);
        fields.put("credentialId", "");
        HttpResponse<String> posted = send(http, HttpRequest.newBuilder(action)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields))));
        Optional<URI> location = isRedirect(posted.statusCode())
                ? posted.headers().firstValue("Location").map(l -> posted.uri().resolve(l))
                : Optional.empty();
        return new Attempt(posted.statusCode(), location, posted.body(), redirectUri);
    }

    /** Exchanges an authorization code for tokens (client authentication: HTTP Basic, as Spring Security does). */
    Tokens exchange(String code) {
        String basic = Base64.getEncoder().encodeToString((urlEncode(clientId) + ":" + urlEncode(clientSecret)).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = send(newClient(), HttpRequest.newBuilder(tokenEndpoint)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + basic)
                .POST(HttpRequest.BodyPublishers.ofString(form(ordered(
                        "grant_type", "authorization_code",
                        "code", code,
                        "redirect_uri", redirectUri)))));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("token endpoint answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode body = parse(response.body());
        return new Tokens(body.path("id_token").asText(), body.path("access_token").asText(), body.path("token_type").asText());
    }

    /** The result of posting the login form. */
    record Attempt(int status, Optional<URI> location, String page, String redirectUri) {

        /** True when Keycloak sent the browser back to the client's redirect URI. */
        boolean redirectedToClient() {
            return location.map(l -> l.toString().startsWith(redirectUri + "?")).orElse(false);
        }

        Optional<String> code() {
            return queryParameter("code");
        }

        Optional<String> state() {
            return queryParameter("state");
        }

        /** The message Keycloak shows under the login fields, e.g. "Invalid username or password.". */
        Optional<String> error() {
            Matcher m = INPUT_ERROR.matcher(page);
            return m.find() ? Optional.of(unescapeHtml(m.group(1))) : Optional.empty();
        }

        /** Keycloak rendered its login form again (instead of redirecting). */
        boolean showsLoginForm() {
            return FORM.matcher(page).find();
        }

        private Optional<String> queryParameter(String name) {
            if (!redirectedToClient()) {
                return Optional.empty();
            }
            String query = Optional.ofNullable(location.get().getRawQuery()).orElse("");
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).equals(name)) {
                    return Optional.of(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return Optional.empty();
        }
    }

    record Tokens(String idToken, String accessToken, String tokenType) {

        /** The ID token's claims (the payload, not verified: the token came straight from the token endpoint). */
        JsonNode idTokenClaims() {
            return claims(idToken);
        }
    }

    /** The payload of a JWT, base64url-decoded and parsed. */
    static JsonNode claims(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a JWT (" + parts.length + " parts)");
        }
        return parse(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    }

    /** The {@code action} of Keycloak's login form ({@code id="kc-form-login"}), HTML entities decoded. */
    static String formAction(String html) {
        Matcher form = FORM.matcher(html);
        if (!form.find()) {
            throw new IllegalStateException("no login form (id=\"kc-form-login\") in the page:\n" + html);
        }
        Matcher action = ACTION.matcher(form.group());
        if (!action.find()) {
            throw new IllegalStateException("login form has no action: " + form.group());
        }
        return unescapeHtml(action.group(1));
    }

    static String unescapeHtml(String text) {
        Matcher m = NUMERIC_ENTITY.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int codePoint = Integer.parseInt(m.group(2), m.group(1).isEmpty() ? 10 : 16);
            m.appendReplacement(out, Matcher.quoteReplacement(new String(Character.toChars(codePoint))));
        }
        m.appendTail(out);
        return out.toString().replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    private static HttpClient newClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .cookieHandler(new LoopbackCookieJar())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    private static HttpResponse<String> send(HttpClient http, HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> urlEncode(e.getKey()) + "=" + urlEncode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static String urlEncode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }
}
