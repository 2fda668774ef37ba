package dev.groundwork.critic.round;

import dev.groundwork.storage.judgment.Verdict;
import java.util.Map;

/**
 * LLaVA-Critic's ranking of K answers from the critic's K(K−1) ordered pairwise verdicts (Xiong et al. 2024, §5.2,
 * "preference learning"): r_i = Σ wins − Σ losses over every pair answer i took part in; a tie or "both bad" counts
 * for neither. The best and worst answer give the round's preference pair.
 */
final class Ranking {

    private Ranking() {
    }

    /**
     * @param verdicts verdict of each ordered pair: key {@code i * k + j} for answer i shown as A against answer j
     * @return r_i for each answer
     */
    static int[] scores(int k, Map<Integer, Verdict> verdicts) {
        int[] r = new int[k];
        verdicts.forEach((pair, verdict) -> {
            int a = pair / k;
            int b = pair % k;
            if (verdict == Verdict.A) {
                r[a]++;
                r[b]--;
            } else if (verdict == Verdict.B) {
                r[b]++;
                r[a]--;
            }
        });
        return r;
    }

    /** The best answer's index (the first of equals). */
    static int best(int[] r) {
        int best = 0;
        for (int i = 1; i < r.length; i++) {
            best = r[i] > r[best] ? i : best;
        }
        return best;
    }

    /** The worst answer's index (the last of equals, so that best ≠ worst whenever the scores differ). */
    static int worst(int[] r) {
        int worst = 0;
        for (int i = 1; i < r.length; i++) {
            worst = r[i] <= r[worst] ? i : worst;
        }
        return worst;
    }
}
