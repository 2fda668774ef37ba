package dev.groundwork.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/** The bearer token checks on tokens signed here, with the realm's key and with another. */
class BearerTokenValidationTest {

    private static final String ISSUER = "http://localhost:8180/realms/groundwork";
    private static final String AUDIENCE = "groundwork-api";
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    private final RSAKey realmKey = key();
    private final NimbusJwtDecoder decoder = decoder(realmKey);

    @Test
    void a_token_of_the_issuer_for_the_api_audience_within_its_time_is_accepted_with_its_claims() throws Exception {
        Jwt jwt = decoder.decode(token(realmKey, c -> c));

        assertThat(jwt.getAudience()).contains(AUDIENCE);
        assertThat(jwt.getClaimAsString("azp")).isEqualTo("groundwork-pipeline");
        assertThat(RealmRoleAuthorities.rolesOf(jwt.getClaims())).containsExactly("pipeline");
        // one audience as a string, as Keycloak writes it when there is only one
        assertThat(decoder.decode(token(realmKey, c -> c.audience(AUDIENCE))).getAudience()).containsExactly(AUDIENCE);
    }

    @Test
    void a_token_without_the_api_audience_is_refused_and_the_detail_says_so() throws Exception {
        for (UnaryOperator<JWTClaimsSet.Builder> audience : List.<UnaryOperator<JWTClaimsSet.Builder>>of(
                c -> c.audience((String) null), c -> c.audience(List.of("account")), c -> c.audience("groundwork-api-2"))) {
            String token = token(realmKey, audience);
            assertThatThrownBy(() -> decoder.decode(token)).isInstanceOfSatisfying(JwtValidationException.class, e ->
                    assertThat(refusal(e)).isEqualTo("the token's audience does not include groundwork-api"));
        }
    }

    @Test
    void a_token_of_another_issuer_is_refused() throws Exception {
        String token = token(realmKey, c -> c.issuer("http://localhost:8180/realms/other"));

        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOfSatisfying(JwtValidationException.class, e ->
                assertThat(refusal(e)).isEqualTo("the token was not issued by " + ISSUER));
    }

    @Test
    void an_expired_token_or_one_not_yet_valid_is_refused_beyond_a_minute_of_clock_skew() throws Exception {
        Date issued = Date.from(NOW.minus(Duration.ofMinutes(10)));
        String expired = token(realmKey, c -> c.issueTime(issued).expirationTime(Date.from(NOW.minus(Duration.ofSeconds(61)))));
        String skewed = token(realmKey, c -> c.issueTime(issued).expirationTime(Date.from(NOW.minus(Duration.ofSeconds(30)))));
        String early = token(realmKey, c -> c.notBeforeTime(Date.from(NOW.plus(Duration.ofMinutes(5)))));

        assertThatThrownBy(() -> decoder.decode(expired)).isInstanceOfSatisfying(JwtValidationException.class, e ->
                assertThat(refusal(e)).startsWith("the token expired at 2026-12-01T11:58:59Z"));
        assertThat(decoder.decode(skewed).getExpiresAt()).isBefore(NOW);
        assertThatThrownBy(() -> decoder.decode(early)).isInstanceOfSatisfying(JwtValidationException.class, e ->
                assertThat(refusal(e)).startsWith("the token is not valid before"));
    }

    @Test
    void every_failed_check_is_named() throws Exception {
        String token = token(realmKey, c -> c.issuer("http://elsewhere").audience("account"));

        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOfSatisfying(JwtValidationException.class, e ->
                assertThat(refusal(e)).contains("not issued by").contains("audience does not include groundwork-api"));
    }

    @Test
    void a_token_signed_by_another_key_is_refused_before_its_claims_are_read() throws Exception {
        String forged = token(key(), c -> c);

        assertThatThrownBy(() -> decoder.decode(forged)).isInstanceOfSatisfying(JwtException.class, e ->
                assertThat(BearerTokenValidation.refusal(new InvalidBearerTokenException(e.getMessage(), e)))
                        .isEqualTo("the token is not a JWT signed by the realm's keys"));
    }

    private static String refusal(JwtValidationException e) {
        // as the resource server hands it to the entry point: wrapped in an InvalidBearerTokenException
        return BearerTokenValidation.refusal(new InvalidBearerTokenException(e.getMessage(), e));
    }

    private static NimbusJwtDecoder decoder(RSAKey key) {
        try {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(key.toRSAPublicKey()).build();
            decoder.setJwtValidator(BearerTokenValidation.validator(ISSUER, AUDIENCE, Clock.fixed(NOW, ZoneOffset.UTC)));
            return decoder;
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Keycloak-like access token of a pipeline's service account, changed by {@code edit}, signed with {@code key}. */
    private static String token(RSAKey key, UnaryOperator<JWTClaimsSet.Builder> edit) throws JOSEException {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("8c2f6d1e-4a7b-4f3c-9e15-2b6a0d9c7f41")
                .audience(List.of(AUDIENCE, "account"))
                .issueTime(Date.from(NOW.minus(Duration.ofMinutes(1))))
                .expirationTime(Date.from(NOW.plus(Duration.ofMinutes(4))))
                .claim("azp", "groundwork-pipeline")
                .claim("realm_access", Map.of("roles", List.of("pipeline")));
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                edit.apply(claims).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static RSAKey key() {
        try {
            return new RSAKeyGenerator(2048).keyID("k" + System.nanoTime()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
