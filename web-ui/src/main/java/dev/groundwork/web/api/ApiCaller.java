package dev.groundwork.web.api;

import java.util.Optional;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who is calling the API: the authenticated caller's name (a person's, or a service account's client id, {@code azp}),
 * as Spring Security put it in the security context. The same name keys the rate limit, the Idempotency-Key and the
 * audit entry of a write.
 */
public final class ApiCaller {

    /** The actor of a request no one signed: only reachable where a route is open to anonymous callers. */
    public static final String ANONYMOUS = "anonymous";

    private ApiCaller() {}

    public static Optional<String> authenticated() {
        return Optional.ofNullable(SecurityContextHolder.getContext().getAuthentication())
                .filter(Authentication::isAuthenticated)
                .filter(a -> !(a instanceof AnonymousAuthenticationToken))
                .map(Authentication::getName);
    }

    /** The caller's name for the audit log, {@link #ANONYMOUS} when no one signed in. */
    public static String actor() {
        return authenticated().orElse(ANONYMOUS);
    }
}
