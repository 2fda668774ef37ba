package dev.groundwork.trainer.cli;

import dev.groundwork.trainer.eval.ResultFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code gw eval}: hallucination evaluation. With {@code --checkpoint}s it evaluates policies and writes the audit
 * report ({@link EvaluationOptions}); {@code score} scores answers produced elsewhere.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false, subcommands = EvalCommand.Score.class,
        description = {"Hallucination evaluation: evaluate checkpoints and write the audit report (metrics.json, samples.jsonl,"
                + " report.html, report.pdf), or score answers produced elsewhere (gw eval score)."})
final class EvalCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin EvaluationOptions evaluation;

    @Override
    public Integer call() {
        return evaluation.call(spec);
    }

    /**
     * {@code gw eval score --suite pope|chair|world ... --out DIR}: each suite is a {@link ScoreSuite}; this command
     * checks the options against the suite and writes {@code metrics.json} and {@code samples.jsonl}.
     */
    @Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Score answers produced elsewhere: POPE's files (pope), COCO captions with CHAIR (chair), or"
                    + " answers to the built-in synthetic world's items (world).")
    static final class Score implements Callable<Integer> {

        /** The suites, by name; adding one is adding a class here. */
        static final List<ScoreSuite> SUITES = List.of(new PopeSuite(), new ChairSuite(), new WorldSuite());

        private static final Set<String> COMMON = Set.of("--suite", "--out", "--help", "--version");

        @Spec CommandSpec spec;

        @Option(names = "--suite", required = true, description = "the benchmark: pope, chair or world")
        String suite;

        @Option(names = "--out", required = true, description = "where metrics.json and samples.jsonl are written")
        Path out;

        @Option(names = "--questions", description = "pope: POPE questions, question_id, image, text, label per line")
        Path questions;

        @Option(names = "--answers", description = "pope, world: answers, question_id and answer per line")
        Path answers;

        @Option(names = "--pope-compat",
                description = "pope, world: read yes/no answers exactly as POPE's own script does (default: strict)")
        boolean popeCompat;

        @Option(names = "--split", defaultValue = "",
                description = "pope: split name appended to the metric names, e.g. adversarial")
        String split;

        @Option(names = "--captions", description = "chair: generated captions, image_id and caption per line")
        Path captions;

        @Option(names = "--annotations", description = "chair: COCO instance annotations (instances_*.json)")
        Path annotations;

        @Option(names = "--reference-captions",
                description = "chair: COCO reference captions (captions_*.json); their objects join the ground truth")
        Path referenceCaptions;

        @Mixin WorldOptions world;

        @Override
        public Integer call() {
            ScoreSuite chosen = SUITES.stream().filter(s -> s.name().equals(suite)).findFirst()
                    .orElseThrow(() -> new ParameterException(spec.commandLine(), "unknown suite '" + suite + "' ("
                            + SUITES.stream().map(ScoreSuite::name).collect(Collectors.joining(", ")) + ")"));
            for (OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
                if (!COMMON.contains(o.longestName()) && !chosen.options().contains(o.longestName())) {
                    throw new ParameterException(spec.commandLine(), o.longestName() + " is not an option of --suite "
                            + suite + " (it takes " + String.join(", ", chosen.options().stream().sorted().toList()) + ")");
                }
            }
            Map<String, Path> files = new LinkedHashMap<>();
            put(files, "--questions", questions);
            put(files, "--answers", answers);
            put(files, "--captions", captions);
            put(files, "--annotations", annotations);
            put(files, "--reference-captions", referenceCaptions);
            PrintWriter w = spec.commandLine().getOut();
            ScoreSuite.Report report = chosen.score(
                    new ScoreSuite.Inputs(suite, files, popeCompat, split, world, spec.commandLine()), w);
            ResultFiles.write(out, report.metrics(), report.samples());
            w.println(report.summary());
            w.println("wrote " + out.resolve("metrics.json") + " and " + out.resolve("samples.jsonl"));
            return 0;
        }

        private static void put(Map<String, Path> files, String option, Path value) {
            if (value != null) {
                files.put(option, value);
            }
        }
    }
}
