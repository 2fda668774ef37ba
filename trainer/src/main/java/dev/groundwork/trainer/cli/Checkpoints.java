package dev.groundwork.trainer.cli;

import dev.groundwork.trainer.model.Tokenizer;
import dev.groundwork.trainer.model.WordTokenizer;
import dev.groundwork.trainer.train.Checkpoint;
import dev.groundwork.trainer.train.Start;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;

/** Reading what a run starts from: a checkpoint's parameters and tokenizer. */
final class Checkpoints {

    private Checkpoints() {}

    /** The checkpoint's tokenizer when it has one (a warm start must keep its vocabulary), else one fitted on texts. */
    static Tokenizer tokenizer(Optional<Path> checkpoint, Collection<String> texts) {
        if (checkpoint.isPresent()) {
            Path file = checkpoint.get().resolve(Checkpoint.TOKENIZER);
            if (Files.isRegularFile(file)) {
                try {
                    return WordTokenizer.fromJson(Files.readString(file, StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
                }
            }
        }
        return WordTokenizer.fit(texts);
    }

    static Start start(ModelOptions model) {
        if (model.resume != null) {
            requireCheckpoint(model.resume);
            return Start.resume(model.resume);
        }
        if (model.init != null) {
            return Start.fromParameters(parameters(model.init));
        }
        return Start.fresh();
    }

    static byte[] parameters(Path checkpoint) {
        requireCheckpoint(checkpoint);
        try {
            return Files.readAllBytes(checkpoint.resolve(Checkpoint.MODEL));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + checkpoint.resolve(Checkpoint.MODEL) + ": " + e.getMessage(), e);
        }
    }

    private static void requireCheckpoint(Path checkpoint) {
        if (!Files.isRegularFile(checkpoint.resolve(Checkpoint.MODEL))) {
            throw new IllegalArgumentException(checkpoint + " is not a checkpoint (no " + Checkpoint.MODEL + " in it)");
        }
    }
}
