package dev.groundwork.web.security;

import java.util.List;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * The signed-in user: the Keycloak subject (the stable id that judgments and assignments carry),
 * the user name shown on screen and the workbench roles.
 */
public record CurrentUser(String subject, String username, String displayName, List<String> roles) {

    public boolean has(String role) {
        return roles.contains(role);
    }

    /** The user of the current request or Vaadin UI, when signed in through OpenID Connect. */
    public static Optional<CurrentUser> get() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !(auth.getPrincipal() instanceof OidcUser user)) {
            return Optional.empty();
        }
        return Optional.of(of(user, auth));
    }

    /** The signed-in user; views behind a role check can rely on it. */
    public static CurrentUser require() {
        return get().orElseThrow(() -> new IllegalStateException("no signed-in user"));
    }

    static CurrentUser of(OidcUser user, Authentication auth) {
        List<String> roles = auth.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring("ROLE_".length()))
                .filter(KeycloakRoles.KNOWN::contains).sorted().toList();
        String username = Optional.ofNullable(user.getPreferredUsername()).orElse(user.getSubject());
        String name = Optional.ofNullable(user.getFullName()).filter(n -> !n.isBlank()).orElse(username);
        return new CurrentUser(user.getSubject(), username, name, roles);
    }
}
