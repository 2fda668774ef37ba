package dev.groundwork.storage.training;

import dev.groundwork.storage.AbstractEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/** One named metric value of a run at a step, named as TRL does (e.g. {@code rewards/margins}). */
@Entity
@Table(name = "metric_point")
public class MetricPoint extends AbstractEntity {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "run_id")
    private TrainingRun run;

    @Column(nullable = false)
    private long step;

    @Column(nullable = false)
    private String name;

    @Column(name = "metric", nullable = false)
    private double value;

    @Column(name = "recorded_at", nullable = false)
    private Instant recordedAt;

    protected MetricPoint() {}

    public MetricPoint(TrainingRun run, long step, String name, double value, Instant recordedAt) {
        this.run = Objects.requireNonNull(run, "run");
        this.step = step;
        this.name = Objects.requireNonNull(name, "name");
        this.value = value;
        this.recordedAt = Objects.requireNonNull(recordedAt, "recordedAt");
    }

    public TrainingRun getRun() { return run; }
    public long getStep() { return step; }
    public String getName() { return name; }
    public double getValue() { return value; }
    public Instant getRecordedAt() { return recordedAt; }
}
