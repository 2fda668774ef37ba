package dev.groundwork.trainer.loss;

/**
 * Fixed (B,) summed log-probabilities of a DPO batch. All values are dyadic (exact in float32), so float32 and
 * float64 runs see the same inputs.
 */
record PreferenceBatch(double[] policyChosen, double[] policyRejected, double[] referenceChosen, double[] referenceRejected) {

    /** B = 3; logits = (1.0, −2.25, 3.25). */
    static final PreferenceBatch THREE = new PreferenceBatch(
            new double[] {-12.5, -30.25, -7.0},
            new double[] {-14.0, -28.5, -9.75},
            new double[] {-13.0, -29.0, -8.5},
            new double[] {-13.5, -29.5, -8.0});

    /** B = 4; logits = (0.375, −4.5, −1.0, 2.625). */
    static final PreferenceBatch FOUR = new PreferenceBatch(
            new double[] {-5.0, -40.0, -18.25, -3.375},
            new double[] {-6.125, -35.0, -18.0, -9.875},
            new double[] {-5.5, -38.0, -18.875, -4.0},
            new double[] {-6.25, -37.5, -19.625, -7.875});

    /** B = 2; logits = (+100, −100), so β·logits = ±50 at β = ½. */
    static final PreferenceBatch HUGE_LOGITS = new PreferenceBatch(
            new double[] {-10.0, -110.0},
            new double[] {-110.0, -10.0},
            new double[] {-20.0, -20.0},
            new double[] {-20.0, -20.0});

    /** B = 2; the policy equals the reference, so logits = 0 — the first step of every DPO run. */
    static final PreferenceBatch POLICY_IS_REFERENCE = new PreferenceBatch(
            new double[] {-11.5, -4.25},
            new double[] {-9.0, -6.75},
            new double[] {-11.5, -4.25},
            new double[] {-9.0, -6.75});

    int size() {
        return policyChosen.length;
    }

    /** (πw − πl) − (refw − refl), in plain Java. */
    double[] logits() {
        double[] logits = new double[size()];
        for (int i = 0; i < size(); i++) {
            logits[i] = (policyChosen[i] - policyRejected[i]) - (referenceChosen[i] - referenceRejected[i]);
        }
        return logits;
    }

    double[][] inputs() {
        return new double[][] {policyChosen, policyRejected, referenceChosen, referenceRejected};
    }
}
