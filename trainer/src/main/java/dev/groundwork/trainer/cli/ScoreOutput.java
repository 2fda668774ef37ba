package dev.groundwork.trainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a suite's {@code metrics.json} and {@code samples.jsonl} into the output folder. */
final class ScoreOutput {

    private ScoreOutput() {}

    static void write(Path out, ScoreSuite.Report report) {
        try {
            Files.createDirectories(out);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(out.resolve("metrics.json").toFile(), report.metrics());
            ObjectMapper line = new ObjectMapper();
            try (BufferedWriter samples = Files.newBufferedWriter(out.resolve("samples.jsonl"), StandardCharsets.UTF_8)) {
                for (var s : report.samples()) {
                    samples.write(line.writeValueAsString(s));
                    samples.write('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + out + ": " + e.getMessage(), e);
        }
    }
}
