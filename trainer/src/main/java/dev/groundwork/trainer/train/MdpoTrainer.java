package dev.groundwork.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import dev.groundwork.trainer.loss.LossOutput;
import dev.groundwork.trainer.loss.MdpoLoss;
import dev.groundwork.trainer.loss.ResponseLogits;
import dev.groundwork.trainer.model.SequenceLogProbs;
import dev.groundwork.trainer.model.Tokenizer;
import dev.groundwork.trainer.model.VlmConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * mDPO: DPO plus the chosen answer's log-probability under a corrupted image m′ for policy and reference
 * ({@link MdpoLoss}). m′ is one random-resized crop (1–20 % of the area, {@link Images#crop}) per training example,
 * keyed by {@code (run seed, example index)}: the policy and the reference see the same crop, and so does every
 * epoch and a resumed run. One policy forward over {@code [y_w|m…, y_l|m…, y_w|m′…]} per step. Besides the loss's
 * metrics it logs TRL's {@code logits/chosen} and {@code logits/rejected} over the y_w|m and y_l|m rows
 * ({@link ResponseLogits}).
 *
 * <p>With the loss's image-conditional term dropped (an ablation, {@link MdpoLoss.Builder#imageConditional}) the m′
 * rows are not built: one forward over {@code [y_w|m…, y_l|m…]}, as DPO. The provenance's hyper-parameters record
 * which terms were on ({@code terms}, {@code image_conditional}, {@code anchor}).
 */
public final class MdpoTrainer extends ReferencePolicyTrainer {

    /** The objective name in checkpoints and provenance. */
    public static final String OBJECTIVE = "mdpo";

    private final MdpoLoss mdpo;

    public MdpoTrainer(VlmConfig config, Tokenizer tokenizer, List<PreferenceExample> data, MdpoLoss loss, TrainingOptions options,
            Start start) {
        super(OBJECTIVE, config, tokenizer, Batches.requireResponseRoom(tokenizer, config.maxTextLength(), data,
                PreferenceExample::prompt, "training example"), options, start);
        this.mdpo = loss;
    }

    @Override
    public double beta() {
        return mdpo.beta();
    }

    /** The corrupted image m′ of training example {@code index}. */
    public float[] corrupted(Picture picture, long stream, long index) {
        return Images.crop(picture, config.imageSize(), options.seed(), stream, index);
    }

    /** Rows {@code [y_w|m…, y_l|m…, y_w|m′…]} and their images. */
    private Batches.TextBatch tripleRows(List<PreferenceExample> batch, long stream, long[] keys, List<float[]> images) {
        Batches.TextBatch pairs = pairRows(batch, images);
        List<Batches.Row> rows = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            rows.add(new Batches.Row(java.util.Arrays.copyOf(pairs.ids()[i], pairs.lengths()[i]),
                    java.util.Arrays.copyOf(pairs.mask()[i], pairs.lengths()[i])));
        }
        for (int i = 0; i < batch.size(); i++) {
            rows.add(rows.get(i));
            images.add(corrupted(batch.get(i).image(), stream, keys[i]));
        }
        return batches.pad(rows);
    }

    @Override
    protected LossOutput loss(NDManager step, List<PreferenceExample> batch, int[] indices) {
        long[] keys = new long[indices.length];
        for (int i = 0; i < indices.length; i++) {
            keys[i] = indices[i];
        }
        List<float[]> pictures = new ArrayList<>();
        Batches.TextBatch text = mdpo.imageConditional() ? tripleRows(batch, CounterRng.CROP, keys, pictures)
                : pairRows(batch, pictures);
        NDArray images = stack(step, pictures);
        NDArray tokens = text.tokens(step);
        NDArray mask = text.responseMask(step);
        int n = batch.size();
        NDArray ref = SequenceLogProbs.sum(reference, referenceStore, images, tokens, mask, false).stopGradient();
        ref.attach(step);
        NDArray logits = policy.logits(store, images, tokens, true);
        NDArray pol = SequenceLogProbs.fromLogits(logits, tokens, mask);
        // Without the image-conditional term the loss ignores its m′ inputs; y_w|m stands in for them.
        int corrupted = mdpo.imageConditional() ? 2 : 0;
        LossOutput output = mdpo.compute(part(pol, 0, n), part(pol, 1, n), part(ref, 0, n), part(ref, 1, n),
                part(pol, corrupted, n), part(ref, corrupted, n), weights(step, batch));
        return output.withMetrics(ResponseLogits.metrics(logits, mask, n));
    }

    private static NDArray part(NDArray all, int which, int n) {
        return all.get(new NDIndex("{}:{}", which * n, (which + 1) * n));
    }

    /**
     * Per held-out example, the image-conditional margin of the chosen answer relative to the reference:
     * {@code [logπ(y_w|m) − logπ_ref(y_w|m)] − [logπ(y_w|m′) − logπ_ref(y_w|m′)]} (β omitted: it does not change the
     * sign), with m′ the evaluation crop keyed by {@code (run seed, held-out index)}. This is the quantity whose
     * sign TRL-style mDPO logs as {@code rewards/imageless_accuracies}; 0 while the policy equals its reference.
     */
    public double[] imageConditionalMargins(List<PreferenceExample> heldOut) {
        return imageMargins(heldOut, true);
    }

    /** The fraction of held-out examples with a positive {@link #imageConditionalMargins image-conditional margin}. */
    public double imageConditionalAccuracy(List<PreferenceExample> heldOut) {
        return fractionPositive(imageConditionalMargins(heldOut));
    }

    /** Policy only, per held-out example: logπ(y_w|m) − logπ(y_w|m′). */
    public double[] rawImagePreferenceMargins(List<PreferenceExample> heldOut) {
        return imageMargins(heldOut, false);
    }

    /** Policy only: the fraction of held-out examples with logπ(y_w|m) &gt; logπ(y_w|m′). */
    public double rawImagePreferenceAccuracy(List<PreferenceExample> heldOut) {
        return fractionPositive(imageMargins(heldOut, false));
    }

    private double[] imageMargins(List<PreferenceExample> heldOut, boolean relativeToReference) {
        batches.requireResponseRoom(heldOut, PreferenceExample::prompt, "held-out example");
        double[] margins = new double[heldOut.size()];
        int at = 0;
        List<List<PreferenceExample>> chunks = chunks(heldOut, EVAL_BATCH);
        for (List<PreferenceExample> chunk : chunks) {
            long[] keys = new long[chunk.size()];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = at + i;
            }
            try (NDManager step = manager.newSubManager()) {
                List<float[]> pictures = new ArrayList<>();
                Batches.TextBatch text = tripleRows(chunk, CounterRng.EVAL_CROP, keys, pictures);
                NDArray images = stack(step, pictures);
                double[] pol = logps(step, policy, store, images, text);
                double[] ref = relativeToReference ? logps(step, reference, referenceStore, images, text) : new double[pol.length];
                int n = chunk.size();
                for (int i = 0; i < n; i++) {
                    margins[at + i] = (pol[i] - ref[i]) - (pol[2 * n + i] - ref[2 * n + i]);
                }
            }
            at += chunk.size();
        }
        return margins;
    }

    @Override
    protected Map<String, String> hyperParameters() {
        return Map.of("loss_type", "mdpo", "beta", Double.toString(mdpo.beta()),
                "label_smoothing", Double.toString(mdpo.labelSmoothing()), "anchor_delta", Double.toString(mdpo.anchorDelta()),
                "terms", mdpo.terms(), "image_conditional", Boolean.toString(mdpo.imageConditional()),
                "anchor", Boolean.toString(mdpo.anchor()));
    }
}
