package dev.groundwork.trainer.run;

import dev.groundwork.annotation.event.TrainingEvent;
import dev.groundwork.annotation.event.TrainingMetrics;
import dev.groundwork.annotation.event.TrainingRunFinished;
import dev.groundwork.annotation.event.TrainingRunStarted;
import dev.groundwork.annotation.ops.Meters;
import io.micrometer.core.instrument.Metrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link TrainingEventSink} that counts what passes through it into the service's meters: optimiser steps
 * ({@value Meters#TRAINING_STEPS}, the difference between a run's successive metric steps, so that metrics reported
 * every n steps still count n; a run's first report counts one) and finished runs ({@value Meters#TRAINING_RUNS}), tagged by objective; then passes
 * every event on unchanged.
 */
public final class CountedTrainingEvents implements TrainingEventSink {

    private record Run(String objective, long step) {}

    private final TrainingEventSink next;
    private final Map<String, Run> runs = new ConcurrentHashMap<>();

    public CountedTrainingEvents(TrainingEventSink next) {
        this.next = next;
    }

    @Override
    public void publish(TrainingEvent event) {
        if (event instanceof TrainingRunStarted started) {
            runs.put(started.runId(), new Run(started.objective(), -1)); // a resumed run may start past step 0
        } else if (event instanceof TrainingMetrics metrics) {
            Run run = runs.get(metrics.runId());
            if (run != null && metrics.step() > run.step()) {
                long steps = run.step() < 0 ? 1 : metrics.step() - run.step();
                Metrics.counter(Meters.TRAINING_STEPS, "objective", run.objective()).increment(steps);
                runs.put(metrics.runId(), new Run(run.objective(), metrics.step()));
            }
        } else if (event instanceof TrainingRunFinished finished) {
            Run run = runs.remove(finished.runId());
            if (run != null) {
                Metrics.counter(Meters.TRAINING_RUNS, "objective", run.objective()).increment();
            }
        }
        next.publish(event);
    }

    @Override
    public void flush() {
        next.flush();
    }

    @Override
    public void close() {
        next.close();
    }
}
