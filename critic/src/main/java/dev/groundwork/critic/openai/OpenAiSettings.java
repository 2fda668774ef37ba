package dev.groundwork.critic.openai;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach an OpenAI-compatible chat-completions server (SGLang serving LLaVA-Critic, vLLM serving a
 * Qwen2.5-VL-based critic, or any other) and how hard to push it.
 *
 * @param baseUrl the API root, e.g. {@code http://critic-host:30000/v1}; requests go to {@code baseUrl/chat/completions}
 * @param model the served model's name, e.g. {@code lmms-lab/llava-critic-7b}
 * @param apiKey sent as {@code Authorization: Bearer}; null for servers without one. Never logged ({@link #toString()}
 *     leaves it out)
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout how long to wait for the response to one request
 * @param maxAttempts tries per request, the first included, for timeouts, 408, 429 and 5xx
 * @param initialBackoff the first wait between tries; it doubles each try, with ±50 % jitter, up to {@code maxBackoff}
 * @param maxBackoff the longest wait between tries, and the longest {@code Retry-After} honoured
 * @param concurrency requests in flight at once, across all threads of this critic
 * @param requestsPerSecond the request rate limit
 * @param maxTokens the completion's token limit ({@code max_tokens})
 * @param cacheEntries verdicts kept in memory by content hash (0: no cache)
 * @param tokenCap the most tokens (prompt + completion) one job may spend; null for no cap
 * @param pointwise judge each answer alone with the pointwise template and compare the scores, instead of the
 *     pairwise template
 */
public record OpenAiSettings(URI baseUrl, String model, String apiKey, Duration connectTimeout, Duration readTimeout,
        int maxAttempts, Duration initialBackoff, Duration maxBackoff, int concurrency, double requestsPerSecond,
        int maxTokens, long cacheEntries, Long tokenCap, boolean pointwise, TemplateSet templates) {

    public OpenAiSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model is missing");
        }
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(initialBackoff, "initialBackoff");
        Objects.requireNonNull(maxBackoff, "maxBackoff");
        Objects.requireNonNull(templates, "templates");
        if (maxAttempts < 1 || concurrency < 1 || requestsPerSecond <= 0 || maxTokens < 1 || cacheEntries < 0) {
            throw new IllegalArgumentException("maxAttempts, concurrency, requestsPerSecond and maxTokens must be positive");
        }
        if (tokenCap != null && tokenCap < 1) {
            throw new IllegalArgumentException("tokenCap must be positive, was " + tokenCap);
        }
    }

    /**
     * Defaults for a served critic at {@code baseUrl}: connect 10 s, read 120 s, 4 attempts from 1 s up to 60 s,
     * 8 in flight, 20 requests/s, 1024 completion tokens, 10 000 cached verdicts, no token cap, pairwise, LLaVA-Critic's
     * templates.
     */
    public static OpenAiSettings defaults(URI baseUrl, String model, String apiKey) {
        return new OpenAiSettings(baseUrl, model, apiKey, Duration.ofSeconds(10), Duration.ofSeconds(120), 4,
                Duration.ofSeconds(1), Duration.ofSeconds(60), 8, 20, 1024, 10_000, null, false, TemplateSet.llavaCritic());
    }

    public OpenAiSettings withTimeouts(Duration connect, Duration read) {
        return new OpenAiSettings(baseUrl, model, apiKey, connect, read, maxAttempts, initialBackoff, maxBackoff,
                concurrency, requestsPerSecond, maxTokens, cacheEntries, tokenCap, pointwise, templates);
    }

    public OpenAiSettings withRetries(int attempts, Duration initial, Duration max) {
        return new OpenAiSettings(baseUrl, model, apiKey, connectTimeout, readTimeout, attempts, initial, max,
                concurrency, requestsPerSecond, maxTokens, cacheEntries, tokenCap, pointwise, templates);
    }

    public OpenAiSettings withLimits(int inFlight, double perSecond) {
        return new OpenAiSettings(baseUrl, model, apiKey, connectTimeout, readTimeout, maxAttempts, initialBackoff,
                maxBackoff, inFlight, perSecond, maxTokens, cacheEntries, tokenCap, pointwise, templates);
    }

    public OpenAiSettings withTokenCap(Long cap) {
        return new OpenAiSettings(baseUrl, model, apiKey, connectTimeout, readTimeout, maxAttempts, initialBackoff,
                maxBackoff, concurrency, requestsPerSecond, maxTokens, cacheEntries, cap, pointwise, templates);
    }

    public OpenAiSettings withPointwise(boolean usePointwise) {
        return new OpenAiSettings(baseUrl, model, apiKey, connectTimeout, readTimeout, maxAttempts, initialBackoff,
                maxBackoff, concurrency, requestsPerSecond, maxTokens, cacheEntries, tokenCap, usePointwise, templates);
    }

    public OpenAiSettings withTemplates(TemplateSet set) {
        return new OpenAiSettings(baseUrl, model, apiKey, connectTimeout, readTimeout, maxAttempts, initialBackoff,
                maxBackoff, concurrency, requestsPerSecond, maxTokens, cacheEntries, tokenCap, pointwise, set);
    }

    /** Everything but the API key, which shows only as set or not. */
    @Override
    public String toString() {
        return "OpenAiSettings[baseUrl=" + baseUrl + ", model=" + model + ", apiKey=" + (apiKey == null ? "none" : "(set)")
                + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + ", maxAttempts=" + maxAttempts
                + ", backoff=" + initialBackoff + ".." + maxBackoff + ", concurrency=" + concurrency
                + ", requestsPerSecond=" + requestsPerSecond + ", maxTokens=" + maxTokens + ", cacheEntries="
                + cacheEntries + ", tokenCap=" + tokenCap + ", pointwise=" + pointwise + ", templates=" + templates.id() + "]";
    }
}
