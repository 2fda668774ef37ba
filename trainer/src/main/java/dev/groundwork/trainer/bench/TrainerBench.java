package dev.groundwork.trainer.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.groundwork.trainer.loss.DpoLoss;
import dev.groundwork.trainer.loss.MdpoLoss;
import dev.groundwork.trainer.model.VlmConfig;
import dev.groundwork.trainer.model.WordTokenizer;
import dev.groundwork.trainer.train.BaseTrainer;
import dev.groundwork.trainer.train.Batches;
import dev.groundwork.trainer.train.DpoTrainer;
import dev.groundwork.trainer.train.MdpoTrainer;
import dev.groundwork.trainer.train.Picture;
import dev.groundwork.trainer.train.PreferenceExample;
import dev.groundwork.trainer.train.Start;
import dev.groundwork.trainer.train.TrainingOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code gw bench trainer}: times the product's own training steps — {@link DpoTrainer#step()} and
 * {@link MdpoTrainer#step()}, i.e. the batch building, policy forward over chosen and rejected rows (and, for mDPO,
 * the chosen rows under the corrupted image), frozen-reference forward, the loss with its metrics, backward, and
 * {@code train.Adam} with gradient clipping — on synthetic pairs of the requested length; an sgemm peak on the same
 * engine; the resident set size over a long {@code tiny} DPO run; and, when a peer script is given, the same step in
 * PyTorch eager ({@code trainer/bench/trainer_peer.py} run by Debian's {@code /usr/bin/python3}) at the same thread
 * count, each side's sgemm rate printed, and the speed ratio (refused when the peer's sgemm is below half of the JVM
 * side's: a reference-BLAS strawman). Engine name and versions are read from the engine.
 *
 * <p>Command-line entry point: {@link #run(Options, PrintStream)}.
 */
public final class TrainerBench {

    /**
     * What to measure.
     *
     * @param size the model preset: {@code tiny}, {@code small} or {@code base} ({@link VlmConfig#preset})
     * @param batch preference pairs per step
     * @param textLength tokens per row, {@code [<bos>, prompt, sep, response, <eos>]}; at most the preset's
     *     {@code maxTextLength}, at least 5
     * @param warmup untimed steps first
     * @param steps timed steps
     * @param threads engine threads (PyTorch intra-op), for both sides; applied to the JVM side only if the engine
     *     has not been loaded yet (system property {@code ai.djl.pytorch.num_threads})
     * @param rssSteps length of the {@code tiny} RSS run; 0 skips it
     * @param rssBatch pairs per step of the RSS run
     * @param peerScript the PyTorch peer script; empty skips the comparison
     */
    public record Options(String size, int batch, int textLength, int warmup, int steps, int threads, int rssSteps,
            int rssBatch, Optional<Path> peerScript) {

        /** @throws IllegalArgumentException if a value is out of range or the size unknown */
        public Options {
            Objects.requireNonNull(peerScript, "peerScript");
            VlmConfig config = VlmConfig.preset(Objects.requireNonNull(size, "size"));
            if (batch < 1 || warmup < 0 || steps < 1 || threads < 1 || rssSteps < 0 || rssBatch < 1) {
                throw new IllegalArgumentException("need batch >= 1, warmup >= 0, steps >= 1, threads >= 1, rssSteps >= 0,"
                        + " rssBatch >= 1; got " + batch + ", " + warmup + ", " + steps + ", " + threads + ", " + rssSteps
                        + ", " + rssBatch);
            }
            if (textLength < 5 || textLength > config.maxTextLength()) {
                throw new IllegalArgumentException("textLength must be in [5, " + config.maxTextLength() + "] for the " + size
                        + " model, was " + textLength);
            }
        }

        /** {@code small}, batch 16, 24 tokens, 3 warm-up and 20 timed steps, all cores, RSS over 2,000 steps of 8, no peer. */
        public static Options defaults() {
            return new Options("small", 16, 24, 3, 20, Runtime.getRuntime().availableProcessors(), 2000, 8, Optional.empty());
        }
    }

    /** What was measured on the JVM side. */
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

    /** What the PyTorch peer reported. */
    public record Peer(String torch, int threads, long parameters, double sgemmGflops, double dpoPairsPerSecond,
            double mdpoPairsPerSecond) {}

    /** Everything {@link #run(Options, PrintStream)} measured; {@code peer} is empty when no script was given. */
    public record Report(String engine, Result jvm, List<Rss> rss, Optional<Peer> peer) {}

    /** Distinct words of the synthetic texts (the vocabulary adds the tokenizer's specials and the separator). */
    private static final int WORDS = 95;
    private static final double BETA = 0.1;
    private static final double LEARNING_RATE = 1e-4;
    private static final long SEED = 7;

    private TrainerBench() {}

    /** Runs the whole benchmark as {@code options} say and prints it to {@code out}. */
    public static Report run(Options options, PrintStream out) {
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(options.threads()));
        }
        Engine engine = Engine.getInstance();
        String engineName = "DJL " + Engine.getDjlVersion() + " (" + engine.getEngineName() + " " + engine.getVersion() + ")";
        out.printf("bench trainer: %s model, batch %d pairs, %d text tokens, %d timed steps after %d warm-up, %d threads%n",
                options.size(), options.batch(), options.textLength(), options.steps(), options.warmup(), options.threads());
        List<Rss> rss = List.of();
        if (options.rssSteps() > 0) {
            int early = Math.max(1, options.rssSteps() / 10);
            rss = rss(options.rssBatch(), Math.min(options.textLength(), VlmConfig.tiny().maxTextLength()),
                    new int[] {early, options.rssSteps()});
            double growth = 100.0 * (rss.get(1).kib() - rss.get(0).kib()) / rss.get(0).kib();
            out.printf("RSS over a tiny DPO run (batch %d): %,d KiB after %d steps, %,d KiB after %d steps: %+.1f %%"
                    + " (target within 10 %%)%n", options.rssBatch(), rss.get(0).kib(), rss.get(0).steps(), rss.get(1).kib(),
                    rss.get(1).steps(), growth);
        }
        Result jvm = run(VlmConfig.preset(options.size()), options.size(), options.batch(), options.textLength(),
                options.warmup(), options.steps());
        out.printf("%s on %s: %,d parameters, sgemm 1024^3 %.1f GFLOP/s%n", engineName, jvm.device(), jvm.parameters(),
                jvm.sgemmGflops());
        out.printf("  DPO : %6.1f pairs/s, %.2f GFLOP per step, %.1f GFLOP/s = %.0f %% of sgemm%n", jvm.dpoPairsPerSecond(),
                jvm.dpoFlopsPerStep() / 1e9, jvm.dpoGflops(), 100 * jvm.dpoGflops() / jvm.sgemmGflops());
        out.printf("  mDPO: %6.1f pairs/s, %.2f GFLOP per step, %.1f GFLOP/s = %.0f %% of sgemm%n", jvm.mdpoPairsPerSecond(),
                jvm.mdpoFlopsPerStep() / 1e9, jvm.mdpoGflops(), 100 * jvm.mdpoGflops() / jvm.sgemmGflops());
        Optional<Peer> peer = options.peerScript().map(script -> peer(script, options, vocabulary().vocabSize()));
        peer.ifPresentOrElse(p -> printPeer(p, jvm, out), () -> out.println("PyTorch peer: skipped (no peer script given)"));
        return new Report(engineName, jvm, rss, peer);
    }

    /**
     * Times {@code steps} DPO and mDPO steps of fresh product trainers after {@code warmup} untimed ones.
     *
     * @throws IllegalArgumentException if {@code textLength} does not fit the model
     */
    public static Result run(VlmConfig config, String sizeName, int batch, int textLength, int warmup, int steps) {
        WordTokenizer tokenizer = vocabulary();
        List<PreferenceExample> data = pairs(config, tokenizer, batch, textLength);
        TrainingOptions training = trainingOptions(batch);
        double dpoRate;
        long parameters;
        try (DpoTrainer dpo = new DpoTrainer(config, tokenizer, data, DpoLoss.sigmoid(BETA), training, Start.fresh())) {
            parameters = dpo.policy().parameterCount();
            dpoRate = stepsPerSecond(dpo, warmup, steps) * batch;
        }
        double mdpoRate;
        try (MdpoTrainer mdpo = new MdpoTrainer(config, tokenizer, data, MdpoLoss.of(BETA), training, Start.fresh())) {
            mdpoRate = stepsPerSecond(mdpo, warmup, steps) * batch;
        }
        double f = forwardFlops(config, textLength, tokenizer.vocabSize());
        // Per pair: DPO 2 rows, mDPO 3 rows; each row costs 3 forwards (policy forward + backward) + 1 (reference).
        return new Result(sizeName, batch, textLength, parameters, dpoRate, mdpoRate, 4.0 * 2 * batch * f, 4.0 * 3 * batch * f,
                sgemmGflops(), Engine.getInstance().defaultDevice().toString());
    }

    /** RSS (VmRSS) after each checkpoint step count of a {@code tiny} product DPO run of batch {@code batch}. */
    public static List<Rss> rss(int batch, int textLength, int[] checkpoints) {
        VlmConfig config = VlmConfig.tiny();
        WordTokenizer tokenizer = vocabulary();
        List<Rss> out = new ArrayList<>();
        try (DpoTrainer dpo = new DpoTrainer(config, tokenizer, pairs(config, tokenizer, batch, textLength), DpoLoss.sigmoid(BETA),
                trainingOptions(batch), Start.fresh())) {
            int done = 0;
            for (int target : checkpoints) {
                for (; done < target; done++) {
                    dpo.step();
                }
                System.gc();
                out.add(new Rss(done, rssKib()));
            }
        }
        return out;
    }

    private static TrainingOptions trainingOptions(int batch) {
        // Adam (0.9, 0.999, 1e-8), clipping at 1.0: the defaults the product trains with; the peer mirrors them.
        return TrainingOptions.defaults().withBatchSize(batch).withLearningRate(LEARNING_RATE).withSeed(SEED);
    }

    private static double stepsPerSecond(BaseTrainer<?> trainer, int warmup, int steps) {
        trainer.train(warmup);
        long start = System.nanoTime();
        trainer.train(steps);
        return steps / ((System.nanoTime() - start) / 1e9);
    }

    /** The words {@code w0 … w94} and the separator. */
    private static WordTokenizer vocabulary() {
        List<String> texts = new ArrayList<>(List.of(Batches.SEPARATOR));
        for (int i = 0; i < WORDS; i++) {
            texts.add("w" + i);
        }
        return WordTokenizer.fit(texts);
    }

    /**
     * {@code batch} pairs of random words whose rows are exactly {@code textLength} tokens: a prompt of
     * (textLength − 3)/2 words, responses of the rest, and random images of the model's size.
     */
    private static List<PreferenceExample> pairs(VlmConfig config, WordTokenizer tokenizer, int batch, int textLength) {
        int promptWords = (textLength - 3) / 2;
        int responseWords = textLength - 3 - promptWords;
        Random random = new Random(3);
        int size = config.imageSize();
        List<PreferenceExample> pairs = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
            float[] pixels = new float[3 * size * size];
            for (int p = 0; p < pixels.length; p++) {
                pixels[p] = random.nextFloat();
            }
            pairs.add(new PreferenceExample(new Picture(size, size, pixels), words(random, promptWords),
                    words(random, responseWords), words(random, responseWords)));
        }
        return pairs;
    }

    private static String words(Random random, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(i == 0 ? "" : " ").append('w').append(random.nextInt(WORDS));
        }
        return text.toString();
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

    private static double sgemmGflops() {
        try (NDManager sm = NDManager.newBaseManager()) {
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

    private static Peer peer(Path script, Options options, int vocab) {
        if (!Files.isRegularFile(script)) {
            throw new IllegalArgumentException("PyTorch peer script not found: " + script);
        }
        String threads = Integer.toString(options.threads());
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", script.toString(), "--size", options.size(), "--batch",
                Integer.toString(options.batch()), "--text", Integer.toString(options.textLength()), "--vocab",
                Integer.toString(vocab), "--steps", Integer.toString(options.steps()), "--warmup",
                Integer.toString(options.warmup()), "--threads", threads, "--lr", Double.toString(LEARNING_RATE), "--beta",
                Double.toString(BETA), "--max-grad-norm", Double.toString(TrainingOptions.defaults().maxGradNorm()));
        pb.environment().put("OMP_NUM_THREADS", threads);
        try {
            Path stderr = Files.createTempFile("trainer-peer", ".err");
            try {
                pb.redirectError(stderr.toFile());
                Process p = pb.start();
                String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                    String last = Files.readString(stderr).lines().reduce((x, y) -> y).orElse("");
                    throw new IllegalStateException("PyTorch peer failed: " + last);
                }
                String json = stdout.lines().filter(l -> l.startsWith("{")).reduce((x, y) -> y)
                        .orElseThrow(() -> new IllegalStateException("PyTorch peer printed no result"));
                Map<String, String> r = flatJson(json);
                return new Peer(r.get("torch"), Integer.parseInt(r.get("threads")), Long.parseLong(r.get("parameters")),
                        Double.parseDouble(r.get("sgemm_gflops")), Double.parseDouble(r.get("dpo_pairs_per_s")),
                        Double.parseDouble(r.get("mdpo_pairs_per_s")));
            } finally {
                Files.deleteIfExists(stderr);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run /usr/bin/python3 (install python3-torch): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The string and number members of a flat JSON object, as text. */
    static Map<String, String> flatJson(String json) {
        Map<String, String> members = new LinkedHashMap<>();
        Matcher m = Pattern.compile("\"([^\"]+)\"\\s*:\\s*(?:\"([^\"]*)\"|([-+0-9.eE]+))").matcher(json);
        while (m.find()) {
            members.put(m.group(1), m.group(2) != null ? m.group(2) : m.group(3));
        }
        return members;
    }

    private static void printPeer(Peer peer, Result jvm, PrintStream out) {
        double dpoFlopsPerPair = jvm.dpoFlopsPerStep() / jvm.batch();
        double mdpoFlopsPerPair = jvm.mdpoFlopsPerStep() / jvm.batch();
        out.printf("PyTorch %s eager, %d threads: %,d parameters, sgemm 1024^3 %.1f GFLOP/s%n", peer.torch(), peer.threads(),
                peer.parameters(), peer.sgemmGflops());
        out.printf("  DPO : %6.1f pairs/s (%.1f GFLOP/s)%n", peer.dpoPairsPerSecond(), dpoFlopsPerPair * peer.dpoPairsPerSecond() / 1e9);
        out.printf("  mDPO: %6.1f pairs/s (%.1f GFLOP/s)%n", peer.mdpoPairsPerSecond(),
                mdpoFlopsPerPair * peer.mdpoPairsPerSecond() / 1e9);
        if (peer.sgemmGflops() < 0.5 * jvm.sgemmGflops()) {
            out.printf("ratio refused: the peer's sgemm (%.1f GFLOP/s) is below half of the JVM side's (%.1f GFLOP/s); "
                    + "install libopenblas0-pthread so Debian's torch does not use reference BLAS%n", peer.sgemmGflops(),
                    jvm.sgemmGflops());
            return;
        }
        out.printf("ratio DJL / PyTorch: DPO %.2f, mDPO %.2f (target >= 1.0)%n", jvm.dpoPairsPerSecond() / peer.dpoPairsPerSecond(),
                jvm.mdpoPairsPerSecond() / peer.mdpoPairsPerSecond());
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
