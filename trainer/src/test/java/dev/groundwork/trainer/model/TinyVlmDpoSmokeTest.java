package dev.groundwork.trainer.model;

import static dev.groundwork.trainer.model.VlmTestSupport.COLOUR_NAMES;
import static dev.groundwork.trainer.model.VlmTestSupport.square;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import dev.groundwork.trainer.loss.DpoLoss;
import dev.groundwork.trainer.loss.LossOutput;
import dev.groundwork.trainer.loss.MetricNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * DPO on the tiny model: 12 fixed pairs (a coloured square; "what colour is the shape?"; the chosen answer names the
 * colour, the rejected one the next colour), a frozen reference copy, 40 Adam steps.
 */
class TinyVlmDpoSmokeTest {

    private static final int PAIRS = 12;
    private static final int STEPS = 40;
    private static final String PROMPT = "what colour is the shape?";

    @Test
    void dpo_on_fixed_pairs_drives_the_loss_down_and_leaves_the_reference_untouched() throws Exception {
        List<String> texts = new ArrayList<>(List.of(PROMPT));
        for (String colour : COLOUR_NAMES) {
            texts.add("the shape is " + colour + ".");
        }
        WordTokenizer tokenizer = WordTokenizer.fit(texts);
        VlmConfig config = VlmConfig.tiny();
        int size = config.imageSize();

        float[][] pictures = new float[PAIRS][];
        long[][] sequences = new long[2 * PAIRS][];
        float[][] masks = new float[2 * PAIRS][];
        for (int i = 0; i < PAIRS; i++) {
            int colour = i % 4;
            int rejected = (colour + 1) % 4;
            pictures[i] = square(size, colour, 2 + 7 * (i / 4), 3 + 5 * (i / 4), 10 + i / 4 * 2);
            sequences[i] = sequence(tokenizer, COLOUR_NAMES[colour], masks, i);
            sequences[PAIRS + i] = sequence(tokenizer, COLOUR_NAMES[rejected], masks, PAIRS + i);
        }
        int length = sequences[0].length;

        Engine.getInstance().setRandomSeed(1234);
        DpoLoss dpo = DpoLoss.sigmoid(0.1);
        long started = System.nanoTime();
        try (NDManager base = NDManager.newBaseManager();
                Model model = Model.newInstance("tiny-vlm-policy")) {
            VisionLanguageModel policy = new VisionLanguageModel(config, tokenizer.vocabSize());
            model.setBlock(policy);
            DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(Loss.l2Loss()) // unused; DJL requires one
                    .optInitializer(new XavierInitializer(), Parameter.Type.WEIGHT)
                    .optInitializer(new NormalInitializer(0.02f), VisionLanguageModel::isEmbedding)
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build());
            try (Trainer trainer = model.newTrainer(trainingConfig)) {
                trainer.initialize(policy.imageShape(2L * PAIRS), new Shape(2L * PAIRS, length));
                VisionLanguageModel reference = policy.frozenCopy(base);
                Map<String, float[]> referenceBefore = snapshot(reference);
                assertThat(referenceBefore).isNotEmpty();
                for (Map.Entry<String, float[]> entry : snapshot(policy).entrySet()) {
                    assertThat(referenceBefore.get(entry.getKey())).as(entry.getKey()).isEqualTo(entry.getValue());
                }
                ParameterStore referenceStore = new ParameterStore(base, false);

                List<Map<String, Double>> history = new ArrayList<>();
                for (int step = 0; step < STEPS; step++) {
                    try (NDManager sm = base.newSubManager()) {
                        float[][] doubled = new float[2 * PAIRS][];
                        for (int i = 0; i < 2 * PAIRS; i++) {
                            doubled[i] = pictures[i % PAIRS];
                        }
                        NDArray images = VlmTestSupport.images(sm, size, doubled);
                        NDArray tokens = VlmTestSupport.tokens(sm, sequences);
                        NDArray mask = maskArray(sm, masks);
                        NDArray referenceLogps = SequenceLogProbs.sum(reference, referenceStore, images, tokens, mask, false);
                        try (GradientCollector collector = trainer.newGradientCollector()) {
                            NDArray logits = trainer.forward(new NDList(images, tokens)).singletonOrThrow();
                            NDArray logps = SequenceLogProbs.fromLogits(logits, tokens, mask);
                            LossOutput out = dpo.compute(logps.get(new NDIndex("0:{}", PAIRS)), logps.get(new NDIndex("{}:", PAIRS)),
                                    referenceLogps.get(new NDIndex("0:{}", PAIRS)), referenceLogps.get(new NDIndex("{}:", PAIRS)));
                            collector.backward(out.loss());
                            history.add(out.metrics());
                            if (step % 10 == 0) {
                                System.out.println("step " + step + " " + out.metrics());
                            }
                        }
                        trainer.step();
                    }
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                Map<String, Double> first = history.get(0);
                Map<String, Double> last = history.get(STEPS - 1);
                System.out.printf("tiny DPO: %d steps in %.1f s; loss %.4f -> %.4f, accuracy %.2f -> %.2f, margin %.3f%n",
                        STEPS, seconds, first.get(MetricNames.LOSS), last.get(MetricNames.LOSS),
                        first.get(MetricNames.REWARDS_ACCURACIES), last.get(MetricNames.REWARDS_ACCURACIES),
                        last.get(MetricNames.REWARDS_MARGINS));

                assertThat(first.get(MetricNames.LOSS)).isCloseTo(Math.log(2), within(1e-4));
                assertThat(last.get(MetricNames.LOSS)).isLessThan(0.5 * Math.log(2));
                assertThat(last.get(MetricNames.REWARDS_ACCURACIES)).isGreaterThanOrEqualTo(0.9);
                Map<String, float[]> referenceAfter = snapshot(reference);
                assertThat(referenceAfter.keySet()).isEqualTo(referenceBefore.keySet());
                for (Map.Entry<String, float[]> entry : referenceBefore.entrySet()) {
                    assertThat(referenceAfter.get(entry.getKey())).as(entry.getKey()).isEqualTo(entry.getValue());
                }
            }
        }
    }

    /** bos + prompt + "the shape is {colour}." + eos; the mask marks the answer and eos. */
    private static long[] sequence(WordTokenizer tokenizer, String colour, float[][] masks, int row) {
        int[] prompt = tokenizer.encode(PROMPT);
        int[] answer = tokenizer.encode("the shape is " + colour + ".");
        long[] ids = new long[2 + prompt.length + answer.length];
        float[] mask = new float[ids.length];
        ids[0] = tokenizer.bosId();
        for (int i = 0; i < prompt.length; i++) {
            ids[1 + i] = prompt[i];
        }
        for (int i = 0; i < answer.length; i++) {
            ids[1 + prompt.length + i] = answer[i];
            mask[1 + prompt.length + i] = 1;
        }
        ids[ids.length - 1] = tokenizer.eosId();
        mask[ids.length - 1] = 1;
        masks[row] = mask;
        return ids;
    }

    private static NDArray maskArray(NDManager manager, float[][] masks) {
        float[] flat = new float[masks.length * masks[0].length];
        for (int i = 0; i < masks.length; i++) {
            System.arraycopy(masks[i], 0, flat, i * masks[0].length, masks[0].length);
        }
        return manager.create(flat, new Shape(masks.length, masks[0].length));
    }

    private static Map<String, float[]> snapshot(VisionLanguageModel model) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Pair<String, Parameter> parameter : model.getParameters()) {
            values.put(parameter.getKey(), parameter.getValue().getArray().toFloatArray());
        }
        return values;
    }
}
