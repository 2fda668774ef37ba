package dev.groundwork.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;

/**
 * Pair weights (the preference policy's agreement) scale each pair's loss: L = (1/B) Σ w_i ℓ_i.
 *
 * <p>Two pairs, reference log-probs 0, policy (chosen, rejected) = (−1, −2) and (−2, −1): the DPO logits are
 * z = (+1, −1). With β = 1 the sigmoid losses are −log σ(1) = 0.3132617 and −log σ(−1) = 1.3132617. Weights (1, 0.5)
 * give (0.3132617 + 0.5 · 1.3132617) / 2 = 0.4849463; without weights the mean is 0.8132617. Bradley–Terry on
 * rewards (chosen, rejected) = (2, 1) and (0, 1): −log σ(1) = 0.3132617, −log σ(−1) = 1.3132617, the same numbers.
 */
class WeightedLossTest {

    @Test
    void dpo_mdpo_and_reward_losses_weigh_each_pair_by_its_weight() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray pw = m.create(new double[] {-1, -2});
            NDArray pl = m.create(new double[] {-2, -1});
            NDArray zero = m.zeros(pw.getShape(), pw.getDataType());
            NDArray counts = m.create(new double[] {1, 1});
            NDArray weights = m.create(new double[] {1, 0.5});

            double weighted = DpoLoss.sigmoid(1).compute(pw, pl, zero, zero, counts, counts, weights).metrics().get("loss");
            double plain = DpoLoss.sigmoid(1).compute(pw, pl, zero, zero, counts, counts).metrics().get("loss");
            assertThat(weighted).isCloseTo(0.4849463, within(1e-6));
            assertThat(plain).isCloseTo(0.8132617, within(1e-6));
            assertThat(DpoLoss.sigmoid(1).compute(pw, pl, zero, zero, counts, counts, m.create(new double[] {1, 1}))
                    .metrics().get("loss")).isCloseTo(plain, within(1e-12));

            NDArray r = m.create(new double[] {2, 0});
            NDArray l = m.create(new double[] {1, 1});
            assertThat(BradleyTerryLoss.create().compute(r, l, weights).metrics().get("loss")).isCloseTo(0.4849463, within(1e-6));

            // mDPO: each of its three terms is weighted; with weights 0 for the second pair only the first counts.
            NDArray onlyFirst = m.create(new double[] {1, 0});
            var full = MdpoLoss.of(1).compute(pw.get("0:1"), pl.get("0:1"), zero.get("0:1"), zero.get("0:1"), pw.get("0:1").sub(1),
                    zero.get("0:1"));
            var half = MdpoLoss.of(1).compute(pw, pl, zero, zero, pw.sub(1), zero, onlyFirst);
            assertThat(half.metrics().get("loss")).isCloseTo(full.metrics().get("loss") / 2, within(1e-9));
        }
    }
}
