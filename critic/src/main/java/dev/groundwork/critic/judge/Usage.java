package dev.groundwork.critic.judge;

/** Tokens spent on one call or one job, as an OpenAI-compatible server reports them ({@code usage}). */
public record Usage(long promptTokens, long completionTokens) {

    public static final Usage NONE = new Usage(0, 0);

    public Usage {
        if (promptTokens < 0 || completionTokens < 0) {
            throw new IllegalArgumentException("token counts cannot be negative");
        }
    }

    public long totalTokens() {
        return promptTokens + completionTokens;
    }

    public Usage plus(Usage other) {
        return new Usage(promptTokens + other.promptTokens, completionTokens + other.completionTokens);
    }
}
