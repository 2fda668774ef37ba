package dev.groundwork.annotation.event;

/**
 * The trainer service's reports on {@link Topics#TRAINING_EVENTS}, keyed by {@link #runId()}: a run starts, reports
 * metrics per step, saves checkpoints and finishes; an evaluation reports its audit report. The web application
 * stores them idempotently, by event id, in its TrainingRun, MetricPoint, Checkpoint and EvaluationReport tables. See
 * {@code docs/events.md}.
 */
public sealed interface TrainingEvent extends GroundworkEvent
        permits TrainingRunStarted, TrainingMetrics, CheckpointSaved, TrainingRunFinished, EvaluationCompleted {

    /** The run's id, a UUID the trainer chose when the run started. */
    String runId();
}
