package dev.groundwork.web.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Each client of the API may make {@code groundwork.api.rate-limit} requests per {@code groundwork.api.rate-period}
 * (resilience4j's {@link AtomicRateLimiter}, one per client); one more is answered 429 with {@code Retry-After}, the
 * whole seconds until the next permit. A client is the authenticated caller (a person's user name, a service account's
 * client id) or, before authentication, the remote address. Registered after Spring Security's filters
 * ({@link ApiFilters}), so that the caller is known.
 */
public class ApiRateLimitFilter extends OncePerRequestFilter {

    static final int MAX_CLIENTS = 100_000;

    private final RateLimiterConfig config;
    private final ObjectMapper json;
    /**
     * One limiter per client, dropped once idle for a period: by then all its permits are back, so a new one is the
     * same. Bounded besides, against a flood of addresses.
     */
    private final Cache<String, AtomicRateLimiter> limiters;

    public ApiRateLimitFilter(ApiProperties properties, ObjectMapper json) {
        this.config = RateLimiterConfig.custom()
                .limitForPeriod(properties.rateLimit())
                .limitRefreshPeriod(properties.ratePeriod())
                .timeoutDuration(Duration.ZERO)
                .build();
        this.json = json;
        this.limiters = Caffeine.newBuilder().expireAfterAccess(properties.ratePeriod()).maximumSize(MAX_CLIENTS).build();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !ApiPaths.isApi(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String client = client(request);
        AtomicRateLimiter limiter = limiters.get(client, c -> new AtomicRateLimiter("api:" + c, config));
        if (limiter.acquirePermission()) {
            chain.doFilter(request, response);
            return;
        }
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(limiter.getDetailedMetrics().getNanosToWait() + 999_999_999L));
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        ProblemDetail problem = Problems.of(HttpStatus.TOO_MANY_REQUESTS, "more than " + config.getLimitForPeriod()
                + " requests in " + config.getLimitRefreshPeriod().toMillis() + " ms; retry after " + seconds + " s");
        Problems.write(response, json, problem);
    }

    private static String client(HttpServletRequest request) {
        return ApiCaller.authenticated().map(name -> "caller " + name)
                .orElseGet(() -> "address " + request.getRemoteAddr());
    }
}
