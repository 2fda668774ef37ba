package dev.groundwork.trainer.train;

/**
 * Optimiser and data settings shared by all trainers.
 *
 * @param learningRate Adam's peak step size (constant unless {@code warmupSteps} or {@code decaySteps} say otherwise;
 *     {@link #learningRate(long)} is the one an update uses)
 * @param batchSize examples per step (a preference pair counts once)
 * @param seed the run seed: parameter initialisation, data order, mDPO crops
 * @param maxGradNorm clip the global gradient L2 norm to this; 0 turns clipping off
 * @param beta1 Adam's first-moment decay
 * @param beta2 Adam's second-moment decay
 * @param epsilon Adam's denominator term
 * @param weightDecay decoupled (AdamW) weight decay; 0 for plain Adam
 * @param warmupSteps updates over which the step size rises linearly to {@code learningRate}; 0 for none
 * @param decaySteps the update at which a cosine decay, starting after the warmup, brings the step size down to
 *     {@value #DECAY_FLOOR} of {@code learningRate} (where it stays); 0 for no decay
 */
public record TrainingOptions(double learningRate, int batchSize, long seed, double maxGradNorm, double beta1, double beta2,
        double epsilon, double weightDecay, int warmupSteps, int decaySteps) {

    /** The fraction of the peak step size that the cosine decay ends at. */
    public static final double DECAY_FLOOR = 0.1;

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
        if (warmupSteps < 0 || decaySteps < 0 || (decaySteps > 0 && decaySteps <= warmupSteps)) {
            throw new IllegalArgumentException("warmupSteps and decaySteps must be >= 0, and decaySteps 0 or above warmupSteps,"
                    + " were " + warmupSteps + ", " + decaySteps);
        }
    }

    /** lr 1e-3 (constant), batch 16, seed 0, clipping at 1.0, Adam (0.9, 0.999, 1e-8), no weight decay. */
    public static TrainingOptions defaults() {
        return new TrainingOptions(1e-3, 16, 0, 1.0, 0.9, 0.999, 1e-8, 0, 0, 0);
    }

    /**
     * The step size of update {@code t} (1 for the first): {@code learningRate · t / warmupSteps} during the warmup,
     * then {@code learningRate}, cosine-decayed from the end of the warmup to {@value #DECAY_FLOOR} of it at
     * {@code decaySteps} when that is set. Training from scratch at a constant 1e-3 stalls while the gradient noise
     * is large (the SFT shape read-out of {@code SeeDiagnostic}); the decay lets the last steps settle.
     */
    public double learningRate(long t) {
        if (t < 1) {
            throw new IllegalArgumentException("t must be >= 1, was " + t);
        }
        if (t <= warmupSteps) {
            return learningRate * t / warmupSteps;
        }
        if (decaySteps == 0) {
            return learningRate;
        }
        double progress = Math.min(1, (t - warmupSteps) / (double) (decaySteps - warmupSteps));
        return learningRate * (DECAY_FLOOR + (1 - DECAY_FLOOR) * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }

    public TrainingOptions withLearningRate(double value) {
        return new TrainingOptions(value, batchSize, seed, maxGradNorm, beta1, beta2, epsilon, weightDecay,
                warmupSteps, decaySteps);
    }

    public TrainingOptions withBatchSize(int value) {
        return new TrainingOptions(learningRate, value, seed, maxGradNorm, beta1, beta2, epsilon, weightDecay,
                warmupSteps, decaySteps);
    }

    public TrainingOptions withSeed(long value) {
        return new TrainingOptions(learningRate, batchSize, value, maxGradNorm, beta1, beta2, epsilon, weightDecay,
                warmupSteps, decaySteps);
    }

    public TrainingOptions withMaxGradNorm(double value) {
        return new TrainingOptions(learningRate, batchSize, seed, value, beta1, beta2, epsilon, weightDecay,
                warmupSteps, decaySteps);
    }

    public TrainingOptions withWeightDecay(double value) {
        return new TrainingOptions(learningRate, batchSize, seed, maxGradNorm, beta1, beta2, epsilon, value,
                warmupSteps, decaySteps);
    }

    /** This with a linear warmup over {@code warmup} updates and a cosine decay until update {@code decay} (0: none). */
    public TrainingOptions withSchedule(int warmup, int decay) {
        return new TrainingOptions(learningRate, batchSize, seed, maxGradNorm, beta1, beta2, epsilon, weightDecay, warmup, decay);
    }
}
