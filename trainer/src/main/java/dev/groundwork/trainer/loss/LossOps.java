package dev.groundwork.trainer.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/**
 * NDArray building blocks shared by the losses.
 *
 * <p>Rules kept here (see {@code DjlRulesTest}): never {@code NDArray.mul(Number)} / {@code div(Number)} — on the
 * PyTorch engine they wrap a JVM buffer that the autograd graph keeps but the GC may free before backward, giving
 * silently wrong gradients. Constants are torch-allocated tensors from {@link #constant}. Every op is called on a
 * policy-derived array first, so results live in that array's manager.
 */
final class LossOps {

    private LossOps() {
    }

    /**
     * A 0-d tensor holding {@code value} in {@code like}'s dtype, allocated by torch in {@code like}'s manager.
     * {@code NDManager.full} only takes a float, which would round β = 0.1 to 0.10000000149 in float64; for float64
     * the exact double is copied ({@code duplicate()} = torch clone) out of the JVM-backed temporary, which is closed.
     */
    static NDArray constant(NDArray like, double value) {
        NDManager manager = like.getManager();
        DataType type = like.getDataType();
        if (type == DataType.FLOAT64) {
            try (NDArray jvmBacked = manager.create(value)) {
                return jvmBacked.duplicate();
            }
        }
        return manager.full(new Shape(), (float) value, type);
    }

    /** {@code x · value}, with a torch-allocated constant. */
    static NDArray times(NDArray x, double value) {
        return x.mul(constant(x, value));
    }

    /**
     * logσ(x) = −softplus(−x), elementwise and numerically stable: torch's softplus is log1p(exp(·)) below its
     * threshold and linear above, so |x| in the hundreds gives finite values and gradients. (The textbook
     * −(relu(−x) + log(1 + exp(−|x|))) is stable too but its gradient at x = 0 is 0 instead of ½, because relu and
     * abs have zero subgradients there — and x = 0 is exactly DPO's first step, when policy = reference.)
     */
    static NDArray logSigmoid(NDArray x) {
        return Activation.softPlus(x.neg()).neg();
    }

    /**
     * The batch mean of per-example losses, each multiplied by its pair's weight when {@code weights} is given:
     * {@code (1/B) Σ w_i ℓ_i}. The weights are a constant input (no gradient), moved into the losses' manager.
     */
    static NDArray weightedMean(NDArray perExample, NDArray weights) {
        if (weights == null) {
            return perExample.mean();
        }
        if (!weights.getShape().equals(perExample.getShape())) {
            throw new IllegalArgumentException("weights must have shape " + perExample.getShape() + ", had " + weights.getShape());
        }
        return perExample.mul(constantInput(weights.toType(perExample.getDataType(), false), perExample)).mean();
    }

    /**
     * {@code reference} as a constant of the graph owned by {@code owner}'s manager: if it tracks gradients it is
     * detached (so no gradient ever reaches a reference model) and the detached copy moved to that manager.
     */
    static NDArray constantInput(NDArray reference, NDArray owner) {
        if (!reference.hasGradient()) {
            return reference;
        }
        NDArray detached = reference.stopGradient();
        detached.attach(owner.getManager());
        return detached;
    }

    /** The values of {@code x} as doubles, read without touching the graph. */
    static double[] values(NDArray x) {
        try (NDArray detached = x.stopGradient()) {
            if (detached.getDataType() == DataType.FLOAT64) {
                return detached.toDoubleArray();
            }
            try (NDArray asDouble = detached.toType(DataType.FLOAT64, false)) {
                return asDouble.toDoubleArray();
            }
        }
    }

    /** The value of a 0-d (or one-element) array. */
    static double scalar(NDArray x) {
        return values(x)[0];
    }

    static double mean(double[] xs) {
        double sum = 0;
        for (double x : xs) {
            sum += x;
        }
        return sum / xs.length;
    }

    /** mean(a[i] &gt; b[i]) as a fraction. */
    static double fractionGreater(double[] a, double[] b) {
        int count = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] > b[i]) {
                count++;
            }
        }
        return (double) count / a.length;
    }

    /** β·(policy[i] − reference[i]) for each i. */
    static double[] rewards(double beta, double[] policy, double[] reference) {
        double[] rewards = new double[policy.length];
        for (int i = 0; i < policy.length; i++) {
            rewards[i] = beta * (policy[i] - reference[i]);
        }
        return rewards;
    }

    static void requireBeta(double beta) {
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be a finite number > 0, was " + beta);
        }
    }

    static void requireLabelSmoothing(double labelSmoothing) {
        if (!(labelSmoothing >= 0 && labelSmoothing < 0.5)) {
            throw new IllegalArgumentException("labelSmoothing must be in [0, 0.5), was " + labelSmoothing);
        }
    }

    /**
     * All inputs non-null, of shape (B,) with B ≥ 1, the same shape and the same floating-point dtype.
     *
     * @param names the parameter names, in the order of {@code arrays}, for the messages
     */
    static void requireBatchVectors(String[] names, NDArray... arrays) {
        for (int i = 0; i < arrays.length; i++) {
            if (arrays[i] == null) {
                throw new IllegalArgumentException(names[i] + " must not be null");
            }
        }
        NDArray first = arrays[0];
        Shape shape = first.getShape();
        if (shape.dimension() != 1 || shape.get(0) < 1) {
            throw new IllegalArgumentException(
                    names[0] + " must have shape (B,) with B >= 1 (one summed log-probability or reward per example), was " + shape);
        }
        if (!first.getDataType().isFloating()) {
            throw new IllegalArgumentException(names[0] + " must be floating point, was " + first.getDataType());
        }
        for (int i = 1; i < arrays.length; i++) {
            if (!arrays[i].getShape().equals(shape)) {
                throw new IllegalArgumentException(names[i] + " has shape " + arrays[i].getShape() + " but " + names[0]
                        + " has shape " + shape + "; all inputs must have the same shape (B,)");
            }
            if (arrays[i].getDataType() != first.getDataType()) {
                throw new IllegalArgumentException(names[i] + " is " + arrays[i].getDataType() + " but " + names[0] + " is "
                        + first.getDataType() + "; all inputs must have the same dtype");
            }
        }
    }
}
