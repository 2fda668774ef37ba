package dev.groundwork.web.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.storage.idempotency.IdempotencyKeys;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The API's limits and where its rate limit and its Idempotency-Key run: right after Spring Security's filter chain. */
@Configuration
@EnableConfigurationProperties(ApiProperties.class)
public class ApiFilters {

    @Bean
    FilterRegistrationBean<ApiRateLimitFilter> apiRateLimitFilter(ApiProperties properties, ObjectMapper json) {
        FilterRegistrationBean<ApiRateLimitFilter> registration =
                new FilterRegistrationBean<>(new ApiRateLimitFilter(properties, json));
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 1);
        return registration;
    }

    /** After the rate limit: a refused request keeps no answer. */
    @Bean
    FilterRegistrationBean<IdempotencyFilter> apiIdempotencyFilter(IdempotencyKeys keys, ObjectMapper json) {
        FilterRegistrationBean<IdempotencyFilter> registration = new FilterRegistrationBean<>(new IdempotencyFilter(keys, json));
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 2);
        return registration;
    }
}
