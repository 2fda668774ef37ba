package dev.groundwork.trainer.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * One benchmark of {@code gw eval score --suite NAME}. A new suite is one class, added to {@link EvalCommand.Score}'s
 * list; the command checks that only the suite's own options are given and writes what it returns.
 */
interface ScoreSuite {

    /** The value of {@code --suite}. */
    String name();

    /** The options this suite reads, beyond {@code --suite} and {@code --out}. */
    Set<String> options();

    /** Reads the inputs, scores, prints warnings on {@code out}; refuses bad input with an exception naming file and line. */
    Report score(Inputs in, PrintWriter out);

    /**
     * What the command writes: {@code metrics.json} (an object, in this order), {@code samples.jsonl} (one object per
     * line) and a one-line summary for the terminal.
     */
    record Report(Map<String, Object> metrics, List<Map<String, Object>> samples, String summary) {}

    /** The command's option values. */
    record Inputs(String suite, Map<String, Path> files, boolean popeCompat, String split, WorldOptions world,
            CommandLine commandLine) {

        /** A file option this suite needs. */
        Path file(String option) {
            Path p = files.get(option);
            if (p == null) {
                throw new ParameterException(commandLine, "--suite " + suite + " needs " + option + " FILE");
            }
            return p;
        }

        Optional<Path> optionalFile(String option) {
            return Optional.ofNullable(files.get(option));
        }
    }
}
