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
}
