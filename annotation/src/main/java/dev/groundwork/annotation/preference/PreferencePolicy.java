package dev.groundwork.annotation.preference;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How judgments on one comparison become (at most) one preference pair. Documented in
 * {@code docs/events.md} (section "Preference policy"):
 *
 * <ol>
 *   <li>A judgment a later correction superseded is no vote: of a judge's corrected verdicts only the
 *       latest counts ({@link #current}).
 *   <li>A reviewer's resolution outranks every vote: A or B gives that pair with weight 1, decided
 *       by REVIEWER; TIE or BOTH_BAD gives no pair, whatever the votes say.
 *   <li>Humans outrank the critic: if any human judged the comparison, only human votes count.
 *   <li>Otherwise critic votes count only when {@code allowCriticOnly} is set.
 *   <li>In the deciding group, A-votes and B-votes are counted; TIE and BOTH_BAD votes prefer
 *       neither and produce no pair on their own. The side with strictly more votes wins; equal
 *       counts (including none) give no pair.
 *   <li>The pair's weight is the agreement: winning votes / all votes of the deciding group
 *       (ties and both-bad included), so 3 of 3 gives 1.0 and 2 of 3 gives 0.67.
 * </ol>
 */
public record PreferencePolicy(boolean allowCriticOnly) {

    public static final PreferencePolicy DEFAULT = new PreferencePolicy(false);

    /** The rules above, named for checkpoints and exports; changes whenever the rules do. */
    public static final String VERSION = "policy-v3: latest correction, reviewer>human>critic, weight=agreement";

    /** The judge kind of a pair a reviewer's resolution decided. */
    public static final String REVIEWER = "REVIEWER";

    /** {@link #VERSION}; {@code allowCriticOnly} is this policy's one parameter, recorded beside it. */
    public String version() {
        return VERSION;
    }

    /** The votes alone, for a comparison no reviewer resolved. */
    public Optional<Preference> decide(Collection<Vote> votes) {
        return decide(votes, Optional.empty());
    }

    /**
     * The votes and, when a reviewer resolved the comparison, the resolution's verdict.
     *
     * @param resolution A, B, TIE or BOTH_BAD (stored order), or empty when unresolved
     */
    public Optional<Preference> decide(Collection<Vote> votes, Optional<String> resolution) {
        Objects.requireNonNull(votes, "votes");
        if (resolution.isPresent()) {
            return reviewed(resolution.get());
        }
        List<Vote> group = decidingGroup(votes);
        return group.isEmpty() ? Optional.empty() : majority(group, group.get(0).judgeKind());
    }

    /**
     * The votes that decide a comparison no reviewer resolved (rules 1, 3 and 4): the current human votes if there
     * are any, else the current critic votes when {@code allowCriticOnly} is set, else none. Their judges are the
     * ones a pair made of them is credited to.
     */
    public List<Vote> decidingGroup(Collection<Vote> votes) {
        List<Vote> current = current(Objects.requireNonNull(votes, "votes"));
        List<Vote> humans = current.stream().filter(Vote::isHuman).toList();
        if (!humans.isEmpty()) {
            return humans;
        }
        return allowCriticOnly ? current.stream().filter(v -> !v.isHuman()).toList() : List.of();
    }

    /**
     * The votes no other vote of the collection supersedes, in their order. Independent of the order the
     * votes arrived in: a correction read before the judgment it corrects still removes it.
     */
    public static List<Vote> current(Collection<Vote> votes) {
        Set<Long> superseded = new HashSet<>();
        votes.forEach(v -> v.supersedes().ifPresent(superseded::add));
        if (superseded.isEmpty()) {
            return List.copyOf(votes);
        }
        return votes.stream().filter(v -> v.judgmentId() == 0 || !superseded.contains(v.judgmentId())).toList();
    }

    private static Optional<Preference> reviewed(String verdict) {
        if (!Vote.VERDICTS.contains(verdict)) {
            throw new IllegalArgumentException("resolution must be one of " + Vote.VERDICTS + ", was " + verdict);
        }
        return switch (verdict) {
            case "A", "B" -> Optional.of(new Preference(verdict, 1.0, REVIEWER, 1));
            default -> Optional.empty();
        };
    }

    private static Optional<Preference> majority(List<Vote> group, String kind) {
        long a = group.stream().filter(v -> v.verdict().equals("A")).count();
        long b = group.stream().filter(v -> v.verdict().equals("B")).count();
        if (a == b) {
            return Optional.empty();
        }
        long winning = Math.max(a, b);
        return Optional.of(new Preference(a > b ? "A" : "B", (double) winning / group.size(), kind, group.size()));
    }
}
