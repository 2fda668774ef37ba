package dev.groundwork.trainer.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes an evaluation's {@code metrics.json} (indented JSON) and {@code samples.jsonl} (one JSON object per line),
 * each to a {@code .partial} sibling first and moved into place, so a reader never sees half a file.
 */
public final class ResultFiles {

    public static final String METRICS = "metrics.json";
    public static final String SAMPLES = "samples.jsonl";

    private ResultFiles() {}

    /** Writes {@value #METRICS} and {@value #SAMPLES} into {@code directory}, created if missing. */
    public static void write(Path directory, Object metrics, Iterable<?> samples) {
        try {
            Files.createDirectories(directory);
            Path json = partial(directory.resolve(METRICS));
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), metrics);
            Path lines = partial(directory.resolve(SAMPLES));
            ObjectMapper line = new ObjectMapper();
            try (BufferedWriter w = Files.newBufferedWriter(lines, StandardCharsets.UTF_8)) {
                for (Object sample : samples) {
                    w.write(line.writeValueAsString(sample));
                    w.write('\n');
                }
            }
            Files.move(json, directory.resolve(METRICS), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.move(lines, directory.resolve(SAMPLES), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + directory + ": " + e.getMessage(), e);
        }
    }

    private static Path partial(Path file) {
        return file.resolveSibling(file.getFileName() + ".partial");
    }
}
