package dev.groundwork.trainer.experiment;

import dev.groundwork.storage.dataset.Manifest;
import dev.groundwork.storage.world.CoOccurrence;
import dev.groundwork.storage.world.WorldConfig;
import dev.groundwork.trainer.data.WorldData;
import dev.groundwork.trainer.eval.ChairScore;
import dev.groundwork.trainer.eval.ObjectVocabulary;
import dev.groundwork.trainer.eval.PopeScore;
import dev.groundwork.trainer.eval.YesNo;
import dev.groundwork.trainer.generate.Generator;
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
import dev.groundwork.trainer.train.SftExample;
import dev.groundwork.trainer.train.SftTrainer;
import dev.groundwork.trainer.train.Start;
import dev.groundwork.trainer.train.StepResult;
import dev.groundwork.trainer.train.TrainingOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Not part of the suite (surefire runs {@code *Test}, failsafe {@code *IT}): the research harness of the
 * {@code sft-dpo-mdpo} experiment, run on demand with
 *
 * <pre>
 *   OMP_NUM_THREADS=1 mvn -B -q -o -pl trainer -am test -Dtest=SftDpoMdpoExperiment -Dsurefire.failIfNoSpecifiedTests=false \
 *       -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 -Dexp.sftSteps=600 ...
 * </pre>
 *
 * It trains SFT on the faithful answers of the world's training scenes (categories {@code exp.sftCategories}), measures
 * on held-out scenes (a) POPE-random accuracy and (b) the false-yes rate on adversarial negatives against random
 * ones, then trains each objective of {@code exp.objectives} ({@code dpo}, {@code mdpo}, {@code mdpo-noic} = without
 * the image-conditional term, {@code mdpo-noanchor} = without the anchor) from the same SFT parameters with the same
 * step budget, options and seed, and reports per objective and POPE split accuracy, F1, yes-ratio and false-yes rate,
 * and CHAIR_i/CHAIR_s of captions when {@code exp.captions} is true. Nothing is asserted: it prints one
 * {@code RESULT} line per policy and the timings of each phase.
 *
 * <p>System properties (defaults in brackets): {@code exp.model} [small] a preset or {@code tiny64} (64 px, patch 8,
 * tiny's width and depth); {@code exp.imageSize}, {@code exp.patch}, {@code exp.hidden}, {@code exp.encoderLayers},
 * {@code exp.decoderLayers}, {@code exp.heads}, {@code exp.maxText} override its fields; {@code exp.worldImage} [64]
 * the world's image size; {@code exp.bias} [0.95] P(partner | given) of the three default rules (0: default rules);
 * {@code exp.trainScenes} [300], {@code exp.heldOutScenes} [150], {@code exp.worldSeed} [7]; {@code exp.sftCategories}
 * [pope-random,attribute,count]; {@code exp.sftSteps} [600], {@code exp.sftLr} [5e-4], {@code exp.evalEvery} [0];
 * {@code exp.prefCategories} [pope-random,pope-popular,pope-adversarial]; {@code exp.objectives}
 * [dpo,mdpo,mdpo-noic,mdpo-noanchor]; {@code exp.prefSteps} [150], {@code exp.prefLr} [1e-4], {@code exp.beta} [0.1];
 * {@code exp.batch} [16], {@code exp.seed} [11]; {@code exp.captions} [false].
 */
class SftDpoMdpoExperiment {

    static final String MODEL = System.getProperty("exp.model", "small");
    static final int WORLD_IMAGE = Integer.getInteger("exp.worldImage", 64);
    static final double BIAS = Double.parseDouble(System.getProperty("exp.bias", "0.95"));
    static final int TRAIN_SCENES = Integer.getInteger("exp.trainScenes", 300);
    static final int HELD_OUT_SCENES = Integer.getInteger("exp.heldOutScenes", 150);
    static final long WORLD_SEED = Long.getLong("exp.worldSeed", 7);
    static final Set<String> SFT_CATEGORIES = categories("exp.sftCategories", "pope-random,attribute,count");
    static final int SFT_STEPS = Integer.getInteger("exp.sftSteps", 600);
    static final double SFT_LR = Double.parseDouble(System.getProperty("exp.sftLr", "5e-4"));
    static final int EVAL_EVERY = Integer.getInteger("exp.evalEvery", 0);
    static final Set<String> PREF_CATEGORIES = categories("exp.prefCategories", "pope-random,pope-popular,pope-adversarial");
    static final List<String> OBJECTIVES = List.of(System.getProperty("exp.objectives", "dpo,mdpo,mdpo-noic,mdpo-noanchor")
            .split(",")).stream().map(String::strip).filter(s -> !s.isEmpty() && !s.equals("none")).toList();
    static final int PREF_STEPS = Integer.getInteger("exp.prefSteps", 150);
    static final double PREF_LR = Double.parseDouble(System.getProperty("exp.prefLr", "1e-4"));
    static final double BETA = Double.parseDouble(System.getProperty("exp.beta", "0.1"));
    static final int BATCH = Integer.getInteger("exp.batch", 16);
    static final long SEED = Long.getLong("exp.seed", 11);
    static final boolean CAPTIONS = Boolean.getBoolean("exp.captions");
    static final List<String> SPLITS = List.of("pope-random", "pope-popular", "pope-adversarial");
    static final int POPE_NEW_TOKENS = 8;

    /** A held-out yes/no probe. */
    record Probe(String scene, Picture picture, String prompt, String split, boolean yes) {}

    /** A held-out caption item with its ground-truth classes. */
    record CaptionProbe(Picture picture, String prompt, Set<String> groundTruth) {}

    /** Scores of one policy on the held-out scenes. */
    record Scores(Map<String, PopeScore> pope, ChairScore chair, double seconds) {

        double falseYes(String split) {
            PopeScore s = pope.get(split);
            int negatives = s.falsePositives() + s.trueNegatives();
            return negatives == 0 ? Double.NaN : (double) s.falsePositives() / negatives;
        }
    }

    @Test
    void sft_then_dpo_mdpo_and_ablations_from_the_same_checkpoint() {
        long started = System.nanoTime();
        VlmConfig config = modelConfig();
        WorldConfig world = WorldConfig.defaults(TRAIN_SCENES + HELD_OUT_SCENES, WORLD_SEED).withImageSize(WORLD_IMAGE);
        if (BIAS > 0) {
            world = world.withRules(List.of(new CoOccurrence("circle", "star", BIAS),
                    new CoOccurrence("triangle", "square", BIAS), new CoOccurrence("diamond", "hexagon", BIAS)));
        }
        Set<String> sftCategories = new LinkedHashSet<>(SFT_CATEGORIES);
        if (CAPTIONS) {
            sftCategories.add("caption");
        }
        WorldData sftData = new WorldData(world, TRAIN_SCENES, sftCategories);
        WorldData prefData = new WorldData(world, TRAIN_SCENES, PREF_CATEGORIES);
        List<SftExample> sft = sftData.sft().train();
        List<PreferenceExample> pairs = prefData.preferences().train();

        List<String> texts = new ArrayList<>(List.of(Batches.SEPARATOR));
        List<Probe> probes = new ArrayList<>();
        List<CaptionProbe> captions = new ArrayList<>();
        int[] captionTokens = new int[2];
        for (WorldData.SceneItem s : sftData.items()) {
            Manifest.Item item = s.item();
            texts.add(item.prompt());
            item.responses().forEach(r -> texts.add(r.text()));
            if (s.training()) {
                continue;
            }
            if (SPLITS.contains(item.category())) {
                // The yes probe is the same in every split: it is scored in each, generated once (per scene and prompt).
                probes.add(new Probe(item.image(), s.picture(), item.prompt(), item.category(), "yes".equals(item.reference())));
            } else if (CAPTIONS && "caption".equals(item.category()) && item.groundTruth() != null) {
                Set<String> truth = item.groundTruth().objects().stream().map(Manifest.SceneObject::label)
                        .collect(Collectors.toCollection(TreeSet::new));
                captions.add(new CaptionProbe(s.picture(), item.prompt(), truth));
            }
        }
        WordTokenizer tokenizer = WordTokenizer.fit(texts);
        for (WorldData.SceneItem s : sftData.items()) {
            if ("caption".equals(s.item().category())) {
                int length = 2 + tokenizer.encode(s.item().prompt()).length + tokenizer.encode(Batches.SEPARATOR).length
                        + tokenizer.encode(s.item().responses().get(0).text()).length;
                captionTokens[0]++;
                captionTokens[1] += length <= config.maxTextLength() ? 1 : 0;
            }
        }
        System.out.printf(Locale.ROOT, "CONFIG model %s %s; world image %d px, bias %.2f, scenes %d train + %d held out,"
                + " seed %d; sft %s, %d examples, %d steps, lr %g; pref %s, %d pairs, %d steps, lr %g, beta %g; batch %d,"
                + " seed %d; vocabulary %d; captions fitting %d tokens: %d of %d; threads %s%n", MODEL, config,
                WORLD_IMAGE, BIAS, TRAIN_SCENES, HELD_OUT_SCENES, WORLD_SEED, new TreeSet<>(sftCategories), sft.size(),
                SFT_STEPS, SFT_LR, new TreeSet<>(PREF_CATEGORIES), pairs.size(), PREF_STEPS, PREF_LR, BETA, BATCH, SEED,
                tokenizer.vocabSize(), config.maxTextLength(), captionTokens[1], captionTokens[0],
                System.getProperty("ai.djl.pytorch.num_threads", "default"));
        System.out.printf(Locale.ROOT, "PHASE world %.1f s (%d held-out probes, %d captions)%n", seconds(started),
                probes.size(), captions.size());

        TrainingOptions sftOptions = TrainingOptions.defaults().withSeed(SEED).withBatchSize(BATCH).withLearningRate(SFT_LR);
        long phase = System.nanoTime();
        byte[] sftPolicy;
        try (SftTrainer trainer = new SftTrainer(config, tokenizer, sft, sftOptions, Start.fresh())) {
            sftPolicy = train(trainer, SFT_STEPS, "sft", config, tokenizer, probes, phase);
        }
        double sftSeconds = seconds(phase);
        System.out.printf(Locale.ROOT, "PHASE sft train %.1f s (%.2f steps/s)%n", sftSeconds, SFT_STEPS / sftSeconds);
        Scores sftScores = evaluate(config, tokenizer, sftPolicy, probes, captions);
        report("sft", sftScores, sftSeconds);
        PopeScore random = sftScores.pope().get("pope-random");
        double ratio = sftScores.falseYes("pope-adversarial") / sftScores.falseYes("pope-random");
        System.out.printf(Locale.ROOT, "CHECK (a) SFT POPE-random accuracy %.3f (need >= 0.75): %s; (b) false-yes"
                + " adversarial %.3f vs random %.3f, ratio %.2f (need >= 1.5): %s%n", random.accuracy(),
                random.accuracy() >= 0.75 ? "PASS" : "FAIL", sftScores.falseYes("pope-adversarial"),
                sftScores.falseYes("pope-random"), ratio, ratio >= 1.5 ? "PASS" : "FAIL");

        TrainingOptions prefOptions = sftOptions.withLearningRate(PREF_LR);
        for (String objective : OBJECTIVES) {
            phase = System.nanoTime();
            byte[] policy;
            try (BaseTrainer<PreferenceExample> trainer = preferenceTrainer(objective, config, tokenizer, pairs, prefOptions,
                    Start.fromParameters(sftPolicy))) {
                policy = train(trainer, PREF_STEPS, objective, config, tokenizer, probes, phase);
            }
            double trainSeconds = seconds(phase);
            System.out.printf(Locale.ROOT, "PHASE %s train %.1f s (%.2f steps/s)%n", objective, trainSeconds,
                    PREF_STEPS / trainSeconds);
            report(objective, evaluate(config, tokenizer, policy, probes, captions), trainSeconds);
        }
        System.out.printf(Locale.ROOT, "PHASE total %.1f s%n", seconds(started));
    }

    static BaseTrainer<PreferenceExample> preferenceTrainer(String objective, VlmConfig config, WordTokenizer tokenizer,
            List<PreferenceExample> pairs, TrainingOptions options, Start start) {
        return switch (objective) {
            case "dpo" -> new DpoTrainer(config, tokenizer, pairs, DpoLoss.builder().beta(BETA).build(), options, start);
            case "mdpo" -> new MdpoTrainer(config, tokenizer, pairs, MdpoLoss.builder().beta(BETA).build(), options, start);
            case "mdpo-noic" -> new MdpoTrainer(config, tokenizer, pairs,
                    MdpoLoss.builder().beta(BETA).imageConditional(false).build(), options, start);
            case "mdpo-noanchor" -> new MdpoTrainer(config, tokenizer, pairs,
                    MdpoLoss.builder().beta(BETA).anchor(false).build(), options, start);
            default -> throw new IllegalArgumentException("objective must be dpo, mdpo, mdpo-noic or mdpo-noanchor, was "
                    + objective);
        };
    }

    /** Trains {@code steps} steps, printing the loss (and with {@code exp.evalEvery} the held-out rates) on the way. */
    static byte[] train(BaseTrainer<?> trainer, int steps, String name, VlmConfig config, WordTokenizer tokenizer,
            List<Probe> probes, long phase) {
        int every = EVAL_EVERY > 0 ? EVAL_EVERY : Math.max(1, steps / 4);
        for (int done = 0; done < steps; ) {
            int chunk = Math.min(every, steps - done);
            StepResult last = trainer.train(chunk);
            done += chunk;
            String metrics = last.metrics().entrySet().stream()
                    .filter(e -> List.of("loss", "loss/dpo", "loss/image_conditional", "loss/anchor", "rewards/accuracies",
                            "rewards/margins", "rewards/imageless_accuracies").contains(e.getKey()))
                    .map(e -> String.format(Locale.ROOT, "%s %.4f", e.getKey(), e.getValue()))
                    .collect(Collectors.joining(", "));
            String rates = "";
            if (EVAL_EVERY > 0 && done < steps) {
                Scores s = evaluate(config, tokenizer, trainer.parameters(), probes, List.of());
                rates = String.format(Locale.ROOT, "; held-out rand acc %.3f, false-yes adv %.3f pop %.3f rand %.3f",
                        s.pope().get("pope-random").accuracy(), s.falseYes("pope-adversarial"),
                        s.falseYes("pope-popular"), s.falseYes("pope-random"));
            }
            System.out.printf(Locale.ROOT, "  %s step %d (%.1f s): %s%s%n", name, done, seconds(phase), metrics, rates);
        }
        return trainer.parameters();
    }

    static Scores evaluate(VlmConfig config, WordTokenizer tokenizer, byte[] policy, List<Probe> probes,
            List<CaptionProbe> captions) {
        long started = System.nanoTime();
        Map<String, String> answers = new LinkedHashMap<>();
        Map<String, Probe> unique = new LinkedHashMap<>();
        for (Probe p : probes) {
            unique.putIfAbsent(p.scene() + "|" + p.prompt(), p);
        }
        List<Probe> toAsk = List.copyOf(unique.values());
        try (Generator generator = Generator.load(config, tokenizer, policy, POPE_NEW_TOKENS)) {
            for (int from = 0; from < toAsk.size(); from += 64) {
                List<Probe> chunk = toAsk.subList(from, Math.min(toAsk.size(), from + 64));
                List<String> said = generator.greedy(chunk.stream().map(Probe::picture).toList(),
                        chunk.stream().map(Probe::prompt).toList());
                for (int i = 0; i < chunk.size(); i++) {
                    answers.put(chunk.get(i).scene() + "|" + chunk.get(i).prompt(), said.get(i));
                }
            }
        }
        Map<String, PopeScore> pope = new LinkedHashMap<>();
        for (String split : SPLITS) {
            List<PopeScore.Probe> scored = new ArrayList<>();
            for (Probe p : probes) {
                if (p.split().equals(split)) {
                    String key = p.scene() + "|" + p.prompt();
                    scored.add(new PopeScore.Probe(split + "-" + key, p.yes(), answers.get(key)));
                }
            }
            pope.put(split, PopeScore.of(scored, YesNo.POPE_COMPAT));
        }
        ChairScore chair = null;
        if (!captions.isEmpty()) {
            List<ChairScore.Caption> generated = new ArrayList<>();
            try (Generator generator = Generator.load(config, tokenizer, policy, config.maxTextLength())) {
                for (int from = 0; from < captions.size(); from += 32) {
                    List<CaptionProbe> chunk = captions.subList(from, Math.min(captions.size(), from + 32));
                    List<String> said = generator.greedy(chunk.stream().map(CaptionProbe::picture).toList(),
                            chunk.stream().map(CaptionProbe::prompt).toList());
                    for (int i = 0; i < chunk.size(); i++) {
                        generated.add(new ChairScore.Caption(said.get(i), chunk.get(i).groundTruth()));
                    }
                }
            }
            chair = ChairScore.of(generated, ObjectVocabulary.world());
            System.out.println("  e.g. caption: " + generated.get(0).text() + "  [truth " + generated.get(0).groundTruth()
                    + "]");
        }
        return new Scores(pope, chair, seconds(started));
    }

    static void report(String name, Scores s, double trainSeconds) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "RESULT %-13s train %6.1f s eval %5.1f s |", name,
                trainSeconds, s.seconds()));
        for (String split : SPLITS) {
            PopeScore p = s.pope().get(split);
            line.append(String.format(Locale.ROOT, " %s acc %.3f F1 %.3f yes %.3f FY %.3f |", split.substring(5),
                    p.accuracy(), p.f1(), p.yesRatio(), s.falseYes(split)));
        }
        if (s.chair() != null) {
            line.append(String.format(Locale.ROOT, " CHAIR_i %.3f CHAIR_s %.3f cover %.3f", s.chair().chairI(),
                    s.chair().chairS(), s.chair().cover()));
        }
        System.out.println(line);
    }

    static VlmConfig modelConfig() {
        VlmConfig base = MODEL.equals("tiny64") ? new VlmConfig(64, 8, 128, 2, 2, 4, 48, 4) : VlmConfig.preset(MODEL);
        return new VlmConfig(Integer.getInteger("exp.imageSize", base.imageSize()), Integer.getInteger("exp.patch",
                base.patchSize()), Integer.getInteger("exp.hidden", base.hiddenSize()), Integer.getInteger(
                "exp.encoderLayers", base.encoderLayers()), Integer.getInteger("exp.decoderLayers", base.decoderLayers()),
                Integer.getInteger("exp.heads", base.heads()), Integer.getInteger("exp.maxText", base.maxTextLength()),
                base.mlpRatio());
    }

    static Set<String> categories(String property, String defaults) {
        return Set.copyOf(Arrays.stream(System.getProperty(property, defaults).split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList());
    }

    static double seconds(long started) {
        return (System.nanoTime() - started) / 1e9;
    }
}
