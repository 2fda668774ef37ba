package dev.groundwork.storage.training;

import dev.groundwork.storage.AbstractEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** One training job: objective (sft, reward, dpo, mdpo), its config as JSON, seed and device. */
@Entity
@Table(name = "training_run")
public class TrainingRun extends AbstractEntity {

    /** Lifecycle of a run. */
    public enum Status { RUNNING, SUCCEEDED, FAILED, CANCELLED }

    @Column(nullable = false)
    private String objective;

    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    @Column(nullable = false)
    private Status status;

    @Column(nullable = false)
    private String config;

    @Column(nullable = false)
    private long seed;

    private String device;

    @Column(name = "created_by")
    private String createdBy;

    @Column(name = "started_at", nullable = false)
    private Instant startedAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    /** The trainer service's id of the run (a UUID); empty for runs recorded before runs came as events. */
    @Column(name = "run_key")
    private String runKey;

    @Column(name = "round_number")
    private Integer roundNumber;

    @Column(name = "total_steps")
    private Long totalSteps;

    @Column(name = "data_description")
    private String dataDescription;

    private String error;

    protected TrainingRun() {}

    public TrainingRun(String objective, String config, long seed, String device, String createdBy, Instant startedAt) {
        this.objective = Objects.requireNonNull(objective, "objective");
        this.config = Objects.requireNonNull(config, "config");
        this.seed = seed;
        this.device = device;
        this.createdBy = createdBy;
        this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
        this.status = Status.RUNNING;
    }

    /** A run the trainer service reported by {@code runKey}. */
    public static TrainingRun reported(String runKey, String objective, String config, long seed, String device, String createdBy,
            Instant startedAt, Integer round, long totalSteps, String data) {
        TrainingRun run = new TrainingRun(objective, config, seed, device, createdBy, startedAt);
        run.runKey = Objects.requireNonNull(runKey, "runKey");
        run.roundNumber = round;
        run.totalSteps = totalSteps;
        run.dataDescription = data == null ? null : data.length() > 4000 ? data.substring(0, 4000) : data;
        return run;
    }

    /** The run started again (a follow round redone after a crash): RUNNING, not finished. */
    public void restarted() {
        this.status = Status.RUNNING;
        this.finishedAt = null;
        this.error = null;
    }

    /** Finishes a run with the trainer's error message (kept to 2,000 characters). */
    public void fail(String message, Instant at) {
        finish(Status.FAILED, at);
        this.error = message == null ? null : message.length() > 2000 ? message.substring(0, 2000) : message;
    }

    public void finish(Status outcome, Instant at) {
        if (outcome == Status.RUNNING) {
            throw new IllegalArgumentException("a run cannot finish as RUNNING");
        }
        this.status = outcome;
        this.finishedAt = Objects.requireNonNull(at, "at");
    }

    public String getObjective() { return objective; }
    public Status getStatus() { return status; }
    public String getConfig() { return config; }
    public long getSeed() { return seed; }
    public String getDevice() { return device; }
    public String getCreatedBy() { return createdBy; }
    public Instant getStartedAt() { return startedAt; }
    public Optional<Instant> getFinishedAt() { return Optional.ofNullable(finishedAt); }
    public Optional<String> getRunKey() { return Optional.ofNullable(runKey); }
    public Optional<Integer> getRoundNumber() { return Optional.ofNullable(roundNumber); }
    public Optional<Long> getTotalSteps() { return Optional.ofNullable(totalSteps); }
    public Optional<String> getDataDescription() { return Optional.ofNullable(dataDescription); }
    public Optional<String> getError() { return Optional.ofNullable(error); }
}
