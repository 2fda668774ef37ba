package dev.groundwork.deploy.keycloak;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A cookie jar that behaves like a browser in two ways {@link CookieManager} does not. It treats
 * {@code http://localhost} as a secure context: Keycloak marks its login cookies
 * {@code Secure; SameSite=None} even over plain HTTP, and CookieManager never sends
 * {@code Secure} cookies to an {@code http} URI (the login then fails with "Restart login
 * cookie not found"). And it sends plain {@code name=value} pairs, not the RFC 2965 form
 * ({@code $Version="1"; ...; $Path=...}) that CookieManager uses for Keycloak's
 * {@code Version=1} cookies.
 */
public final class LoopbackCookieJar extends CookieHandler {
    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

    @Override
    public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) {
        String path = Optional.ofNullable(uri.getRawPath()).filter(p -> !p.isEmpty()).orElse("/");
        String header = cookies.getCookieStore().get(asSecure(uri)).stream()
                .filter(c -> pathMatches(path, Optional.ofNullable(c.getPath()).orElse("/")))
                .map(c -> c.getName() + "=" + c.getValue())
                .collect(Collectors.joining("; "));
        return header.isEmpty() ? Map.of() : Map.of("Cookie", List.of(header));
    }

    /** RFC 6265 §5.1.4. */
    private static boolean pathMatches(String requestPath, String cookiePath) {
        return requestPath.equals(cookiePath) || requestPath.startsWith(cookiePath)
                && (cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/');
    }

    @Override
    public void put(URI uri, Map<String, List<String>> responseHeaders) throws IOException {
        cookies.put(asSecure(uri), responseHeaders);
    }

    private static URI asSecure(URI uri) {
        String host = uri.getHost();
        boolean loopback = "localhost".equalsIgnoreCase(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
        if (!"http".equalsIgnoreCase(uri.getScheme()) || !loopback) {
            return uri;
        }
        return URI.create("https" + uri.toString().substring("http".length()));
    }
}
