package dev.groundwork.trainer.experiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.groundwork.storage.dataset.Manifest;
import dev.groundwork.storage.world.CoOccurrence;
import dev.groundwork.storage.world.WorldConfig;
import dev.groundwork.trainer.data.WorldData;
import dev.groundwork.trainer.evaluation.EvaluationRun;
import dev.groundwork.trainer.evaluation.PolicyCheckpoint;
import dev.groundwork.trainer.evaluation.WorldHeldOut;
import dev.groundwork.trainer.loss.DpoLoss;
import dev.groundwork.trainer.loss.MdpoLoss;
import dev.groundwork.trainer.model.VlmConfig;
import dev.groundwork.trainer.model.WordTokenizer;
import dev.groundwork.trainer.run.ProgressBar;
import dev.groundwork.trainer.run.RunReporter;
import dev.groundwork.trainer.run.TrainingEventSink;
import dev.groundwork.trainer.run.TrainingJob;
import dev.groundwork.trainer.train.Batches;
import dev.groundwork.trainer.train.BaseTrainer;
import dev.groundwork.trainer.train.DpoTrainer;
import dev.groundwork.trainer.train.MdpoTrainer;
import dev.groundwork.trainer.train.PreferenceExample;
import dev.groundwork.trainer.train.Provenance;
import dev.groundwork.trainer.train.SftExample;
import dev.groundwork.trainer.train.SftTrainer;
import dev.groundwork.trainer.train.Start;
import dev.groundwork.trainer.train.TrainingOptions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The SFT → DPO → mDPO experiment on the synthetic world: SFT on the faithful answers of the training scenes, then
 * from that one SFT checkpoint, with the same step budget, options and seed, DPO, mDPO and the mDPO paper's two
 * ablations (without the image-conditional term, without the anchor) on the world's preference pairs; then all five
 * answer the held-out scenes and one comparative audit report is written ({@link EvaluationRun}).
 *
 * <p>The world is biased on purpose (each rule's partner comes with its given with probability {@link Settings#bias})
 * so that the SFT policy inherits a co-occurrence prior to hallucinate from; the two checks of
 * {@link #checks} say whether it did, and whether it sees the image at all.
 */
public final class SftDpoMdpo {

    /**
     * The experiment's settings.
     *
     * @param size the model preset's name, for the record
     * @param model the model shape
     * @param worldImage the world's image side in pixels
     * @param bias P(partner | given) of the three default co-occurrence rules
     * @param trainScenes scenes to train on; {@code heldOutScenes} more are evaluated
     * @param sftCategories the item categories SFT trains on (the natural distribution: no adversarial negatives, which
     *     would teach the exceptions to the prior)
     * @param prefCategories the item categories whose faithful-vs-perturbed pairs the preference objectives train on
     * @param sftWarmupSteps SFT's linear learning-rate warmup; after it the rate decays (cosine) to a tenth at the last
     *     SFT step ({@link TrainingOptions#learningRate(long)}). The preference objectives keep a constant rate.
     * @param steps the preference objectives' step budget, the same for all four
     */
    public record Settings(String size, VlmConfig model, int worldImage, double bias, int trainScenes, int heldOutScenes,
            long worldSeed, Set<String> sftCategories, int sftSteps, double sftLearningRate, int sftWarmupSteps,
            Set<String> prefCategories, int steps, double learningRate, double dpoBeta, double mdpoBeta, int batch,
            long seed) {

        public Settings {
            Objects.requireNonNull(size, "size");
            Objects.requireNonNull(model, "model");
            sftCategories = Set.copyOf(sftCategories);
            prefCategories = Set.copyOf(prefCategories);
            if (sftSteps < 1 || steps < 1 || batch < 1 || trainScenes < 1 || heldOutScenes < 1) {
                throw new IllegalArgumentException("steps, batch and scene counts must be at least 1");
            }
            if (sftWarmupSteps < 0 || sftWarmupSteps >= sftSteps) {
                throw new IllegalArgumentException("sftWarmupSteps must be in [0, sftSteps), was " + sftWarmupSteps);
            }
        }

        /** The world: default classes and layout, the three default rules at {@link #bias}. */
        public WorldConfig world() {
            return WorldConfig.defaults(trainScenes + heldOutScenes, worldSeed).withImageSize(worldImage)
                    .withRules(List.of(new CoOccurrence("circle", "star", bias), new CoOccurrence("triangle", "square", bias),
                            new CoOccurrence("diamond", "hexagon", bias)));
        }

        Map<String, Object> describe() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("size", size);
            m.put("model", model.toString());
            m.put("world_image_px", worldImage);
            m.put("co_occurrence_bias", bias);
            m.put("train_scenes", trainScenes);
            m.put("held_out_scenes", heldOutScenes);
            m.put("world_seed", worldSeed);
            m.put("sft_categories", new TreeSet<>(sftCategories));
            m.put("sft_steps", sftSteps);
            m.put("sft_learning_rate", sftLearningRate);
            m.put("sft_warmup_steps", sftWarmupSteps);
            m.put("sft_decay_steps", sftSteps);
            m.put("preference_categories", new TreeSet<>(prefCategories));
            m.put("preference_steps", steps);
            m.put("preference_learning_rate", learningRate);
            m.put("dpo_beta", dpoBeta);
            m.put("mdpo_beta", mdpoBeta);
            m.put("batch", batch);
            m.put("seed", seed);
            return m;
        }
    }

    /** One preference objective of the comparison. */
    record Variant(String label, Supplier<MdpoLoss> mdpo) {
        boolean isDpo() {
            return mdpo == null;
        }
    }

    /** What the experiment measured. */
    public record Result(Path directory, EvaluationRun.Outcome evaluation, Map<String, Double> seconds, List<String> checks) {}

    private final Settings settings;
    private final PrintWriter log;
    private final Clock clock;

    public SftDpoMdpo(Settings settings, Clock clock, PrintWriter log) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
    }

    public Result run(Path out, TrainingEventSink events) {
        long started = System.nanoTime();
        Map<String, Double> seconds = new LinkedHashMap<>();
        WorldConfig world = settings.world();
        WorldData sftData = new WorldData(world, settings.trainScenes(), settings.sftCategories());
        WorldData prefData = new WorldData(world, settings.trainScenes(), settings.prefCategories());
        List<SftExample> sft = sftData.sft().train();
        List<PreferenceExample> pairs = prefData.preferences().train();
        // One vocabulary for all five policies and the evaluation: every item's prompt and answers, so that held-out
        // prompts (captions, relations) read as words, not <unk>.
        List<String> texts = new ArrayList<>(List.of(Batches.SEPARATOR));
        for (WorldData.SceneItem s : sftData.items()) {
            Manifest.Item item = s.item();
            texts.add(item.prompt());
            item.responses().forEach(r -> texts.add(r.text()));
        }
        WordTokenizer tokenizer = WordTokenizer.fit(texts);
        seconds.put("world", elapsed(started));
        log.printf(Locale.ROOT, "world: seed %d, %d px, bias %.2f, %d train + %d held-out scenes; SFT on %d examples (%s),"
                        + " preferences on %d pairs (%s); vocabulary %d words%n", settings.worldSeed(), settings.worldImage(),
                settings.bias(), settings.trainScenes(), settings.heldOutScenes(), sft.size(),
                new TreeSet<>(settings.sftCategories()), pairs.size(), new TreeSet<>(settings.prefCategories()),
                tokenizer.vocabSize());

        TrainingOptions sftOptions = TrainingOptions.defaults().withSeed(settings.seed()).withBatchSize(settings.batch())
                .withLearningRate(settings.sftLearningRate()).withSchedule(settings.sftWarmupSteps(), settings.sftSteps());
        Path checkpoints = out.resolve("checkpoints");
        long phase = System.nanoTime();
        Path sftDir = checkpoints.resolve("sft");
        train("sft", Map.of("learning_rate", Double.toString(settings.sftLearningRate())), settings.sftSteps(), sftDir,
                data(world, settings.sftCategories(), sft.size(), ""),
                () -> new SftTrainer(settings.model(), tokenizer, sft, sftOptions, Start.fresh()), events);
        seconds.put("sft", elapsed(phase));
        PolicyCheckpoint sftPolicy = PolicyCheckpoint.read("sft", sftDir);
        byte[] sftParameters = sftPolicy.parameters();

        TrainingOptions prefOptions = sftOptions.withLearningRate(settings.learningRate()).withSchedule(0, 0);
        List<Variant> variants = List.of(new Variant("dpo", null),
                new Variant("mdpo", () -> MdpoLoss.builder().beta(settings.mdpoBeta()).build()),
                new Variant("mdpo-no-image-cond", () -> MdpoLoss.builder().beta(settings.mdpoBeta()).imageConditional(false).build()),
                new Variant("mdpo-no-anchor", () -> MdpoLoss.builder().beta(settings.mdpoBeta()).anchor(false).build()));
        List<PolicyCheckpoint> policies = new ArrayList<>();
        policies.add(sftPolicy);
        String parent = sftDir.toAbsolutePath().toUri().toString();
        for (Variant v : variants) {
            phase = System.nanoTime();
            Path dir = checkpoints.resolve(v.label());
            Map<String, String> hyper = new LinkedHashMap<>();
            hyper.put("variant", v.label());
            hyper.put("beta", Double.toString(v.isDpo() ? settings.dpoBeta() : settings.mdpoBeta()));
            train(v.isDpo() ? DpoTrainer.OBJECTIVE : MdpoTrainer.OBJECTIVE, hyper, settings.steps(), dir,
                    data(world, settings.prefCategories(), pairs.size(), parent), () -> v.isDpo()
                            ? new DpoTrainer(settings.model(), tokenizer, pairs, DpoLoss.sigmoid(settings.dpoBeta()), prefOptions,
                                    Start.fromParameters(sftParameters))
                            : new MdpoTrainer(settings.model(), tokenizer, pairs, v.mdpo().get(), prefOptions,
                                    Start.fromParameters(sftParameters)), events);
            seconds.put(v.label(), elapsed(phase));
            policies.add(PolicyCheckpoint.read(v.label(), dir));
        }

        phase = System.nanoTime();
        EvaluationRun.Settings evaluation = EvaluationRun.Settings.defaults().withTitle(
                "SFT vs DPO vs mDPO (and ablations) on held-out world scenes, " + settings.size() + " model");
        EvaluationRun.Outcome outcome = new EvaluationRun(evaluation, clock, log).run(policies,
                new WorldHeldOut(world, settings.trainScenes()), out.resolve("report"));
        seconds.put("evaluation", elapsed(phase));
        seconds.put("total", elapsed(started));
        List<String> checks = checks(outcome.checkpoints().get(0).metrics());
        writeSummary(out.resolve("experiment.json"), outcome, seconds, checks);
        return new Result(out, outcome, seconds, checks);
    }

    /**
     * (a) the SFT policy sees the image: POPE-random accuracy at least 0.75; (b) it hallucinates from the co-occurrence
     * prior: its false-yes rate on adversarial negatives at least 1.5 times that on random ones.
     */
    static List<String> checks(Map<String, Double> sft) {
        double accuracy = sft.getOrDefault("pope_accuracy_random", Double.NaN);
        double adversarial = sft.getOrDefault("pope_false_yes_rate_adversarial", Double.NaN);
        double random = sft.getOrDefault("pope_false_yes_rate_random", Double.NaN);
        double ratio = random == 0 ? (adversarial > 0 ? Double.POSITIVE_INFINITY : Double.NaN) : adversarial / random;
        return List.of(
                String.format(Locale.ROOT, "(a) SFT POPE-random accuracy %.3f, needs >= 0.75: %s", accuracy,
                        accuracy >= 0.75 ? "met" : "NOT MET"),
                String.format(Locale.ROOT, "(b) SFT false-yes rate adversarial %.3f vs random %.3f, ratio %.2f, needs >= 1.5: %s",
                        adversarial, random, ratio, ratio >= 1.5 ? "met" : "NOT MET"));
    }

    private Provenance.Data data(WorldConfig world, Set<String> categories, long examples, String parent) {
        return new Provenance.Data("synthetic world seed " + world.seed() + ", " + world.imageSize() + " px, bias "
                + settings.bias() + ", scenes 0.." + (settings.trainScenes() - 1) + " train, categories "
                + new TreeSet<>(categories), List.of(), examples, "", 0, parent);
    }

    private void train(String objective, Map<String, String> hyper, int steps, Path dir, Provenance.Data data,
            Supplier<BaseTrainer<?>> trainer, TrainingEventSink events) {
        String label = hyper.getOrDefault("variant", objective);
        log.printf("%s: %d steps%n", label, steps);
        TrainingJob job = new TrainingJob(objective, hyper, settings.seed(), steps, 0, dir, data, "experiment:sft-dpo-mdpo");
        RunReporter reporter = new RunReporter(events, clock, UUID.randomUUID().toString());
        job.run(trainer, t -> "", reporter, new ProgressBar(log, 0, steps));
        log.println();
    }

    private void writeSummary(Path file, EvaluationRun.Outcome outcome, Map<String, Double> seconds, List<String> checks) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("experiment", "sft-dpo-mdpo");
        root.put("settings", settings.describe());
        root.put("seconds", seconds);
        root.put("checks", checks);
        root.put("report", outcome.pdf().toAbsolutePath().toString());
        Map<String, Object> metrics = new LinkedHashMap<>();
        outcome.checkpoints().forEach(s -> metrics.put(s.checkpoint().label(), s.headline()));
        root.put("headline", metrics);
        try {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static double elapsed(long since) {
        return Math.round((System.nanoTime() - since) / 1e8) / 10.0;
    }
}
