package dev.groundwork.trainer.run;

import dev.groundwork.trainer.train.BaseTrainer;
import dev.groundwork.trainer.train.Checkpoint;
import dev.groundwork.trainer.train.Provenance;
import dev.groundwork.trainer.train.StepResult;
import dev.groundwork.trainer.train.TrainingDevice;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Runs one training run to its checkpoint and reports it: {@code TrainingRunStarted}, a {@code TrainingMetrics}
 * per step, a held-out evaluation line every {@code evalEvery} steps, the checkpoint (written atomically) and
 * {@code CheckpointSaved}, then {@code TrainingRunFinished}. Any exception marks the run FAILED, with its message,
 * before it propagates.
 *
 * @param objective the objective's name
 * @param hyperParameters reported with the start and written into the provenance
 * @param totalSteps the step the run ends at (a resumed trainer may already be past 0)
 * @param evalEvery steps between evaluation lines, 0 for none
 * @param out the checkpoint directory
 * @param data what the run trains on, for the provenance
 * @param startedBy who asked for the run
 */
public record TrainingJob(String objective, Map<String, String> hyperParameters, long seed, long totalSteps, int evalEvery,
        Path out, Provenance.Data data, String startedBy) {

    public TrainingJob {
        Objects.requireNonNull(objective, "objective");
        hyperParameters = Map.copyOf(hyperParameters);
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(startedBy, "startedBy");
    }

    /** What a finished run left. */
    public record Result(Path checkpoint, long steps, StepResult last, Provenance provenance) {}

    /**
     * Builds the trainer, trains and saves.
     *
     * @param trainer builds the trainer (inside the run, so a failure to build it fails the run)
     * @param evaluation the evaluation line for a trainer, or empty text
     */
    public Result run(Supplier<BaseTrainer<?>> trainer, java.util.function.Function<BaseTrainer<?>, String> evaluation,
            RunReporter reporter, ProgressBar progress) {
        long steps = 0;
        reporter.started(objective, hyperParameters, seed, TrainingDevice.describe(TrainingDevice.select()), data.description(),
                startedBy, data.round(), totalSteps);
        try (BaseTrainer<?> t = trainer.get()) {
            steps = t.steps();
            StepResult last = null;
            while (t.steps() < totalSteps) {
                last = t.step();
                steps = last.step();
                reporter.metrics(last.step(), totalSteps, last.metrics());
                progress.update(last);
                if (evalEvery > 0 && (last.step() % evalEvery == 0 || last.step() == totalSteps)) {
                    progress.line(evaluation.apply(t));
                }
            }
            t.save(out, data);
            String provenanceJson = Files.readString(out.resolve(Checkpoint.PROVENANCE), StandardCharsets.UTF_8);
            Provenance provenance = Provenance.fromJson(provenanceJson);
            reporter.checkpoint(t.steps(), ArtifactStore.uri(out), provenanceJson, provenance);
            reporter.finished("SUCCEEDED", t.steps(), null);
            return new Result(out, t.steps(), last, provenance);
        } catch (IOException e) {
            reporter.finished("FAILED", steps, "cannot save the checkpoint: " + e.getMessage());
            throw new java.io.UncheckedIOException("cannot save the checkpoint to " + out + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            reporter.finished("FAILED", steps, oneLine(e));
            throw e;
        }
    }

    static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(e.getClass().getSimpleName());
    }
}
