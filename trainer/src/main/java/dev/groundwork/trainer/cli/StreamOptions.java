package dev.groundwork.trainer.cli;

import picocli.CommandLine.Option;

/** Options of training on the judgment stream. */
final class StreamOptions {

    static final int DEFAULT_MIN_NEW_PAIRS = 50;

    @Option(names = "--follow", description = "keep running: train a round each time --min-new-pairs new pairs have arrived")
    boolean follow;

    @Option(names = "--min-new-pairs",
            description = "new pairs that start a round (default: " + DEFAULT_MIN_NEW_PAIRS + " with --follow, else 1)")
    Integer minNewPairs;

    /** The least new pairs for a round: as given, else 50 when following and 1 for a one-off round. */
    int minNewPairs() {
        return minNewPairs != null ? minNewPairs : follow ? DEFAULT_MIN_NEW_PAIRS : 1;
    }

    @Option(names = "--on-request", description = "with --follow: train only when asked (gw train --from stream, or a"
            + " scheduled TRAINING job, whose minPairs is then the threshold), never on --min-new-pairs by itself")
    boolean onRequest;

    @Option(names = "--name", description = "the rounds' run name in the artifact store (default: stream-<objective>)")
    String name;

    @Option(names = "--allow-critic-only", description = "let comparisons judged only by the critic make pairs (humans still outrank it)")
    boolean allowCriticOnly;

    @Option(names = "--dataset", description = "train only on pairs of this dataset (default: every dataset's)")
    String dataset;

    @Option(names = "--group", defaultValue = "groundwork-trainer",
            description = "the consumer group; a second service in the group takes over on failure (default: ${DEFAULT-VALUE})")
    String group;

    @Option(names = "--poll-seconds", defaultValue = "2", description = "how often to look for new pairs (default: ${DEFAULT-VALUE})")
    double pollSeconds;
}
