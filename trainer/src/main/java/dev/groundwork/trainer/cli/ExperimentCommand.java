package dev.groundwork.trainer.cli;

import dev.groundwork.trainer.evaluation.EvaluationRun;
import dev.groundwork.trainer.experiment.SftDpoMdpo;
import dev.groundwork.trainer.experiment.SftDpoMdpoPresets;
import dev.groundwork.trainer.run.ArtifactStore;
import dev.groundwork.trainer.run.TrainingEventSink;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code gw experiment …}: experiments that train and evaluate several policies and write one report. */
@Command(name = "experiment", mixinStandardHelpOptions = true, description = "Experiments.",
        subcommands = ExperimentCommand.SftDpoMdpoCommand.class)
final class ExperimentCommand {

    /** {@code gw experiment sft-dpo-mdpo [--size small] [--out DIR]}. */
    @Command(name = "sft-dpo-mdpo", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"SFT on the biased synthetic world, then DPO, mDPO and mDPO without the image-conditional term"
                    + " and without the anchor from the same SFT checkpoint with the same step budget and seed; all five"
                    + " evaluated on held-out scenes in one report (metrics.json, samples.jsonl, report.html, report.pdf)."})
    static final class SftDpoMdpoCommand implements Callable<Integer> {

        @Spec CommandSpec spec;

        @Option(names = "--size", defaultValue = "small", description = "tiny or small (default: ${DEFAULT-VALUE})")
        String size;

        @Option(names = "--out", description = "where checkpoints and the report go (default: the artifact store's"
                + " experiments/sft-dpo-mdpo-<time>)")
        Path out;

        @Option(names = "--sft-steps", description = "SFT steps (default: the size's preset)")
        Integer sftSteps;

        @Option(names = "--steps", description = "each preference objective's steps (default: the size's preset)")
        Integer steps;

        @Option(names = "--train-scenes", description = "training scenes (default: the size's preset)")
        Integer trainScenes;

        @Option(names = "--held-out", description = "held-out scenes evaluated (default: the size's preset)")
        Integer heldOut;

        @Option(names = "--kafka", description = "Kafka bootstrap servers, or none to publish no events"
                + " (default: GW_KAFKA_BOOTSTRAP, else a local broker if one answers)")
        String kafka;

        @Override
        public Integer call() {
            SftDpoMdpo.Settings settings;
            try {
                settings = SftDpoMdpoPresets.of(size, sftSteps, steps, trainScenes, heldOut);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--size: " + e.getMessage());
            }
            PrintWriter w = spec.commandLine().getOut();
            Path dir = out != null ? out : ArtifactStore.fromEnvironment(Environment.dataDir()).root().resolve("experiments")
                    .resolve("sft-dpo-mdpo-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC)
                            .format(Clock.systemUTC().instant()));
            w.printf(Locale.ROOT, "sft-dpo-mdpo, %s model %s: SFT %d steps, then %d steps for each of dpo, mdpo,"
                            + " mdpo-no-image-cond and mdpo-no-anchor (batch %d, seed %d); into %s%n", settings.size(),
                    settings.model(), settings.sftSteps(), settings.steps(), settings.batch(), settings.seed(), dir);
            try (TrainingEventSink events = Environment.trainingEvents(kafka, w)) {
                SftDpoMdpo.Result result = new SftDpoMdpo(settings, Clock.systemUTC(), w).run(dir, events);
                EvaluationOptions.publish(events, result.evaluation());
                print(w, result);
            }
            return 0;
        }

        private static void print(PrintWriter w, SftDpoMdpo.Result result) {
            w.println();
            w.println("checkpoint            CHAIR_i CHAIR_s Cover  F1 rand F1 pop F1 adv yes adv  attr   count  relation");
            for (EvaluationRun.Scored s : result.evaluation().checkpoints()) {
                Map<String, Double> m = s.metrics();
                w.printf(Locale.ROOT, "%-20s %7s %7s %5s %7s %6s %6s %7s %6s %6s %6s%n", s.checkpoint().label(),
                        f(m, "chair_i"), f(m, "chair_s"), f(m, "cover"), f(m, "pope_f1_score_random"),
                        f(m, "pope_f1_score_popular"), f(m, "pope_f1_score_adversarial"), f(m, "pope_yes_ratio_adversarial"),
                        f(m, "attribute_hallucination_rate"), f(m, "count_hallucination_rate"),
                        f(m, "relation_hallucination_rate"));
            }
            result.checks().forEach(w::println);
            w.printf(Locale.ROOT, "seconds: %s%n", result.seconds());
            w.println("report: " + result.evaluation().pdf() + " (and report.html, metrics.json with 95 % intervals)");
        }

        private static String f(Map<String, Double> m, String name) {
            Double v = m.get(name);
            return v == null ? "-" : String.format(Locale.ROOT, "%.3f", v);
        }
    }
}
