package dev.groundwork.web.security;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The realm roles of a Keycloak access token ({@code realm_access.roles}) as authorities {@code ROLE_<role>}. Scopes
 * are not mapped: the bearer rules speak only of roles.
 */
final class RealmRoleAuthorities implements Converter<Jwt, Collection<GrantedAuthority>> {

    @Override
    public Collection<GrantedAuthority> convert(Jwt jwt) {
        return rolesOf(jwt.getClaims()).stream().<GrantedAuthority>map(r -> new SimpleGrantedAuthority("ROLE_" + r)).toList();
    }

    static List<String> rolesOf(Map<String, Object> claims) {
        if (!(claims.get("realm_access") instanceof Map<?, ?> access) || !(access.get("roles") instanceof Collection<?> roles)) {
            return List.of();
        }
        return roles.stream().map(String::valueOf).filter(r -> !r.isBlank()).sorted().toList();
    }
}
