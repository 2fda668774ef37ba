package dev.groundwork.trainer.loss;

/**
 * Metric keys, spelled as TRL's {@code DPOTrainer} / {@code RewardTrainer} and the mDPO reference trainer log them,
 * so that dashboards read Groundwork runs and TRL runs alike. Every value is a mean over the batch.
 */
public final class MetricNames {

    /** The loss value itself. */
    public static final String LOSS = "loss";
    /** β·(logπ(y_w|x) − logπ_ref(y_w|x)). */
    public static final String REWARDS_CHOSEN = "rewards/chosen";
    /** β·(logπ(y_l|x) − logπ_ref(y_l|x)). */
    public static final String REWARDS_REJECTED = "rewards/rejected";
    /** rewards/chosen − rewards/rejected. */
    public static final String REWARDS_MARGINS = "rewards/margins";
    /** Fraction of pairs with rewards/chosen &gt; rewards/rejected. */
    public static final String REWARDS_ACCURACIES = "rewards/accuracies";
    /** logπ(y_w|x), summed over the response tokens. */
    public static final String LOGPS_CHOSEN = "logps/chosen";
    /** logπ(y_l|x), summed over the response tokens. */
    public static final String LOGPS_REJECTED = "logps/rejected";
    /**
     * The mean of the policy's logits (every vocabulary entry) at the positions that predict a chosen response token,
     * over all chosen responses of the batch (TRL: {@code logits[:num_examples][loss_mask[:num_examples]].mean()});
     * see {@link ResponseLogits}.
     */
    public static final String LOGITS_CHOSEN = "logits/chosen";
    /** The same as {@link #LOGITS_CHOSEN} for the rejected responses. */
    public static final String LOGITS_REJECTED = "logits/rejected";
    /**
     * TRL's name for the SFT (negative log-likelihood) term: −Σ logπ(y_w|x) over the batch / number of chosen tokens
     * in the batch (token-weighted, as TRL's cross-entropy over the chosen tokens).
     */
    public static final String NLL_LOSS = "nll_loss";

    /** mDPO: β·(logπ(y_w|m′) − logπ_ref(y_w|m′)) with the corrupted image m′. */
    public static final String REWARDS_IMAGELESS_CHOSEN = "rewards/imageless_chosen";
    /** mDPO: rewards/chosen − rewards/imageless_chosen. */
    public static final String REWARDS_IMAGELESS_MARGINS = "rewards/imageless_margins";
    /** mDPO: fraction of examples with rewards/chosen &gt; rewards/imageless_chosen. */
    public static final String REWARDS_IMAGELESS_ACCURACIES = "rewards/imageless_accuracies";
    /** mDPO: logπ(y_w|m′). */
    public static final String LOGPS_IMAGELESS_CHOSEN = "logps/imageless_chosen";
    /** mDPO: the standard DPO (sigmoid) part of the loss. */
    public static final String LOSS_DPO = "loss/dpo";
    /** mDPO: the image-conditional preference part of the loss. */
    public static final String LOSS_IMAGE_CONDITIONAL = "loss/image_conditional";
    /** mDPO: the anchored-preference part of the loss. */
    public static final String LOSS_ANCHOR = "loss/anchor";

    /** Reward model: fraction of pairs with r_w &gt; r_l (TRL {@code RewardTrainer}). */
    public static final String ACCURACY = "accuracy";
    /** Reward model: mean of r_w − r_l (TRL {@code RewardTrainer}). */
    public static final String MARGIN = "margin";

    private MetricNames() {
    }
}
