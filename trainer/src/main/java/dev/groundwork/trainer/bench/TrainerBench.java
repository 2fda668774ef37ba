package dev.groundwork.trainer.bench;

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
import dev.groundwork.trainer.loss.DpoLoss;
import dev.groundwork.trainer.loss.MdpoLoss;
import dev.groundwork.trainer.model.SequenceLogProbs;
import dev.groundwork.trainer.model.VisionLanguageModel;
import dev.groundwork.trainer.model.VlmConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Times one DPO and one mDPO training step of the policy on DJL (policy forward and backward,
 * frozen-reference forward, loss, Adam update), the JVM side of {@code gw bench trainer}; also
 * an sgemm peak on the same engine and the resident set size over many {@code tiny} steps.
 */
public final class TrainerBench {

    /** What was measured. */
    public record Result(String size, int batch, int textLength, long parameters, double dpoPairsPerSecond,
            double mdpoPairsPerSecond, double dpoFlopsPerStep, double mdpoFlopsPerStep, double sgemmGflops, String device) {

        public double dpoGflops() {
            return dpoFlopsPerStep * dpoPairsPerSecond / batch / 1e9;
        }

        public double mdpoGflops() {
            return mdpoFlopsPerStep * mdpoPairsPerSecond / batch / 1e9;
        }
    }

    /** Resident set size after a number of steps. */
    public record Rss(int steps, long kib) {}

    private static final int VOCAB = 100;
    private static final float BETA = 0.1f;

    private TrainerBench() {}

    public static Result run(VlmConfig config, String sizeName, int batch, int textLength, int warmup, int steps) {
        Engine.getInstance().setRandomSeed(7);
        try (NDManager base = NDManager.newBaseManager(); Model model = Model.newInstance("bench-policy")) {
            VisionLanguageModel policy = new VisionLanguageModel(config, VOCAB);
            model.setBlock(policy);
            try (Trainer trainer = model.newTrainer(trainingConfig())) {
                trainer.initialize(policy.imageShape(2L * batch), new Shape(2L * batch, textLength));
                VisionLanguageModel reference = policy.frozenCopy(base);
                Inputs in = Inputs.random(base, config, batch, textLength);
                Step dpo = new Step(trainer, reference, new ParameterStore(base, false), in, false);
                Step mdpo = new Step(trainer, reference, new ParameterStore(base, false), in, true);
                double dpoRate = time(dpo, base, warmup, steps) * batch;
                double mdpoRate = time(mdpo, base, warmup, steps) * batch;
                double f = forwardFlops(config, textLength, VOCAB);
                return new Result(sizeName, batch, textLength, policy.parameterCount(), dpoRate, mdpoRate,
                        4.0 * 2 * batch * f, 4.0 * 3 * batch * f, sgemmGflops(base), Engine.getInstance().defaultDevice().toString());
            }
        }
    }

    /** RSS (VmRSS) after each checkpoint step count of a {@code tiny} DPO run of {@code maxSteps}. */
    public static java.util.List<Rss> rss(int batch, int textLength, int[] checkpoints) {
        VlmConfig config = VlmConfig.tiny();
        java.util.List<Rss> out = new java.util.ArrayList<>();
        Engine.getInstance().setRandomSeed(11);
        try (NDManager base = NDManager.newBaseManager(); Model model = Model.newInstance("bench-rss")) {
            VisionLanguageModel policy = new VisionLanguageModel(config, VOCAB);
            model.setBlock(policy);
            try (Trainer trainer = model.newTrainer(trainingConfig())) {
                trainer.initialize(policy.imageShape(2L * batch), new Shape(2L * batch, textLength));
                VisionLanguageModel reference = policy.frozenCopy(base);
                Inputs in = Inputs.random(base, config, batch, textLength);
                Step step = new Step(trainer, reference, new ParameterStore(base, false), in, false);
                int done = 0;
                for (int target : checkpoints) {
                    for (; done < target; done++) {
                        try (NDManager sm = base.newSubManager()) {
                            step.run(sm);
                        }
                    }
                    System.gc();
                    out.add(new Rss(done, rssKib()));
                }
            }
        }
        return out;
    }

    private static DefaultTrainingConfig trainingConfig() {
        return new DefaultTrainingConfig(Loss.l2Loss()) // required by DJL, not used
                .optInitializer(new XavierInitializer(), Parameter.Type.WEIGHT)
                .optInitializer(new NormalInitializer(0.02f), VisionLanguageModel::isEmbedding)
                .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-4f)).build());
    }

    /** @return steps per second */
    private static double time(Step step, NDManager base, int warmup, int steps) {
        for (int i = 0; i < warmup; i++) {
            try (NDManager sm = base.newSubManager()) {
                step.run(sm);
            }
        }
        long start = System.nanoTime();
        for (int i = 0; i < steps; i++) {
            try (NDManager sm = base.newSubManager()) {
                step.run(sm);
            }
        }
        return steps / ((System.nanoTime() - start) / 1e9);
    }

    /** Fixed random inputs: images, corrupted images, chosen then rejected token rows, response mask. */
    private record Inputs(NDArray images, NDArray corrupted, NDArray tokens, NDArray mask, int batch) {
        static Inputs random(NDManager m, VlmConfig c, int batch, int textLength) {
            Random r = new Random(3);
            int px = 3 * c.imageSize() * c.imageSize();
            float[] img = new float[batch * px];
            float[] cor = new float[batch * px];
            for (int i = 0; i < img.length; i++) {
                img[i] = r.nextFloat();
                cor[i] = r.nextFloat();
            }
            long[] tok = new long[2 * batch * textLength];
            float[] mask = new float[tok.length];
            for (int i = 0; i < tok.length; i++) {
                tok[i] = 4 + r.nextInt(VOCAB - 4);
                mask[i] = (i % textLength) >= textLength / 2 ? 1f : 0f;
            }
            NDArray images = m.create(img, new Shape(batch, 3, c.imageSize(), c.imageSize())).duplicate();
            return new Inputs(images.concat(images, 0),
                    m.create(cor, new Shape(batch, 3, c.imageSize(), c.imageSize())).duplicate(),
                    m.create(tok, new Shape(2L * batch, textLength)).duplicate(),
                    m.create(mask, new Shape(2L * batch, textLength)).duplicate(), batch);
        }
    }

    /** One DPO (or mDPO) optimisation step. */
    private record Step(Trainer trainer, VisionLanguageModel reference, ParameterStore referenceStore, Inputs in, boolean mdpo) {
        void run(NDManager sm) {
            int b = in.batch();
            NDIndex first = new NDIndex("0:{}", b);
            NDIndex second = new NDIndex("{}:", b);
            // Step-local copies, as a data loader would hand them over: every derived array then belongs to sm.
            NDArray images = local(in.images(), sm);
            NDArray tokens = local(in.tokens(), sm);
            NDArray mask = local(in.mask(), sm);
            NDArray refLogps = SequenceLogProbs.sum(reference, referenceStore, images, tokens, mask, false);
            NDArray chosenTokens = tokens.get(first);
            NDArray chosenMask = mask.get(first);
            NDArray corruptedImages = mdpo ? local(in.corrupted(), sm) : null;
            NDArray refCorrupted = mdpo
                    ? SequenceLogProbs.sum(reference, referenceStore, corruptedImages, chosenTokens, chosenMask, false) : null;
            try (GradientCollector collector = trainer.newGradientCollector()) {
                NDArray logits = trainer.forward(new NDList(images, tokens)).singletonOrThrow();
                NDArray logps = SequenceLogProbs.fromLogits(logits, tokens, mask);
                NDArray loss;
                if (mdpo) {
                    NDArray corruptedLogits = trainer.forward(new NDList(corruptedImages, chosenTokens)).singletonOrThrow();
                    NDArray corrupted = SequenceLogProbs.fromLogits(corruptedLogits, chosenTokens, chosenMask);
                    loss = MdpoLoss.of(BETA).compute(logps.get(first), logps.get(second), refLogps.get(first), refLogps.get(second),
                            corrupted, refCorrupted).loss();
                } else {
                    loss = DpoLoss.sigmoid(BETA).compute(logps.get(first), logps.get(second), refLogps.get(first),
                            refLogps.get(second)).loss();
                }
                collector.backward(loss);
            }
            trainer.step();
        }

        private static NDArray local(NDArray source, NDManager sm) {
            NDArray copy = source.duplicate();
            copy.attach(sm);
            return copy;
        }
    }

    /**
     * Multiply-adds × 2 of one forward pass over one sequence (image tokens N, text tokens T,
     * width d, MLP 4d): patch convolution, encoder and decoder layers (projections, attention
     * scores and context, MLP), projector, one-hot embedding matmul and head. A training step costs
     * ≈ 3× the forward (forward + backward); the reference adds 1×.
     */
    public static double forwardFlops(VlmConfig c, int t, int vocab) {
        double d = c.hiddenSize();
        double n = c.imageTokens();
        double s = n + t;
        double mlp = c.mlpRatio();
        double conv = 2 * n * 3.0 * c.patchSize() * c.patchSize() * d;
        double enc = c.encoderLayers() * (2 * n * d * (4 * d + 2 * mlp * d) + 4 * n * n * d);
        double proj = 4 * n * d * d;
        double dec = c.decoderLayers() * (2 * s * d * (4 * d + 2 * mlp * d) + 4 * s * s * d);
        double embedAndHead = 4 * t * vocab * d;
        return conv + enc + proj + dec + embedAndHead;
    }

    private static double sgemmGflops(NDManager base) {
        try (NDManager sm = base.newSubManager()) {
            NDArray a = sm.randomUniform(0f, 1f, new Shape(1024, 1024));
            NDArray b = sm.randomUniform(0f, 1f, new Shape(1024, 1024));
            for (int i = 0; i < 3; i++) {
                a.matMul(b).close();
            }
            int reps = 20;
            long start = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                a.matMul(b).close();
            }
            return 2.0 * 1024 * 1024 * 1024 * reps / ((System.nanoTime() - start) / 1e9) / 1e9;
        }
    }

    private static long rssKib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
