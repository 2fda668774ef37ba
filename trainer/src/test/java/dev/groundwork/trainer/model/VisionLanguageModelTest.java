package dev.groundwork.trainer.model;

import static dev.groundwork.trainer.model.VlmTestSupport.images;
import static dev.groundwork.trainer.model.VlmTestSupport.square;
import static dev.groundwork.trainer.model.VlmTestSupport.tokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class VisionLanguageModelTest {

    private static final int VOCAB = 30;

    private static NDManager base;
    private static VisionLanguageModel tiny;

    @BeforeAll
    static void buildTinyModel() {
        base = NDManager.newBaseManager();
        Engine.getInstance().setRandomSeed(7);
        tiny = new VisionLanguageModel(VlmConfig.tiny(), VOCAB);
        tiny.initializeParameters(base);
    }

    @AfterAll
    static void closeManager() {
        base.close();
    }

    private static NDArray logits(NDManager manager, float[][] pictures, long[][] text) {
        ParameterStore store = new ParameterStore(manager, false);
        return tiny.logits(store, images(manager, 32, pictures), tokens(manager, text), false);
    }

    @Test
    void tiny_forward_gives_logits_for_every_text_position() {
        try (NDManager sm = base.newSubManager()) {
            NDArray out = logits(sm, new float[][] {square(32, 0, 4, 4, 10), square(32, 2, 16, 8, 12)},
                    new long[][] {{1, 5, 6, 7, 8, 2}, {1, 9, 10, 11, 12, 2}});
            assertThat(out.getShape()).isEqualTo(new Shape(2, 6, VOCAB));
            assertThat(out.getDataType()).isEqualTo(DataType.FLOAT32);
            assertThat(out.isNaN().any().getBoolean()).isFalse();
        }
    }

    @Test
    void the_vision_encoder_sees_each_image_minus_its_per_channel_mean() {
        // A uniform shift of one channel (a lighter background) leaves the logits unchanged; the shape in it does not.
        float[] picture = square(32, 2, 8, 8, 12);
        float[] lighter = picture.clone();
        for (int i = 0; i < 32 * 32; i++) {
            lighter[i] += 0.25f;
        }
        long[][] text = {{1, 5, 6, 7, 2}, {1, 5, 6, 7, 2}};
        try (NDManager sm = base.newSubManager()) {
            float[] out = logits(sm, new float[][] {picture, lighter}, text).toFloatArray();
            int half = out.length / 2;
            for (int i = 0; i < half; i++) {
                assertThat(out[half + i]).isCloseTo(out[i], within(1e-4f));
            }
            float[] other = logits(sm, new float[][] {picture, square(32, 2, 16, 4, 12)}, text).toFloatArray();
            double difference = 0;
            for (int i = 0; i < half; i++) {
                difference = Math.max(difference, Math.abs(other[half + i] - other[i]));
            }
            assertThat(difference).isGreaterThan(1e-3);
        }
    }

    @Test
    void the_conv_stem_gives_the_same_image_tokens_and_logits_shape() {
        try (NDManager sm = base.newSubManager()) {
            VisionLanguageModel conv = new VisionLanguageModel(VlmConfig.tiny().withStem(VlmConfig.CONV_STEM), VOCAB);
            conv.initializeParameters(sm);
            ParameterStore store = new ParameterStore(sm, false);
            NDArray out = conv.logits(store, images(sm, 32, new float[][] {square(32, 0, 4, 4, 10)}),
                    tokens(sm, new long[][] {{1, 5, 6, 2}}), false);
            assertThat(out.getShape()).isEqualTo(new Shape(1, 4, VOCAB));
            assertThat(out.isNaN().any().getBoolean()).isFalse();
            // 3 → 32 → 64 → 128 channels of 3×3 convolutions with biases instead of one 8×8×3×128 patch embedding.
            long stem = (3 * 9 * 32 + 32) + (32 * 9 * 64 + 64) + (64 * 9 * 128 + 128);
            assertThat(conv.parameterCount() - tiny.parameterCount()).isEqualTo(stem - (3 * 64 * 128 + 128));
        }
    }

    @Test
    void parameter_counts_of_the_presets() {
        System.out.println("tiny parameters (vocab " + VOCAB + "): " + tiny.parameterCount());
        assertThat(tiny.parameterCount()).isBetween(500_000L, 1_500_000L);
        try (NDManager sm = base.newSubManager()) {
            VisionLanguageModel small = new VisionLanguageModel(VlmConfig.small(), 100);
            small.initializeParameters(sm);
            System.out.println("small parameters (vocab 100): " + small.parameterCount());
            assertThat(small.parameterCount()).isBetween(5_000_000L, 30_000_000L);
        }
        try (NDManager sm = base.newSubManager()) {
            VisionLanguageModel big = new VisionLanguageModel(VlmConfig.base(), 100);
            big.initializeParameters(sm);
            System.out.println("base parameters (vocab 100): " + big.parameterCount());
            assertThat(big.parameterCount()).isGreaterThan(30_000_000L);
        }
    }

    @Test
    void a_later_token_never_changes_the_logits_of_earlier_positions_but_the_image_does() {
        try (NDManager sm = base.newSubManager()) {
            float[] red = square(32, 0, 4, 4, 10);
            float[] blue = square(32, 2, 16, 8, 12);
            float[] a = logits(sm, new float[][] {red}, new long[][] {{1, 5, 6, 7, 8, 2}}).toFloatArray();
            float[] laterTokenChanged = logits(sm, new float[][] {red}, new long[][] {{1, 5, 6, 7, 20, 21}}).toFloatArray();
            float[] imageChanged = logits(sm, new float[][] {blue}, new long[][] {{1, 5, 6, 7, 8, 2}}).toFloatArray();
            int unchanged = 4 * VOCAB; // positions 0..3 see tokens 0..3 only
            double maxEarlierDifference = 0;
            for (int i = 0; i < unchanged; i++) {
                maxEarlierDifference = Math.max(maxEarlierDifference, Math.abs(a[i] - laterTokenChanged[i]));
            }
            assertThat(maxEarlierDifference).isLessThanOrEqualTo(1e-6);
            double laterDifference = 0;
            for (int i = unchanged; i < a.length; i++) {
                laterDifference = Math.max(laterDifference, Math.abs(a[i] - laterTokenChanged[i]));
            }
            assertThat(laterDifference).isGreaterThan(1e-4);
            double imageDifference = 0;
            for (int i = 0; i < VOCAB; i++) {
                imageDifference = Math.max(imageDifference, Math.abs(a[i] - imageChanged[i]));
            }
            assertThat(imageDifference).as("the first position already sees the image").isGreaterThan(1e-4);
        }
    }

    @Test
    void summed_log_probabilities_equal_a_plain_java_gather_of_log_softmax() {
        try (NDManager sm = base.newSubManager()) {
            long[][] text = {{1, 5, 6, 7, 8, 2, 0}, {1, 9, 10, 11, 2, 0, 0}};
            float[][] mask = {{0, 0, 0, 1, 1, 1, 0}, {0, 0, 1, 1, 1, 0, 0}};
            NDArray images = images(sm, 32, square(32, 1, 2, 2, 8), square(32, 3, 20, 20, 10));
            NDArray tokens = tokens(sm, text);
            NDArray responseMask = sm.create(new float[] {0, 0, 0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0}, new Shape(2, 7));
            ParameterStore store = new ParameterStore(sm, false);
            NDArray logits = tiny.logits(store, images, tokens, false);
            double[] actual = SequenceLogProbs.sum(tiny, store, images, tokens, responseMask, false)
                    .toType(DataType.FLOAT64, false).toDoubleArray();
            float[] values = logits.toFloatArray();
            for (int b = 0; b < 2; b++) {
                double expected = 0;
                for (int t = 1; t < 7; t++) {
                    if (mask[b][t] == 0) {
                        continue;
                    }
                    int offset = (b * 7 + (t - 1)) * VOCAB;
                    double max = Double.NEGATIVE_INFINITY;
                    for (int v = 0; v < VOCAB; v++) {
                        max = Math.max(max, values[offset + v]);
                    }
                    double sumExp = 0;
                    for (int v = 0; v < VOCAB; v++) {
                        sumExp += Math.exp(values[offset + v] - max);
                    }
                    expected += values[offset + (int) text[b][t]] - max - Math.log(sumExp);
                }
                assertThat(actual[b]).isCloseTo(expected, within(1e-4));
            }
        }
    }

    @Test
    void summed_log_probabilities_of_random_logits_match_plain_java() {
        Random random = new Random(3);
        int batch = 3;
        int length = 5;
        int vocab = 7;
        float[] values = new float[batch * length * vocab];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * 3);
        }
        long[] ids = new long[batch * length];
        float[] mask = new float[batch * length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = random.nextInt(vocab);
            mask[i] = random.nextBoolean() ? 1 : 0;
        }
        try (NDManager sm = base.newSubManager()) {
            double[] actual = SequenceLogProbs.fromLogits(sm.create(values, new Shape(batch, length, vocab)),
                    sm.create(ids, new Shape(batch, length)), sm.create(mask, new Shape(batch, length)))
                    .toType(DataType.FLOAT64, false).toDoubleArray();
            for (int b = 0; b < batch; b++) {
                double expected = 0;
                for (int t = 1; t < length; t++) {
                    if (mask[b * length + t] == 0) {
                        continue;
                    }
                    int offset = (b * length + t - 1) * vocab;
                    double sumExp = 0;
                    for (int v = 0; v < vocab; v++) {
                        sumExp += Math.exp(values[offset + v]);
                    }
                    expected += values[offset + (int) ids[b * length + t]] - Math.log(sumExp);
                }
                assertThat(actual[b]).isCloseTo(expected, within(1e-4));
            }
        }
    }
}
