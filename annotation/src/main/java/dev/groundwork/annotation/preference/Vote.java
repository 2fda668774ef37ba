package dev.groundwork.annotation.preference;

import java.util.List;
import java.util.Objects;

/**
 * One judge's verdict on a comparison, as the preference policy sees it.
 *
 * @param judgeKind HUMAN or CRITIC
 * @param verdict A, B, TIE or BOTH_BAD (stored order)
 */
public record Vote(String judgeKind, String judgeId, String verdict, int strength) {

    static final List<String> KINDS = List.of("HUMAN", "CRITIC");
    static final List<String> VERDICTS = List.of("A", "B", "TIE", "BOTH_BAD");

    public Vote {
        if (!KINDS.contains(judgeKind)) {
            throw new IllegalArgumentException("judge kind must be one of " + KINDS + ", was " + judgeKind);
        }
        if (!VERDICTS.contains(verdict)) {
            throw new IllegalArgumentException("verdict must be one of " + VERDICTS + ", was " + verdict);
        }
        Objects.requireNonNull(judgeId, "judgeId");
    }

    boolean isHuman() {
        return judgeKind.equals("HUMAN");
    }
}
