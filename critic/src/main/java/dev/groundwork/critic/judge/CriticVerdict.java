package dev.groundwork.critic.judge;

import dev.groundwork.storage.dataset.HallucinationType;
import dev.groundwork.storage.judgment.Verdict;
import java.util.List;
import java.util.Objects;

/**
 * What a critic decided about a {@link CriticPair}, in the pair's order: {@link Verdict#A} prefers {@code first},
 * {@link Verdict#B} prefers {@code second}.
 *
 * @param strength 1 = normal, 2 = strong preference (the judgment's scale)
 * @param flags the hallucinations the critic found, per answer, with their spans where it can point at them
 * @param rationale the critic's reasoning as text (the model's output, or the false claims)
 * @param usage tokens the critic spent on this verdict (zero for local critics)
 */
public record CriticVerdict(Verdict verdict, int strength, List<Flag> flags, String rationale, Usage usage) {

    /** Which of the two shown answers a flag is about. */
    public enum Answer { FIRST, SECOND;

        public Answer other() {
            return this == FIRST ? SECOND : FIRST;
        }
    }

    /**
     * A hallucination in one answer.
     *
     * @param spanStart start of the false words in the answer's text (inclusive), or null
     * @param spanEnd end (exclusive), or null
     * @param claim the false claim in words, e.g. {@code "a ring" (no ring in the scene)}
     */
    public record Flag(Answer answer, HallucinationType type, Integer spanStart, Integer spanEnd, String claim) {
        public Flag {
            Objects.requireNonNull(answer, "answer");
            Objects.requireNonNull(type, "type");
        }

        Flag swapped() {
            return new Flag(answer.other(), type, spanStart, spanEnd, claim);
        }
    }

    public CriticVerdict {
        Objects.requireNonNull(verdict, "verdict");
        if (strength < 1 || strength > 2) {
            throw new IllegalArgumentException("strength must be 1 or 2, was " + strength);
        }
        flags = List.copyOf(flags);
        rationale = rationale == null ? "" : rationale;
        usage = usage == null ? Usage.NONE : usage;
    }

    /** This verdict for the same pair with its answers swapped: A and B exchanged, flags moved to the other answer. */
    public CriticVerdict swapped() {
        return new CriticVerdict(swap(verdict), strength, flags.stream().map(Flag::swapped).toList(), rationale, usage);
    }

    /** A ↔ B; TIE and BOTH_BAD stay. */
    public static Verdict swap(Verdict verdict) {
        return switch (verdict) {
            case A -> Verdict.B;
            case B -> Verdict.A;
            default -> verdict;
        };
    }
}
