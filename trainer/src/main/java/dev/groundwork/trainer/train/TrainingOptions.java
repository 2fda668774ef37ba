package dev.groundwork.trainer.train;

/**
 * Optimiser and data settings shared by all trainers.
 *
 * @param learningRate Adam step size (constant)
 * @param batchSize examples per step (a preference pair counts once)
 * @param seed the run seed: parameter initialisation, data order, mDPO crops
 * @param maxGradNorm clip the global gradient L2 norm to this; 0 turns clipping off
 * @param beta1 Adam's first-moment decay
 * @param beta2 Adam's second-moment decay
 * @param epsilon Adam's denominator term
 * @param weightDecay decoupled (AdamW) weight decay; 0 for plain Adam
 */
public record TrainingOptions(double learningRate, int batchSize, long seed, double maxGradNorm, double beta1, double beta2,
        double epsilon, double weightDecay) {

    /** @throws IllegalArgumentException if a value is out of range */
    public TrainingOptions {
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be a finite number > 0, was " + learningRate);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
        if (!(maxGradNorm >= 0)) {
            throw new IllegalArgumentException("maxGradNorm must be >= 0, was " + maxGradNorm);
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("beta1 and beta2 must be in [0, 1), were " + beta1 + ", " + beta2);
        }
        if (!(epsilon > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("epsilon must be > 0 and weightDecay >= 0, were " + epsilon + ", " + weightDecay);
        }
    }

    /** lr 1e-3, batch 16, seed 0, clipping at 1.0, Adam (0.9, 0.999, 1e-8), no weight decay. */
    public static TrainingOptions defaults() {
        return new TrainingOptions(1e-3, 16, 0, 1.0, 0.9, 0.999, 1e-8, 0);
    }

    public TrainingOptions withLearningRate(double value) {
        return new TrainingOptions(value, batchSize, seed, maxGradNorm, beta1, beta2, epsilon, weightDecay);
    }

    public TrainingOptions withBatchSize(int value) {
        return new TrainingOptions(learningRate, value, seed, maxGradNorm, beta1, beta2, epsilon, weightDecay);
    }

    public TrainingOptions withSeed(long value) {
        return new TrainingOptions(learningRate, batchSize, value, maxGradNorm, beta1, beta2, epsilon, weightDecay);
    }

    public TrainingOptions withMaxGradNorm(double value) {
        return new TrainingOptions(learningRate, batchSize, seed, value, beta1, beta2, epsilon, weightDecay);
    }

    public TrainingOptions withWeightDecay(double value) {
        return new TrainingOptions(learningRate, batchSize, seed, maxGradNorm, beta1, beta2, epsilon, value);
    }
}
