package dev.groundwork.web.jobs;

import dev.groundwork.annotation.event.CriticRequested;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a scheduled job does. Each kind names its parameters; {@link #check} refuses a missing, unknown or malformed
 * one by name. The web application only sends the work to the service that does it (docs/jobs.md).
 */
public enum JobKind {

    /**
     * A critic batch: one critic request per comparison of {@code dataset}, judged by the critic service with
     * {@code critic} (one of {@link CriticRequested#CRITICS}, default {@code claims}) and optional JSON {@code settings}.
     */
    CRITIC_BATCH(List.of("dataset"), List.of("critic", "settings")),

    /**
     * A training round: asks the trainer service for a round of {@code objective} ({@code reward}, {@code dpo} or
     * {@code mdpo}) on the pairs new since its last round, if there are at least {@code minPairs}; the service answers
     * with the run and checkpoint, or that there were too few new pairs. When it trained, the job named {@code then}
     * (if any; e.g. an {@link #EVALUATION}) is run at once with the new checkpoint.
     */
    TRAINING(List.of("objective", "minPairs"), List.of("then")),

    /**
     * An evaluation with the promotion gate: the trainer service evaluates a candidate checkpoint ({@code checkpoint},
     * else the one handed over by the training job that ran it, else the newest policy checkpoint not gated yet)
     * against the current policy on {@code heldOut} held-out scenes of the world the policies were trained on
     * ({@code worldScenes} scenes of seed {@code worldSeed}: the demo world's by default), writes the audit report, and
     * the candidate becomes the current policy only if it is not worse by more than {@code margin} on any
     * hallucination rate or POPE F1, judged by the 95 % intervals ({@link PromotionGate}).
     */
    EVALUATION(List.of(), List.of("checkpoint", "margin", "heldOut", "worldScenes", "worldSeed")),

    /**
     * On-policy rounds (LLaVA-Critic's recipe, docs/critic.md), run by the critic service: the current policy (else the
     * newest SFT checkpoint, else one trained first) samples {@code k} answers (default 4) to each of {@code prompts}
     * prompts (default 64) of {@code dataset}, the {@code critic} (default {@code claims}) judges every ordered pair,
     * and the best-vs-worst pairs train a DPO round of {@code steps} steps (default 40); {@code rounds} times (default
     * 1), seeded by {@code seed} (default 7). The service answers with the last round's checkpoint, and the job named
     * {@code then} (e.g. an {@link #EVALUATION}) is run with it.
     */
    ON_POLICY_ROUND(List.of("dataset"), List.of("critic", "k", "rounds", "prompts", "steps", "seed", "then"));

    /** The default promotion margin: five percentage points. */
    public static final double DEFAULT_MARGIN = 0.05;

    /** The preference objectives the trainer service trains in rounds. */
    public static final Set<String> OBJECTIVES = Set.of("reward", "dpo", "mdpo");

    private final List<String> required;
    private final List<String> optional;

    JobKind(List<String> required, List<String> optional) {
        this.required = required;
        this.optional = optional;
    }

    public List<String> required() {
        return required;
    }

    public List<String> optional() {
        return optional;
    }

    /**
     * The parameters with defaults filled in.
     *
     * @throws IllegalArgumentException naming the parameter that is missing, unknown or malformed
     */
    public Map<String, String> check(Map<String, String> given) {
        Map<String, String> out = new LinkedHashMap<>();
        for (var e : given.entrySet()) {
            if (!required.contains(e.getKey()) && !optional.contains(e.getKey())) {
                throw new IllegalArgumentException("a " + name() + " job has no parameter '" + e.getKey() + "'; it takes "
                        + String.join(", ", required) + (optional.isEmpty() ? "" : " and optionally " + String.join(", ", optional)));
            }
            if (e.getValue() != null && !e.getValue().isBlank()) {
                out.put(e.getKey(), e.getValue().strip());
            }
        }
        for (String r : required) {
            if (!out.containsKey(r)) {
                throw new IllegalArgumentException("a " + name() + " job needs the parameter '" + r + "'");
            }
        }
        switch (this) {
            case CRITIC_BATCH -> {
                out.putIfAbsent("critic", "claims");
                if (!CriticRequested.CRITICS.contains(out.get("critic"))) {
                    throw new IllegalArgumentException("parameter 'critic' must be one of " + CriticRequested.CRITICS + ", was '"
                            + out.get("critic") + "'");
                }
            }
            case TRAINING -> {
                if (!OBJECTIVES.contains(out.get("objective"))) {
                    throw new IllegalArgumentException("parameter 'objective' must be one of reward, dpo, mdpo, was '"
                            + out.get("objective") + "'");
                }
                int minPairs;
                try {
                    minPairs = Integer.parseInt(out.get("minPairs"));
                } catch (NumberFormatException e) {
                    minPairs = 0;
                }
                if (minPairs < 1) {
                    throw new IllegalArgumentException("parameter 'minPairs' must be a whole number of at least 1, was '"
                            + out.get("minPairs") + "'");
                }
                checkThen(out);
            }
            case ON_POLICY_ROUND -> {
                out.putIfAbsent("critic", "claims");
                if (!CriticRequested.CRITICS.contains(out.get("critic"))) {
                    throw new IllegalArgumentException("parameter 'critic' must be one of " + CriticRequested.CRITICS + ", was '"
                            + out.get("critic") + "'");
                }
                out.putIfAbsent("k", "4");
                out.putIfAbsent("rounds", "1");
                out.putIfAbsent("prompts", "64");
                out.putIfAbsent("steps", "40");
                out.putIfAbsent("seed", "7");
                whole(out, "k", 2, 16);
                whole(out, "rounds", 1, 100);
                whole(out, "prompts", 1, 100_000);
                whole(out, "steps", 1, 1_000_000);
                whole(out, "seed", Long.MIN_VALUE, Long.MAX_VALUE);
                checkThen(out);
            }
            case EVALUATION -> {
                out.putIfAbsent("margin", Double.toString(DEFAULT_MARGIN));
                out.putIfAbsent("heldOut", "30");
                out.putIfAbsent("worldScenes", "300");
                out.putIfAbsent("worldSeed", "7");
                double margin = number(out, "margin", 0, 1);
                out.put("margin", Double.toString(margin));
                out.put("heldOut", Long.toString((long) whole(out, "heldOut", 1, 10_000)));
                out.put("worldScenes", Long.toString((long) whole(out, "worldScenes", 0, 1_000_000)));
                whole(out, "worldSeed", Long.MIN_VALUE, Long.MAX_VALUE);
            }
        }
        return out;
    }

    private static void checkThen(Map<String, String> p) {
        if (p.containsKey("then") && !p.get("then").matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw new IllegalArgumentException("parameter 'then' must name a job, was '" + p.get("then") + "'");
        }
    }

    private static double number(Map<String, String> p, String name, double min, double max) {
        double v;
        try {
            v = Double.parseDouble(p.get(name));
        } catch (NumberFormatException e) {
            v = Double.NaN;
        }
        if (!(v >= min && v <= max)) {
            throw new IllegalArgumentException("parameter '" + name + "' must be a number from " + min + " to " + max + ", was '"
                    + p.get(name) + "'");
        }
        return v;
    }

    private static long whole(Map<String, String> p, String name, long min, long max) {
        try {
            long v = Long.parseLong(p.get(name));
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("parameter '" + name + "' must be a whole number" + (min == Long.MIN_VALUE ? ""
                : " from " + min + " to " + max) + ", was '" + p.get(name) + "'");
    }
}
