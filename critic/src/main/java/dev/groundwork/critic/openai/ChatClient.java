package dev.groundwork.critic.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.groundwork.critic.judge.CriticException;
import dev.groundwork.critic.judge.CriticImage;
import dev.groundwork.critic.judge.Usage;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * One chat-completions call with the image as a base64 data URL and temperature 0, behind a concurrency limit
 * (a semaphore), a request rate limit and retries (resilience4j). Timeouts, connection failures, 408, 429 and 5xx are
 * retried with exponential backoff and jitter; a {@code Retry-After} header (seconds or an HTTP date) replaces the
 * backoff for that wait, up to {@link OpenAiSettings#maxBackoff()}. Other 4xx fail at once: retrying cannot help.
 */
final class ChatClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One answer of the server. */
    record Completion(String content, Usage usage) {}

    /** A failure worth another try; {@code retryAfter} is what the server asked for, if anything. */
    static final class RetryableFailure extends RuntimeException {
        final CriticException.Reason reason;
        final Duration retryAfter;

        RetryableFailure(CriticException.Reason reason, String message, Duration retryAfter, Throwable cause) {
            super(message, cause);
            this.reason = reason;
            this.retryAfter = retryAfter;
        }
    }

    private final OpenAiSettings settings;
    private final HttpClient http;
    private final URI endpoint;
    private final Semaphore inFlight;
    private final RateLimiter rateLimiter;
    private final Retry retry;

    ChatClient(OpenAiSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout()).build();
        String base = settings.baseUrl().toString();
        this.endpoint = URI.create((base.endsWith("/") ? base : base + "/") + "chat/completions");
        this.inFlight = new Semaphore(settings.concurrency(), true);
        int perPeriod = (int) Math.max(1, Math.round(settings.requestsPerSecond()));
        Duration period = Duration.ofNanos(Math.round(1e9 * perPeriod / settings.requestsPerSecond()));
        this.rateLimiter = RateLimiter.of("critic-" + settings.model(), RateLimiterConfig.custom()
                .limitForPeriod(perPeriod).limitRefreshPeriod(period).timeoutDuration(Duration.ofMinutes(10)).build());
        IntervalFunction backoff = IntervalFunction.ofExponentialRandomBackoff(settings.initialBackoff(), 2.0, 0.5,
                settings.maxBackoff());
        IntervalBiFunction<Completion> wait = (attempt, outcome) -> {
            if (outcome.isLeft() && outcome.getLeft() instanceof RetryableFailure f && f.retryAfter != null) {
                return Math.min(f.retryAfter.toMillis(), settings.maxBackoff().toMillis());
            }
            return backoff.apply(attempt);
        };
        this.retry = Retry.of("critic-" + settings.model(), RetryConfig.<Completion>custom()
                .maxAttempts(settings.maxAttempts())
                .intervalBiFunction(wait)
                .retryOnException(e -> e instanceof RetryableFailure)
                .build());
    }

    /**
     * The critic's answer to {@code prompt} about {@code image}.
     *
     * @throws CriticException TIMEOUT or UNAVAILABLE after the last try, REJECTED for another 4xx, MALFORMED_VERDICT
     *     for a 200 whose body is not a chat completion
     */
    Completion complete(String prompt, CriticImage image) {
        String body = requestBody(prompt, image);
        try {
            return retry.executeSupplier(() -> attempt(body));
        } catch (RetryableFailure f) {
            throw new CriticException(f.reason, f.getMessage() + " (after " + settings.maxAttempts() + " attempts)", f);
        }
    }

    /** Attempts made so far, for tests and job summaries. */
    long attempts() {
        Retry.Metrics m = retry.getMetrics();
        return m.getNumberOfSuccessfulCallsWithoutRetryAttempt() + m.getNumberOfFailedCallsWithoutRetryAttempt()
                + m.getNumberOfSuccessfulCallsWithRetryAttempt() + m.getNumberOfFailedCallsWithRetryAttempt();
    }

    private Completion attempt(String body) {
        rateLimiter.acquirePermission();
        inFlight.acquireUninterruptibly();
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(settings.readTimeout())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            if (settings.apiKey() != null) {
                request.header("Authorization", "Bearer " + settings.apiKey());
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return read(response);
        } catch (HttpTimeoutException e) {
            throw new RetryableFailure(CriticException.Reason.TIMEOUT, "no answer from " + endpoint + " within "
                    + settings.readTimeout().toMillis() + " ms", null, e);
        } catch (ConnectException e) {
            throw new RetryableFailure(CriticException.Reason.UNAVAILABLE, "cannot connect to " + endpoint, null, e);
        } catch (IOException e) {
            throw new RetryableFailure(CriticException.Reason.UNAVAILABLE, "I/O error talking to " + endpoint + ": "
                    + e.getMessage(), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CriticException(CriticException.Reason.UNAVAILABLE, "interrupted while calling " + endpoint, e);
        } finally {
            inFlight.release();
        }
    }

    private Completion read(HttpResponse<String> response) {
        int status = response.statusCode();
        if (status == 408 || status == 429 || status >= 500) {
            throw new RetryableFailure(CriticException.Reason.UNAVAILABLE, "HTTP " + status + " from " + endpoint
                    + errorMessage(response.body()), retryAfter(response).orElse(null), null);
        }
        if (status >= 400) {
            throw new CriticException(CriticException.Reason.REJECTED, "HTTP " + status + " from " + endpoint
                    + errorMessage(response.body()));
        }
        try {
            JsonNode root = JSON.readTree(response.body());
            JsonNode content = root.path("choices").path(0).path("message").path("content");
            if (!content.isTextual()) {
                throw new CriticException(CriticException.Reason.MALFORMED_VERDICT,
                        "the server's answer has no choices[0].message.content");
            }
            JsonNode usage = root.path("usage");
            return new Completion(content.asText(), new Usage(usage.path("prompt_tokens").asLong(0),
                    usage.path("completion_tokens").asLong(0)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CriticException(CriticException.Reason.MALFORMED_VERDICT, "the server's answer is not JSON", e);
        }
    }

    /** {@code Retry-After} as seconds or an HTTP date (RFC 9110 §10.2.3). */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(ChatClient::parseRetryAfter);
    }

    static Optional<Duration> parseRetryAfter(String value) {
        String v = value.strip();
        if (v.matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(Instant.now(), at);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String errorMessage(String body) {
        try {
            JsonNode message = JSON.readTree(body).path("error").path("message");
            return message.isTextual() ? ": " + message.asText() : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private String requestBody(String prompt, CriticImage image) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", settings.model());
        root.put("temperature", 0);
        root.put("max_tokens", settings.maxTokens());
        ArrayNode messages = root.putArray("messages");
        ObjectNode user = messages.addObject();
        user.put("role", "user");
        ArrayNode content = user.putArray("content");
        ObjectNode picture = content.addObject();
        picture.put("type", "image_url");
        picture.putObject("image_url").put("url", "data:" + image.mediaType() + ";base64,"
                + Base64.getEncoder().encodeToString(image.bytes().get()));
        ObjectNode text = content.addObject();
        text.put("type", "text");
        text.put("text", prompt);
        return root.toString();
    }
}
