package dev.groundwork.web.security;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;

/**
 * Turns the realm roles Keycloak puts in the ID token ({@code realm_access.roles}) into Spring
 * authorities {@code ROLE_<role>}, so that {@code @RolesAllowed("reviewer")} and
 * {@code hasRole("reviewer")} work. Only the workbench's own roles are mapped.
 */
public final class KeycloakRoles implements GrantedAuthoritiesMapper {

    static final Set<String> KNOWN = Set.of(Roles.ANNOTATOR, Roles.REVIEWER, Roles.ADMIN);

    @Override
    public Collection<? extends GrantedAuthority> mapAuthorities(Collection<? extends GrantedAuthority> authorities) {
        Set<GrantedAuthority> mapped = new HashSet<>(authorities);
        for (GrantedAuthority authority : authorities) {
            if (authority instanceof OidcUserAuthority oidc) {
                rolesOf(oidc.getIdToken().getClaims()).forEach(r -> mapped.add(new SimpleGrantedAuthority("ROLE_" + r)));
                if (oidc.getUserInfo() != null) {
                    rolesOf(oidc.getUserInfo().getClaims()).forEach(r -> mapped.add(new SimpleGrantedAuthority("ROLE_" + r)));
                }
            }
        }
        return mapped;
    }

    /** The known roles in a claim set's {@code realm_access.roles}. */
    static List<String> rolesOf(Map<String, Object> claims) {
        if (!(claims.get("realm_access") instanceof Map<?, ?> access) || !(access.get("roles") instanceof Collection<?> roles)) {
            return List.of();
        }
        return roles.stream().map(String::valueOf).filter(KNOWN::contains).sorted().toList();
    }
}
