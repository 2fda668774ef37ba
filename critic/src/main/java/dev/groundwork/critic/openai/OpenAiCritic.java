package dev.groundwork.critic.openai;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.groundwork.critic.judge.Critic;
import dev.groundwork.critic.judge.CriticException;
import dev.groundwork.critic.judge.CriticIdentity;
import dev.groundwork.critic.judge.CriticPair;
import dev.groundwork.critic.judge.CriticVerdict;
import dev.groundwork.critic.judge.Usage;
import dev.groundwork.storage.judgment.Verdict;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A critic served over an OpenAI-compatible chat-completions API: LLaVA-Critic-7B/72B on SGLang, or a Qwen2.5-VL-based
 * critic such as LLaVA-Critic-R1 on vLLM (vLLM does not serve the {@code LlavaQwenForCausalLM} checkpoints). Pairwise by
 * default (one call per pair, {@link VerdictParser#pairwise}); pointwise mode scores each answer in its own call and
 * compares. Verdicts are cached by the SHA-256 of (image, prompt, answers, template, model, mode), so a repeated
 * pair costs nothing; tokens are counted per verdict and per job (this critic instance), and a job stops with
 * {@link CriticException.Reason#BUDGET_EXHAUSTED} once it has spent its cap.
 */
public final class OpenAiCritic implements Critic {

    private final OpenAiSettings settings;
    private final ChatClient client;
    private final Cache<String, CriticVerdict> cache;
    private final CriticIdentity identity;
    private final AtomicLong promptTokens = new AtomicLong();
    private final AtomicLong completionTokens = new AtomicLong();

    public OpenAiCritic(OpenAiSettings settings) {
        this.settings = settings;
        this.client = new ChatClient(settings);
        this.cache = Caffeine.newBuilder().maximumSize(settings.cacheEntries()).build();
        this.identity = new CriticIdentity("openai", settings.model(),
                settings.templates().id() + (settings.pointwise() ? "-pointwise" : "-pairwise"));
    }

    @Override
    public CriticIdentity identity() {
        return identity;
    }

    @Override
    public CriticVerdict judge(CriticPair pair) {
        String key = cacheKey(pair);
        CriticVerdict cached = cache.getIfPresent(key);
        if (cached != null) {
            return new CriticVerdict(cached.verdict(), cached.strength(), cached.flags(), cached.rationale(), Usage.NONE);
        }
        CriticVerdict verdict = settings.pointwise() ? pointwise(pair) : pairwise(pair);
        cache.put(key, verdict);
        return verdict;
    }

    private CriticVerdict pairwise(CriticPair pair) {
        ChatClient.Completion c = call(settings.templates().pairwisePrompt(pair.prompt(), pair.first(), pair.second()), pair);
        VerdictParser.Decision d = VerdictParser.pairwise(c.content());
        return new CriticVerdict(d.verdict(), d.strength(), List.of(), c.content(), c.usage());
    }

    private CriticVerdict pointwise(CriticPair pair) {
        ChatClient.Completion first = call(settings.templates().pointwisePrompt(pair.prompt(), pair.first()), pair);
        ChatClient.Completion second = call(settings.templates().pointwisePrompt(pair.prompt(), pair.second()), pair);
        double a = VerdictParser.score(first.content());
        double b = VerdictParser.score(second.content());
        Verdict verdict = a > b ? Verdict.A : a < b ? Verdict.B : Verdict.TIE;
        int strength = Math.abs(a - b) >= 0.2 * settings.templates().pointwiseScale() ? 2 : 1;
        String rationale = "First answer, score " + a + ":\n" + first.content() + "\nSecond answer, score " + b + ":\n"
                + second.content();
        return new CriticVerdict(verdict, strength, List.of(), rationale, first.usage().plus(second.usage()));
    }

    private ChatClient.Completion call(String prompt, CriticPair pair) {
        Long cap = settings.tokenCap();
        if (cap != null && spent().totalTokens() >= cap) {
            throw new CriticException(CriticException.Reason.BUDGET_EXHAUSTED, "pair " + pair.id() + ": the job has spent "
                    + spent().totalTokens() + " of its " + cap + " tokens");
        }
        ChatClient.Completion c = client.complete(prompt, pair.image());
        promptTokens.addAndGet(c.usage().promptTokens());
        completionTokens.addAndGet(c.usage().completionTokens());
        return c;
    }

    /** Tokens this critic (one job) has spent so far. */
    public Usage spent() {
        return new Usage(promptTokens.get(), completionTokens.get());
    }

    /** HTTP attempts made so far, retries included. */
    public long attempts() {
        return client.attempts();
    }

    private String cacheKey(CriticPair pair) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {pair.image().sha256(), pair.prompt(), pair.first(), pair.second(),
                    settings.templates().id(), settings.model(), settings.pointwise() ? "pointwise" : "pairwise"}) {
                sha.update(part.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
