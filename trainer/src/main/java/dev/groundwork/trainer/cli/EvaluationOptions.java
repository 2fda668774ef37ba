package dev.groundwork.trainer.cli;

import dev.groundwork.storage.world.WorldConfig;
import dev.groundwork.trainer.eval.YesNo;
import dev.groundwork.trainer.evaluation.EvaluationRequests;
import dev.groundwork.trainer.evaluation.EvaluationRun;
import dev.groundwork.trainer.evaluation.EvaluationSuite;
import dev.groundwork.trainer.evaluation.PopeQuestions;
import dev.groundwork.trainer.evaluation.PolicyCheckpoint;
import dev.groundwork.trainer.evaluation.WorldHeldOut;
import dev.groundwork.trainer.run.ArtifactStore;
import dev.groundwork.trainer.run.TrainingEventSink;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code gw eval --checkpoint CKPT [--checkpoint CKPT2 …] [--suite world-heldout|pope] --out DIR}: the policy answers
 * the held-out world items (or POPE's questions about a directory of images) greedily, every metric is computed with bootstrap intervals (paired against the first checkpoint when
 * there are several), metrics.json, samples.jsonl, report.html and report.pdf are written, and an
 * {@code EvaluationCompleted} event is published.
 */
final class EvaluationOptions {

    @Option(names = "--checkpoint", paramLabel = "[LABEL=]DIR",
            description = "a policy checkpoint to evaluate; repeat it for a before/after report (the first is the baseline);"
                    + " LABEL names it in the report (default: its objective)")
    List<String> checkpoints = new ArrayList<>();

    @Option(names = "--suite", defaultValue = WorldHeldOut.NAME,
            description = "what to answer: world-heldout (default), or pope (--questions, --images, --split)")
    String suite;

    @Option(names = "--questions", description = "pope: POPE's question file (question_id, image, text, label per line)")
    Path questions;

    @Option(names = "--images", description = "pope: the directory the questions' image names are in (e.g. COCO val2014)")
    Path images;

    @Option(names = "--split", defaultValue = "random",
            description = "pope: the file's split, random, popular or adversarial (default: ${DEFAULT-VALUE})")
    String split;

    @Option(names = "--scenes", defaultValue = "120", description = "training scenes of the world; held-out scenes follow them (default: ${DEFAULT-VALUE})")
    int scenes;

    @Option(names = "--held-out", defaultValue = "30", description = "held-out scenes to answer about (default: ${DEFAULT-VALUE})")
    int heldOut;

    @Option(names = "--world-seed", defaultValue = "7", description = "world seed (default: ${DEFAULT-VALUE})")
    long worldSeed;

    @Option(names = "--out", description = "where the files go (default: the artifact store's evaluations/<time>)")
    Path out;

    @Option(names = "--title", defaultValue = "", description = "the report's title (default: LABEL vs LABEL on SUITE)")
    String title;

    @Option(names = "--pope-compat", description = "read yes/no answers as POPE's own script does (default: strict)")
    boolean popeCompat;

    @Option(names = "--resamples", defaultValue = "1000", description = "bootstrap resamples (default: ${DEFAULT-VALUE})")
    int resamples;

    @Option(names = "--bootstrap-seed", defaultValue = "7", description = "bootstrap seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--kafka", description = "Kafka bootstrap servers, or none to publish no event"
            + " (default: GW_KAFKA_BOOTSTRAP, else a local broker if one answers)")
    String kafka;

    int call(CommandSpec spec) {
        if (checkpoints.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "give at least one --checkpoint, or a subcommand (score)");
        }
        if (!suite.equals(WorldHeldOut.NAME) && !suite.equals(PopeQuestions.NAME)) {
            throw new ParameterException(spec.commandLine(), "unknown suite '" + suite + "' (world-heldout or pope; to score"
                    + " answers produced elsewhere, use gw eval score)");
        }
        if (suite.equals(PopeQuestions.NAME) && (questions == null || images == null)) {
            throw new ParameterException(spec.commandLine(), "--suite pope needs --questions FILE and --images DIR");
        }
        if (heldOut < 1 || scenes < 1) {
            throw new ParameterException(spec.commandLine(), "--scenes and --held-out must be at least 1");
        }
        PrintWriter w = spec.commandLine().getOut();
        List<PolicyCheckpoint> policies = new ArrayList<>();
        Set<String> labels = new HashSet<>();
        for (String given : checkpoints) {
            int eq = given.indexOf('=');
            PolicyCheckpoint cp = PolicyCheckpoint.read("checkpoint", Path.of(eq < 0 ? given : given.substring(eq + 1)));
            String base = eq < 0 ? cp.provenance().objective() : given.substring(0, eq);
            String label = base;
            for (int n = 2; !labels.add(label); n++) {
                label = base + "-" + n;
            }
            policies.add(cp.withLabel(label));
        }
        EvaluationSuite items;
        try {
            items = suite.equals(PopeQuestions.NAME) ? new PopeQuestions(questions, images, split)
                    : new WorldHeldOut(WorldConfig.defaults(scenes + heldOut, worldSeed), scenes);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--split: " + e.getMessage());
        }
        Path dir = out != null ? out : ArtifactStore.fromEnvironment(Environment.dataDir()).root().resolve("evaluations")
                .resolve(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Clock.systemUTC().instant()));
        EvaluationRun.Settings settings = EvaluationRun.Settings.defaults().withTitle(title).withResamples(resamples)
                .withRule(popeCompat ? YesNo.POPE_COMPAT : YesNo.STRICT).withSeed(seed);
        w.printf("evaluating %d checkpoint(s) on %s (%s)%n", policies.size(), items.name(), items.description());
        EvaluationRun.Outcome outcome = new EvaluationRun(settings, Clock.systemUTC(), w).run(policies, items, dir);
        try (TrainingEventSink events = Environment.trainingEvents(kafka, w)) {
            publish(events, outcome);
        }
        w.println("wrote " + outcome.metrics() + ", " + outcome.samples().getFileName() + ", " + outcome.html().getFileName()
                + " and " + outcome.pdf().getFileName());
        return 0;
    }

    /** Publishes the outcome as an {@code EvaluationCompleted} event with a fresh evaluation id. */
    static void publish(TrainingEventSink events, EvaluationRun.Outcome outcome) {
        EvaluationRequests.publish(events, outcome, UUID.randomUUID().toString());
    }
}
