package dev.groundwork.web.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.web.api.ApiPaths;
import dev.groundwork.web.api.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.access.RequestMatcherDelegatingAccessDeniedHandler;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * How a refused request under {@code /api/v1} is answered: RFC 9457 problem+json, 401 with {@code WWW-Authenticate:
 * Bearer} when the caller is not authenticated (no token and no session, or a token that is missing, malformed, badly
 * signed, expired, of another issuer or of another audience: the detail says which), 403 when the caller may not call
 * the route. The Swagger UI's pages are for people: an anonymous browser is sent to the login there, as everywhere
 * outside the API; refusals outside the API answer as before (the login, or a bare 401/403 for bearer requests).
 */
final class ApiRefusals {

    /** The API's data routes: all of {@code /api/v1} but the Swagger UI's pages (the OpenAPI document is public). */
    static final RequestMatcher API_DATA = request -> ApiPaths.isApi(request) && !swaggerUi().matches(request);

    private ApiRefusals() {}

    private static RequestMatcher swaggerUi() {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        return new OrRequestMatcher(paths.matcher(ApiPaths.SWAGGER_UI), paths.matcher(ApiPaths.SWAGGER_UI + "/**"),
                paths.matcher(ApiPaths.SWAGGER_RESOURCES));
    }

    /** Bearer requests whose token is refused: RFC 6750's {@code WWW-Authenticate}, and under the API a problem. */
    static AuthenticationEntryPoint bearerEntryPoint(ObjectMapper json) {
        BearerTokenAuthenticationEntryPoint rfc6750 = new BearerTokenAuthenticationEntryPoint();
        return (request, response, e) -> {
            rfc6750.commence(request, response, e);
            if (ApiPaths.isApi(request)) {
                Problems.write(response, json, Problems.of(HttpStatus.UNAUTHORIZED, BearerTokenValidation.refusal(e)));
            }
        };
    }

    /** Bearer requests with a valid token that may not call the route: 403, under the API a problem. */
    static AccessDeniedHandler bearerAccessDenied(ObjectMapper json) {
        BearerTokenAccessDeniedHandler rfc6750 = new BearerTokenAccessDeniedHandler();
        return (request, response, e) -> {
            rfc6750.handle(request, response, e);
            if (ApiPaths.isApi(request)) {
                Problems.write(response, json, Problems.of(HttpStatus.FORBIDDEN, forbidden(request)));
            }
        };
    }

    /** Requests without a bearer token: under the API's data routes a 401 problem, everywhere else the login. */
    static AuthenticationEntryPoint sessionEntryPoint(ObjectMapper json, String loginUrl) {
        LinkedHashMap<RequestMatcher, AuthenticationEntryPoint> byPath = new LinkedHashMap<>();
        byPath.put(API_DATA, (request, response, e) -> notAuthenticated(response, json));
        DelegatingAuthenticationEntryPoint entryPoint = new DelegatingAuthenticationEntryPoint(byPath);
        entryPoint.setDefaultEntryPoint(new LoginUrlAuthenticationEntryPoint(loginUrl));
        return entryPoint;
    }

    /**
     * Requests without a bearer token that are refused (by a role rule, or by the CSRF check of a POST): under the API's
     * data routes a problem, 401 when no one signed in (the CSRF token belongs to a session there is none of), else
     * 403; everywhere else Spring Security's plain 403.
     */
    static AccessDeniedHandler sessionAccessDenied(ObjectMapper json) {
        LinkedHashMap<RequestMatcher, AccessDeniedHandler> byPath = new LinkedHashMap<>();
        byPath.put(API_DATA, (request, response, e) -> {
            if (signedIn().isEmpty()) {
                notAuthenticated(response, json);
            } else {
                Problems.write(response, json, Problems.of(HttpStatus.FORBIDDEN, forbidden(request)));
            }
        });
        return new RequestMatcherDelegatingAccessDeniedHandler(byPath, new AccessDeniedHandlerImpl());
    }

    private static void notAuthenticated(HttpServletResponse response, ObjectMapper json) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        Problems.write(response, json, Problems.of(HttpStatus.UNAUTHORIZED, "the request is not authenticated: send an"
                + " access token of the realm as 'Authorization: Bearer <token>' (docs/api.md)"));
    }

    private static Optional<Authentication> signedIn() {
        return Optional.ofNullable(SecurityContextHolder.getContext().getAuthentication())
                .filter(Authentication::isAuthenticated)
                .filter(a -> !(a instanceof AnonymousAuthenticationToken));
    }

    /** Who was refused what, with the roles they have. */
    private static String forbidden(HttpServletRequest request) {
        String route = request.getMethod() + " " + request.getRequestURI().substring(request.getContextPath().length());
        return signedIn().map(a -> a.getName() + " (roles: " + roles(a) + ") may not call " + route)
                .orElse("the caller may not call " + route);
    }

    private static String roles(Authentication authentication) {
        String roles = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring(5)).sorted().collect(Collectors.joining(", "));
        return roles.isEmpty() ? "none" : roles;
    }
}
