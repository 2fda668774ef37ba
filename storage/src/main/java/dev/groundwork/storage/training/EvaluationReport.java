package dev.groundwork.storage.training;

import dev.groundwork.storage.AbstractEntity;
import dev.groundwork.storage.dataset.Dataset;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** Hallucination metrics (CHAIR, POPE, attribute/count/relation) of a checkpoint on a dataset. */
@Entity
@Table(name = "evaluation_report")
public class EvaluationReport extends AbstractEntity {

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "checkpoint_id")
    private Checkpoint checkpoint;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "dataset_id")
    private Dataset dataset;

    @Column(nullable = false)
    private String metrics;

    @Column(name = "report_path")
    private String reportPath;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected EvaluationReport() {}

    public EvaluationReport(Checkpoint checkpoint, Dataset dataset, String metrics, String reportPath, Instant createdAt) {
        this.checkpoint = checkpoint;
        this.dataset = Objects.requireNonNull(dataset, "dataset");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.reportPath = reportPath;
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    }

    public Optional<Checkpoint> getCheckpoint() { return Optional.ofNullable(checkpoint); }
    public Dataset getDataset() { return dataset; }
    public String getMetrics() { return metrics; }
    public Optional<String> getReportPath() { return Optional.ofNullable(reportPath); }
    public Instant getCreatedAt() { return createdAt; }
}
