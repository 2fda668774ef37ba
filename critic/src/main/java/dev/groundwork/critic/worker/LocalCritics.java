package dev.groundwork.critic.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.critic.claims.ClaimChecker;
import dev.groundwork.critic.judge.Critic;
import dev.groundwork.critic.judge.CriticException;
import dev.groundwork.critic.openai.OpenAiCritic;
import dev.groundwork.critic.openai.OpenAiSettings;
import dev.groundwork.critic.openai.TemplateSet;
import dev.groundwork.critic.reward.RewardModelCritic;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The critics this service runs, built from a job's settings and the service's environment:
 * <ul>
 *   <li>{@code claims}: the claim checker; no settings;
 *   <li>{@code reward-model}: {@code {"checkpoint": "DIR or file: URI"}}, or {@code GW_CRITIC_REWARD_CHECKPOINT}; one
 *       loaded model per checkpoint, shared by the jobs that name it;
 *   <li>{@code openai}: the server from {@code GW_CRITIC_OPENAI_URL} and {@code GW_CRITIC_OPENAI_MODEL} (or the job's
 *       {@code baseUrl} and {@code model}); the key only from {@code GW_CRITIC_OPENAI_API_KEY}, never from a job (jobs
 *       travel as events); per job {@code tokenCap}, {@code pointwise} and {@code templates} (a template set file).
 *       Each job gets its own client, so that its token count and cap are its own.
 * </ul>
 */
public final class LocalCritics implements CriticFactory {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> env;
    private final Map<Path, RewardModelCritic> rewardModels = new ConcurrentHashMap<>();

    public LocalCritics(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public static LocalCritics fromEnvironment() {
        return new LocalCritics(System.getenv());
    }

    @Override
    public Critic create(String critic, String settings) {
        JsonNode json = parse(settings);
        return switch (critic) {
            case "claims" -> new ClaimChecker();
            case "reward-model" -> rewardModel(json);
            case "openai" -> openAi(json);
            default -> throw new CriticException(CriticException.Reason.UNSUPPORTED, "unknown critic '" + critic + "'");
        };
    }

    private Critic rewardModel(JsonNode json) {
        String where = text(json, "checkpoint").or(() -> Optional.ofNullable(env.get("GW_CRITIC_REWARD_CHECKPOINT")))
                .orElseThrow(() -> new CriticException(CriticException.Reason.UNSUPPORTED,
                        "the reward-model critic needs a checkpoint: the job's {\"checkpoint\": …} or GW_CRITIC_REWARD_CHECKPOINT"));
        Path dir = where.startsWith("file:") ? Path.of(URI.create(where)) : Path.of(where);
        try {
            return rewardModels.computeIfAbsent(dir.toAbsolutePath().normalize(), RewardModelCritic::load);
        } catch (IllegalArgumentException e) {
            throw new CriticException(CriticException.Reason.UNSUPPORTED, e.getMessage(), e);
        }
    }

    private Critic openAi(JsonNode json) {
        String url = text(json, "baseUrl").orElse(env.get("GW_CRITIC_OPENAI_URL"));
        String model = text(json, "model").orElse(env.get("GW_CRITIC_OPENAI_MODEL"));
        if (url == null || model == null) {
            throw new CriticException(CriticException.Reason.UNSUPPORTED,
                    "the openai critic needs GW_CRITIC_OPENAI_URL and GW_CRITIC_OPENAI_MODEL (or the job's baseUrl and model)");
        }
        OpenAiSettings s = OpenAiSettings.defaults(URI.create(url), model, env.get("GW_CRITIC_OPENAI_API_KEY"));
        if (json.hasNonNull("tokenCap")) {
            s = s.withTokenCap(json.get("tokenCap").asLong());
        }
        if (json.path("pointwise").asBoolean(false)) {
            s = s.withPointwise(true);
        }
        Optional<String> templates = text(json, "templates");
        if (templates.isPresent()) {
            try {
                s = s.withTemplates(TemplateSet.load(Path.of(templates.get())));
            } catch (IOException | IllegalArgumentException e) {
                throw new CriticException(CriticException.Reason.UNSUPPORTED, "cannot read the template set "
                        + templates.get() + ": " + e.getMessage(), e);
            }
        }
        return new OpenAiCritic(s);
    }

    private static JsonNode parse(String settings) {
        if (settings == null || settings.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(settings);
        } catch (IOException e) {
            throw new CriticException(CriticException.Reason.UNSUPPORTED, "the job's critic settings are not JSON: "
                    + settings);
        }
    }

    private static Optional<String> text(JsonNode json, String field) {
        JsonNode n = json.get(field);
        return n == null || !n.isTextual() || n.asText().isBlank() ? Optional.empty() : Optional.of(n.asText());
    }
}
