package dev.groundwork.annotation.preference;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One judge's verdict on a comparison, as the preference policy sees it.
 *
 * @param judgeKind HUMAN or CRITIC
 * @param verdict A, B, TIE or BOTH_BAD (stored order)
 * @param judgmentId the judgment's id, or 0 where the caller has none (such a vote can supersede nothing and be
 *     superseded by nothing)
 * @param supersedes the id of the earlier judgment this one corrects, if it is a correction
 */
public record Vote(String judgeKind, String judgeId, String verdict, int strength, long judgmentId, OptionalLong supersedes) {

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
        Objects.requireNonNull(supersedes, "supersedes");
    }

    /** A vote that is no correction and whose judgment id does not matter. */
    public Vote(String judgeKind, String judgeId, String verdict, int strength) {
        this(judgeKind, judgeId, verdict, strength, 0, OptionalLong.empty());
    }

    boolean isHuman() {
        return judgeKind.equals("HUMAN");
    }
}
