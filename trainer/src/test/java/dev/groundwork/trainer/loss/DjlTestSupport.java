package dev.groundwork.trainer.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Runs a loss on the PyTorch engine with autograd and hands back plain doubles, plus the independent plain-Java
 * reference functions the tests compare against.
 */
abstract class DjlTestSupport {

    /** Tolerance for float64 runs (absolute, or relative above 1). */
    static final double F64 = 1e-10;
    /** Tolerance for float32 runs (absolute, or relative above 1). */
    static final double F32 = 1e-5;

    private static NDManager base;

    @BeforeAll
    static void openBaseManager() {
        base = NDManager.newBaseManager();
    }

    @AfterAll
    static void closeBaseManager() {
        base.close();
    }

    /** A sub-manager of this class's base manager; close it (try-with-resources). */
    static NDManager newSubManager() {
        return base.newSubManager();
    }

    /**
     * What one forward + backward pass produced.
     *
     * @param gradients the gradient of each input, {@code null} for inputs that were not trainable
     * @param hasGradient what {@code NDArray.hasGradient()} said for each input after backward
     * @param gradientReadable whether {@code getGradient()} returned an array (rather than throwing) for each input
     */
    record Run(double loss, Map<String, Double> metrics, double[][] gradients, boolean[] hasGradient,
            boolean[] gradientReadable, DataType lossType, Shape lossShape) {

        double[] gradient(int input) {
            return gradients[input];
        }
    }

    /**
     * Creates {@code inputs} as (B,) arrays of {@code type} in a fresh sub-manager, marks those flagged in
     * {@code trainable} as requiring gradients, computes the loss inside a {@link GradientCollector}, runs backward on
     * it and reads everything back.
     */
    static Run run(DataType type, boolean[] trainable, Function<NDArray[], LossOutput> loss, double[]... inputs) {
        try (NDManager sm = base.newSubManager()) {
            NDArray[] arrays = new NDArray[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                arrays[i] = create(sm, type, inputs[i]);
                if (trainable[i]) {
                    arrays[i].setRequiresGradient(true);
                }
            }
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                LossOutput out = loss.apply(arrays);
                collector.backward(out.loss());
                double[][] gradients = new double[inputs.length][];
                boolean[] hasGradient = new boolean[inputs.length];
                boolean[] readable = new boolean[inputs.length];
                for (int i = 0; i < inputs.length; i++) {
                    hasGradient[i] = arrays[i].hasGradient();
                    try {
                        double[] gradient = doubles(arrays[i].getGradient());
                        readable[i] = true;
                        if (trainable[i]) {
                            gradients[i] = gradient;
                        }
                    } catch (IllegalStateException noGradient) {
                        readable[i] = false;
                    }
                }
                return new Run(doubles(out.loss())[0], out.metrics(), gradients, hasGradient, readable,
                        out.loss().getDataType(), out.loss().getShape());
            }
        }
    }

    static NDArray create(NDManager manager, DataType type, double[] values) {
        if (type == DataType.FLOAT64) {
            return manager.create(values);
        }
        if (type == DataType.FLOAT32) {
            float[] floats = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                floats[i] = (float) values[i];
            }
            return manager.create(floats);
        }
        throw new IllegalArgumentException("tests use float32 or float64, not " + type);
    }

    static double[] doubles(NDArray array) {
        return array.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    static boolean[] flags(boolean... flags) {
        return flags;
    }

    // ---- plain-Java reference, independent of DJL ----

    /** log σ(x), stable for large |x|. */
    static double logSigmoid(double x) {
        return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
    }

    /** σ(x), stable for large |x|. */
    static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    static double mean(double[] xs) {
        double sum = 0;
        for (double x : xs) {
            sum += x;
        }
        return sum / xs.length;
    }

    /** |actual − expected| ≤ tolerance · max(1, |expected|). */
    static void assertClose(String what, double actual, double expected, double tolerance) {
        assertThat(actual).as(what).isFinite().isCloseTo(expected, within(tolerance * Math.max(1, Math.abs(expected))));
    }

    static void assertClose(String what, double[] actual, double[] expected, double tolerance) {
        assertThat(actual).as(what).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertClose(what + "[" + i + "]", actual[i], expected[i], tolerance);
        }
    }
}
