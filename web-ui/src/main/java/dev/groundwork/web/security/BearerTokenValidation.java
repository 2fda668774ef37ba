package dev.groundwork.web.security;

import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/**
 * What a bearer token must be, besides signed by the issuer's keys: not expired nor used before its time ({@code exp},
 * {@code nbf}, 60 s of clock skew), issued by the realm ({@code iss}), and meant for this API ({@code aud} contains
 * {@code groundwork.api.audience}); and, for a refused token, why, in words for the caller.
 */
final class BearerTokenValidation {

    private BearerTokenValidation() {}

    /** Spring Security's default checks (time, certificate-bound tokens) with the issuer's and the audience's. */
    static OAuth2TokenValidator<Jwt> validator(String issuer, String audience, Clock clock) {
        JwtTimestampValidator time = new JwtTimestampValidator();
        time.setClock(clock);
        return JwtValidators.createDefaultWithValidators(List.of(time,
                described(new JwtIssuerValidator(issuer), "the token was not issued by " + issuer),
                described(new JwtAudienceValidator(audience), "the token's audience does not include " + audience)));
    }

    /** The check, with the given words for its refusal. */
    private static OAuth2TokenValidator<Jwt> described(OAuth2TokenValidator<Jwt> check, String refusal) {
        return jwt -> check.validate(jwt).hasErrors()
                ? OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, refusal, null))
                : OAuth2TokenValidatorResult.success();
    }

    /** Why a bearer request was not authenticated, for the problem's detail. */
    static String refusal(AuthenticationException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof JwtValidationException invalid) {
                return invalid.getErrors().stream().map(BearerTokenValidation::words).collect(Collectors.joining("; "));
            }
        }
        if (e instanceof InvalidBearerTokenException) {
            return "the token is not a JWT signed by the realm's keys";
        }
        return "the request carries no valid bearer token (" + e.getMessage() + ")";
    }

    private static String words(OAuth2Error error) {
        String description = error.getDescription() == null ? error.getErrorCode() : error.getDescription();
        return description.replace("Jwt expired at", "the token expired at").replace("Jwt used before", "the token is not valid before");
    }
}
