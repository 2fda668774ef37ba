package dev.groundwork.trainer.loss;

/** The {@code loss_type} values of TRL's {@code DPOTrainer} that {@link DpoLoss} implements. */
public enum DpoLossType {
    /** −logσ(β·logits)·(1−ls) − logσ(−β·logits)·ls (Rafailov et al. 2023; conservative DPO with ls &gt; 0). */
    SIGMOID("sigmoid", true),
    /** relu(1 − β·logits) (SLiC, Zhao et al. 2023). */
    HINGE("hinge", false),
    /**
     * (logits − 1/(2β))² (IPO, Azar et al. 2023), with logits from log-probabilities averaged over each response's
     * tokens, as TRL computes it; {@link DpoLoss} does the averaging from the sums and token counts.
     */
    IPO("ipo", false),
    /** (−logσ(β·logits)·(1−ls) + logσ(−β·logits)·ls) / (1 − 2·ls) (robust DPO, Chowdhury et al. 2024). */
    ROBUST("robust", true);

    private final String trlName;
    private final boolean labelSmoothing;

    DpoLossType(String trlName, boolean labelSmoothing) {
        this.trlName = trlName;
        this.labelSmoothing = labelSmoothing;
    }

    /** The string TRL's {@code DPOConfig.loss_type} uses for this loss. */
    public String trlName() {
        return trlName;
    }

    /** Whether the loss uses label smoothing; the others reject ls ≠ 0 instead of silently ignoring it. */
    public boolean supportsLabelSmoothing() {
        return labelSmoothing;
    }

    /** Whether the loss reads log-probabilities averaged over each response's tokens (ipo) rather than summed. */
    public boolean averagesOverTokens() {
        return this == IPO;
    }

    /** The type TRL calls {@code name}, e.g. {@code "ipo"}. */
    public static DpoLossType fromTrlName(String name) {
        for (DpoLossType type : values()) {
            if (type.trlName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown DPO loss type '" + name + "'; expected one of sigmoid, hinge, ipo, robust");
    }
}
