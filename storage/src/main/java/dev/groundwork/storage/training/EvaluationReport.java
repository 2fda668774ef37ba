package dev.groundwork.storage.training;

import dev.groundwork.storage.AbstractEntity;
import dev.groundwork.storage.dataset.Dataset;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An evaluation's audit report, as the trainer service reported it (EvaluationCompleted): the checkpoints it compared
 * with their headline figures (CHAIR, POPE, Cover, ...), and its files in the artifact store by URI: the report in
 * HTML and PDF, metrics.json and samples.jsonl. One row per evaluation, by its key (the event's run id).
 */
@Entity
@Table(name = "evaluation_report")
public class EvaluationReport extends AbstractEntity {

    @Column(name = "evaluation_key", nullable = false, unique = true)
    private String evaluationKey;

    @Column(nullable = false)
    private String suite;

    @Column(nullable = false)
    private String title;

    @Column(name = "item_count", nullable = false)
    private int itemCount;

    @Column(nullable = false)
    private long seed;

    @Convert(converter = ComparedCheckpointsJson.class)
    @Column(nullable = false)
    private List<ComparedCheckpoint> checkpoints;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "dataset_id")
    private Dataset dataset;

    @Column(name = "report_html_uri", nullable = false)
    private String reportHtmlUri;

    @Column(name = "report_pdf_uri", nullable = false)
    private String reportPdfUri;

    @Column(name = "metrics_uri")
    private String metricsUri;

    @Column(name = "samples_uri")
    private String samplesUri;

    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected EvaluationReport() {}

    /**
     * @param evaluationKey the evaluation's id (the event's run id)
     * @param occurredAt when the evaluation finished
     * @param createdAt when this row was written
     */
    public EvaluationReport(String evaluationKey, String suite, String title, int itemCount, long seed,
            List<ComparedCheckpoint> checkpoints, ReportFiles files, Instant occurredAt, Instant createdAt) {
        this.evaluationKey = Objects.requireNonNull(evaluationKey, "evaluationKey");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        update(suite, title, itemCount, seed, checkpoints, files, occurredAt);
    }

    /** Replaces what the evaluation reported (a later report of the same evaluation). */
    public final EvaluationReport update(String suite, String title, int itemCount, long seed,
            List<ComparedCheckpoint> checkpoints, ReportFiles files, Instant occurredAt) {
        this.suite = Objects.requireNonNull(suite, "suite");
        this.title = Objects.requireNonNull(title, "title");
        this.itemCount = itemCount;
        this.seed = seed;
        this.checkpoints = List.copyOf(Objects.requireNonNull(checkpoints, "checkpoints"));
        Objects.requireNonNull(files, "files");
        this.reportHtmlUri = files.reportHtmlUri();
        this.reportPdfUri = files.reportPdfUri();
        this.metricsUri = files.metricsUri().orElse(null);
        this.samplesUri = files.samplesUri().orElse(null);
        this.occurredAt = Objects.requireNonNull(occurredAt, "occurredAt");
        return this;
    }

    /** The dataset the evaluation ran on, when it is one of the workbench's. */
    public EvaluationReport withDataset(Dataset evaluated) {
        this.dataset = evaluated;
        return this;
    }

    /**
     * The report's files in the artifact store.
     *
     * @param reportHtmlUri {@code report.html}, self-contained
     * @param reportPdfUri {@code report.pdf}
     * @param metricsUri {@code metrics.json}, when written
     * @param samplesUri {@code samples.jsonl}, when written
     */
    public record ReportFiles(String reportHtmlUri, String reportPdfUri, Optional<String> metricsUri,
            Optional<String> samplesUri) {
        public ReportFiles {
            Objects.requireNonNull(reportHtmlUri, "reportHtmlUri");
            Objects.requireNonNull(reportPdfUri, "reportPdfUri");
            metricsUri = metricsUri == null ? Optional.empty() : metricsUri;
            samplesUri = samplesUri == null ? Optional.empty() : samplesUri;
        }
    }

    public String getEvaluationKey() { return evaluationKey; }
    public String getSuite() { return suite; }
    public String getTitle() { return title; }
    public int getItemCount() { return itemCount; }
    public long getSeed() { return seed; }
    public List<ComparedCheckpoint> getCheckpoints() { return checkpoints; }
    public Optional<Dataset> getDataset() { return Optional.ofNullable(dataset); }
    public ReportFiles getFiles() {
        return new ReportFiles(reportHtmlUri, reportPdfUri, Optional.ofNullable(metricsUri),
                Optional.ofNullable(samplesUri));
    }
    public Instant getOccurredAt() { return occurredAt; }
    public Instant getCreatedAt() { return createdAt; }
}
