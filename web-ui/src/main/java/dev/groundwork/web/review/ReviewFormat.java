package dev.groundwork.web.review;

import dev.groundwork.annotation.review.ReviewService.Kind;
import dev.groundwork.storage.judgment.Verdict;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The texts of the review view: kinds, verdict summaries, durations and figures. */
final class ReviewFormat {

    /**
     * Agreement figures resting on fewer shared comparisons than this are marked as a small sample:
     * with under 30, a κ of 0.6 has a 95 % interval roughly ±0.3 wide, too wide to rank annotators by.
     */
    static final int SMALL_SAMPLE = 30;

    private ReviewFormat() {}

    /** "n = 40", or "n = 12, small sample" below {@link #SMALL_SAMPLE}. */
    static String sample(int n) {
        return "n = " + n + (isSmall(n) ? ", small sample" : "");
    }

    static boolean isSmall(int n) {
        return n < SMALL_SAMPLE;
    }

    static String kind(Kind kind) {
        return switch (kind) {
            case HUMAN_HUMAN -> "human–human";
            case HUMAN_CRITIC -> "human–critic";
        };
    }

    /** "human–human, human–critic", in enum order. */
    static String kinds(Set<Kind> kinds) {
        return kinds.stream().sorted().map(ReviewFormat::kind).collect(Collectors.joining(", "));
    }

    /** "judge: A, judge2: B", judges named by {@code names}, in the map's order. */
    static String verdicts(Map<String, Verdict> verdicts, Function<String, String> names) {
        return verdicts.entrySet().stream().map(e -> names.apply(e.getKey()) + ": " + e.getValue().name())
                .collect(Collectors.joining(", "));
    }

    /** The label of a verdict in the resolve choice. */
    static String verdictLabel(Verdict verdict) {
        return switch (verdict) {
            case A -> "A better";
            case B -> "B better";
            case TIE -> "Tie";
            case BOTH_BAD -> "Both bad";
        };
    }

    static String strength(int strength) {
        return strength >= 2 ? strength + " (strong)" : Integer.toString(strength);
    }

    /** "850 ms", "12.3 s", "2 min 05 s"; "" when unknown. */
    static String timeSpent(Long millis) {
        if (millis == null) {
            return "";
        }
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = millis / 1000;
        return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
    }

    /** Three decimals, or "–" when undefined. */
    static String figure(OptionalDouble value) {
        return value.isPresent() ? String.format(Locale.ROOT, "%.3f", value.getAsDouble()) : "–";
    }

    /** "66.7 % of 3", or "–" when nothing was shared. */
    static String fraction(OptionalDouble value, int of) {
        return value.isPresent() ? String.format(Locale.ROOT, "%.1f %% of %d", 100 * value.getAsDouble(), of) : "–";
    }
}
