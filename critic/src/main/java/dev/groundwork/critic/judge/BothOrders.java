package dev.groundwork.critic.judge;

import dev.groundwork.storage.judgment.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Position-bias control: judges each pair in both orders. When the two verdicts agree (after mapping the swapped one
 * back) that verdict stands, with the weaker of the two strengths; when they disagree the result is a TIE of strength
 * 1 whose rationale starts with {@value #INCONSISTENT}, and no hallucination flags are kept (neither order can be
 * trusted). A critic that always prefers whichever answer comes first is therefore never believed.
 *
 * <p>LLaVA-Critic (Xiong et al. 2024, §4) and MT-Bench's judge study (Zheng et al. 2023, §3.4, "swap positions")
 * both count a verdict only when it survives the swap; {@link #consistencyRate()} is the share that did.
 */
public final class BothOrders implements Critic {

    /** The first words of the rationale of a verdict that changed when the answers were swapped. */
    public static final String INCONSISTENT = "position-inconsistent";

    private final Critic critic;
    private final AtomicLong judged = new AtomicLong();
    private final AtomicLong consistent = new AtomicLong();

    public BothOrders(Critic critic) {
        this.critic = Objects.requireNonNull(critic, "critic");
    }

    @Override
    public CriticIdentity identity() {
        return critic.identity();
    }

    @Override
    public CriticVerdict judge(CriticPair pair) {
        CriticVerdict straight = critic.judge(pair);
        CriticVerdict back = critic.judge(pair.swapped()).swapped();
        Usage usage = straight.usage().plus(back.usage());
        judged.incrementAndGet();
        if (straight.verdict() == back.verdict()) {
            consistent.incrementAndGet();
            return new CriticVerdict(straight.verdict(), Math.min(straight.strength(), back.strength()),
                    mergedFlags(straight, back), straight.rationale(), usage);
        }
        String rationale = INCONSISTENT + ": " + straight.verdict() + " as shown, " + back.verdict()
                + " with the answers swapped.\nAs shown: " + straight.rationale() + "\nSwapped: " + back.rationale();
        return new CriticVerdict(Verdict.TIE, 1, List.of(), rationale, usage);
    }

    /** Flags of the shown order, plus those only the swapped order found. */
    private static List<CriticVerdict.Flag> mergedFlags(CriticVerdict straight, CriticVerdict back) {
        List<CriticVerdict.Flag> flags = new ArrayList<>(straight.flags());
        back.flags().stream().filter(f -> !flags.contains(f)).forEach(flags::add);
        return flags;
    }

    /** Pairs judged so far. */
    public long judged() {
        return judged.get();
    }

    /** Pairs whose verdict survived the swap. */
    public long consistent() {
        return consistent.get();
    }

    /** consistent / judged; NaN before the first pair. */
    public double consistencyRate() {
        long n = judged.get();
        return n == 0 ? Double.NaN : consistent.get() / (double) n;
    }
}
