package dev.groundwork.web.api;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The limits of the public API (docs/configuration.md, {@code groundwork.api.*}).
 *
 * @param maxBodySize the largest JSON request body; a larger one is answered 413
 * @param rateLimit requests each client may make per {@code ratePeriod}; more are answered 429 with {@code Retry-After}
 * @param ratePeriod the period of {@code rateLimit}
 * @param maxPageSize the largest {@code limit} of a list
 * @param audience what a bearer token's {@code aud} must contain (BearerSecurityConfiguration)
 */
@ConfigurationProperties("groundwork.api")
public record ApiProperties(@DefaultValue("1MB") DataSize maxBodySize, @DefaultValue("100") int rateLimit,
        @DefaultValue("1s") Duration ratePeriod, @DefaultValue("500") int maxPageSize,
        @DefaultValue("groundwork-api") String audience) {

    public ApiProperties {
        if (maxBodySize.toBytes() <= 0) {
            throw new IllegalArgumentException("groundwork.api.max-body-size must be positive, was " + maxBodySize);
        }
        if (rateLimit <= 0) {
            throw new IllegalArgumentException("groundwork.api.rate-limit must be positive, was " + rateLimit);
        }
        if (ratePeriod.isNegative() || ratePeriod.isZero()) {
            throw new IllegalArgumentException("groundwork.api.rate-period must be positive, was " + ratePeriod);
        }
        if (audience == null || audience.isBlank()) {
            throw new IllegalArgumentException("groundwork.api.audience must not be blank");
        }
        if (maxPageSize <= 0) {
            throw new IllegalArgumentException("groundwork.api.max-page-size must be positive, was " + maxPageSize);
        }
    }
}
