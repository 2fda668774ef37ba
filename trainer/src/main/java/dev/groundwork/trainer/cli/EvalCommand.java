package dev.groundwork.trainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.groundwork.trainer.eval.PopeFiles;
import dev.groundwork.trainer.eval.PopeScore;
import dev.groundwork.trainer.eval.YesNo;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code gw eval}: hallucination evaluation. Today: scoring answers produced elsewhere ({@code score}). */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Hallucination evaluation.",
        subcommands = EvalCommand.Score.class)
final class EvalCommand {

    /** {@code gw eval score --suite pope --questions Q.jsonl --answers A.jsonl --out DIR [--pope-compat]}. */
    @Command(name = "score", mixinStandardHelpOptions = true, sortOptions = false,
            description = "Score answers produced elsewhere against a benchmark's questions (POPE's file formats).")
    static final class Score implements Callable<Integer> {

        @Spec CommandSpec spec;

        @Option(names = "--suite", required = true, description = "the benchmark: pope")
        String suite;

        @Option(names = "--questions", required = true, description = "POPE questions: question_id, image, text, label per line")
        Path questions;

        @Option(names = "--answers", required = true, description = "answers: question_id and answer per line")
        Path answers;

        @Option(names = "--out", required = true, description = "where metrics.json and samples.jsonl are written")
        Path out;

        @Option(names = "--pope-compat", description = "read answers exactly as POPE's own script does (default: strict)")
        boolean popeCompat;

        @Option(names = "--split", defaultValue = "", description = "split name appended to the metric names, e.g. adversarial")
        String split;

        @Override
        public Integer call() {
            if (!suite.equals("pope")) {
                throw new ParameterException(spec.commandLine(), "unknown suite '" + suite + "' (pope)");
            }
            PrintWriter w = spec.commandLine().getOut();
            PopeFiles.Matched matched = PopeFiles.match(PopeFiles.questions(questions), answers);
            matched.warnings().forEach(warning -> w.println("warning: " + warning));
            YesNo rule = popeCompat ? YesNo.POPE_COMPAT : YesNo.STRICT;
            PopeScore score = PopeScore.of(matched.probes(), rule);
            try {
                Files.createDirectories(out);
                Map<String, Object> metrics = new LinkedHashMap<>();
                metrics.put("suite", "pope");
                metrics.put("answer_reading", popeCompat ? "pope-compat" : "strict");
                metrics.put("questions", score.probes());
                metrics.putAll(score.metrics(split));
                metrics.put("unparseable_question_ids", score.unparseable());
                ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                json.writeValue(out.resolve("metrics.json").toFile(), metrics);
                try (BufferedWriter samples = Files.newBufferedWriter(out.resolve("samples.jsonl"), StandardCharsets.UTF_8)) {
                    ObjectMapper line = new ObjectMapper();
                    for (PopeScore.Probe p : matched.probes()) {
                        Map<String, Object> s = new LinkedHashMap<>();
                        s.put("question_id", p.questionId());
                        s.put("label", p.label() ? "yes" : "no");
                        s.put("answer", p.answer());
                        s.put("parsed", rule.read(p.answer()).map(yes -> yes ? "yes" : "no").orElse("unparseable"));
                        samples.write(line.writeValueAsString(s));
                        samples.write('\n');
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write to " + out + ": " + e.getMessage(), e);
            }
            w.printf("POPE (%s reading), %d questions: accuracy %.4f, precision %.4f, recall %.4f, F1 %.4f, yes-ratio %.4f,"
                            + " unparseable %d%n", popeCompat ? "pope-compat" : "strict", score.probes(), score.accuracy(),
                    score.precision(), score.recall(), score.f1(), score.yesRatio(), score.unparseable().size());
            w.println("wrote " + out.resolve("metrics.json") + " and " + out.resolve("samples.jsonl"));
            return 0;
        }
    }
}
