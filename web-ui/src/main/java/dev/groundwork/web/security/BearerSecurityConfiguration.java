package dev.groundwork.web.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.web.api.ApiAccess;
import dev.groundwork.web.api.ApiProperties;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import org.springframework.boot.autoconfigure.security.oauth2.client.OAuth2ClientProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Requests that carry {@code Authorization: Bearer <JWT>}: services and people's scripts, not browsers. The token must
 * be a Keycloak access token of the same realm the browser login uses, meant for this API: signed by the realm's keys,
 * {@code iss} = the issuer, not expired, and {@code aud} containing {@code groundwork.api.audience} (default
 * {@code groundwork-api}, which the demo realm's audience mapper adds; see {@link BearerTokenValidation}). Its realm
 * roles ({@code realm_access.roles}) become {@code ROLE_<role>}. The only thing a bearer token may do is call the
 * public API under {@code /api/v1} as {@link ApiAccess} allows, and {@code GET /images/<sha256>} with the role
 * {@value Roles#TRAINER} (the trainer's service account, client {@code groundwork-trainer}); every other bearer request
 * is refused (401 without a valid token, 403 with one; under the API as problem+json saying why, see
 * {@link ApiRefusals}), never sent to the browser login. Stateless: no session, no CSRF token (there is no cookie to
 * forge).
 *
 * <p>This chain comes before {@link SecurityConfiguration}'s, which handles everything without a bearer header
 * exactly as before.
 */
@Configuration
public class BearerSecurityConfiguration {

    /** The registration of the browser login whose issuer bearer tokens must come from. */
    static final String PROVIDER = "keycloak";

    private final String issuer;
    private final String audience;
    private final ObjectMapper json;

    public BearerSecurityConfiguration(OAuth2ClientProperties oauth2, ApiProperties api, ObjectMapper json) {
        var provider = oauth2.getProvider().get(PROVIDER);
        if (provider == null || provider.getIssuerUri() == null || provider.getIssuerUri().isBlank()) {
            throw new IllegalStateException("spring.security.oauth2.client.provider." + PROVIDER + ".issuer-uri is not set (GW_OIDC_ISSUER)");
        }
        this.issuer = provider.getIssuerUri();
        this.audience = api.audience();
        this.json = json;
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE + 10)
    SecurityFilterChain bearerFilterChain(HttpSecurity http) throws Exception {
        http.securityMatcher(BearerSecurityConfiguration::carriesBearerToken)
                .authorizeHttpRequests(rules -> {
                    // The container's error page for an error the API's handler did not answer (a 405 of a route
                    // without that method): the request was authorized before, the page shows its status.
                    rules.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
                    ApiAccess.rules(rules);
                    rules.requestMatchers(HttpMethod.GET, "/images/*").hasRole(Roles.TRAINER)
                            .anyRequest().denyAll();
                })
                .oauth2ResourceServer(server -> server
                        .authenticationEntryPoint(ApiRefusals.bearerEntryPoint(json))
                        .accessDeniedHandler(ApiRefusals.bearerAccessDenied(json))
                        .jwt(jwt -> jwt
                                .decoder(decoder(issuer, audience))
                                .jwtAuthenticationConverter(authenticationConverter())))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable());
        return http.build();
    }

    /** Whether the request authenticates with a bearer token (RFC 6750 §2.1), whatever its path. */
    static boolean carriesBearerToken(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    /**
     * Verifies against the issuer's published keys and checks the time claims, {@code iss} and {@code aud}; the
     * discovery document is read on the first bearer request, so the application starts even while Keycloak does not
     * answer yet.
     */
    static JwtDecoder decoder(String issuer, String audience) {
        return new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(issuer).build();
            decoder.setJwtValidator(BearerTokenValidation.validator(issuer, audience, Clock.systemUTC()));
            return decoder;
        });
    }

    static JwtAuthenticationConverter authenticationConverter() {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(new RealmRoleAuthorities());
        converter.setPrincipalClaimName("azp"); // the client the token was issued to, e.g. groundwork-trainer
        return converter;
    }
}
