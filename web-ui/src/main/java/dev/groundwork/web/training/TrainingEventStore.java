package dev.groundwork.web.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.annotation.event.CheckpointSaved;
import dev.groundwork.annotation.event.EvaluationCompleted;
import dev.groundwork.annotation.event.TrainingEvent;
import dev.groundwork.annotation.event.TrainingMetrics;
import dev.groundwork.annotation.event.TrainingRunFinished;
import dev.groundwork.annotation.event.TrainingRunStarted;
import dev.groundwork.storage.dataset.DatasetRepository;
import dev.groundwork.storage.training.Checkpoint;
import dev.groundwork.storage.training.CheckpointJudge;
import dev.groundwork.storage.training.CheckpointRepository;
import dev.groundwork.storage.training.ComparedCheckpoint;
import dev.groundwork.storage.training.EvaluationReport;
import dev.groundwork.storage.training.EvaluationReportRepository;
import dev.groundwork.storage.training.MetricPoint;
import dev.groundwork.storage.training.MetricPointRepository;
import dev.groundwork.storage.training.TrainingRun;
import dev.groundwork.storage.training.TrainingRunRepository;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stores the trainer service's training events in the workbench database: a run by its run id, its metrics per
 * step, its checkpoints with what they trained on, its end; an evaluation's report. Each event is applied once: its id
 * goes into {@code processed_event} in the same transaction, and an id seen before is skipped. An event about a run
 * whose start was never seen (it was published before this database existed) creates the run from what it carries.
 * A checkpoint's judges (who decided its pairs) are stored with it; a CheckpointSaved of an older trainer, without
 * them, stores the checkpoint with none.
 * An evaluation is stored once by its key (the event's run id): a later report of the same evaluation under another
 * event id replaces the row's content, an earlier one is ignored.
 */
@Service
public class TrainingEventStore {

    static final String CONSUMER = "web-training";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TrainingRunRepository runs;
    private final MetricPointRepository metrics;
    private final CheckpointRepository checkpoints;
    private final EvaluationReportRepository reports;
    private final DatasetRepository datasets;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    public TrainingEventStore(TrainingRunRepository runs, MetricPointRepository metrics, CheckpointRepository checkpoints,
            EvaluationReportRepository reports, DatasetRepository datasets, DataSource dataSource, Clock clock) {
        this.runs = runs;
        this.metrics = metrics;
        this.checkpoints = checkpoints;
        this.reports = reports;
        this.datasets = datasets;
        this.jdbc = new JdbcTemplate(dataSource);
        this.clock = clock;
    }

    /** Applies the event unless its id was applied before; true when it was new. */
    @Transactional
    public boolean apply(TrainingEvent event) {
        Integer seen = jdbc.queryForObject("select count(*) from processed_event where event_id = ?", Integer.class, event.eventId());
        if (seen != null && seen > 0) {
            return false;
        }
        try {
            jdbc.update("insert into processed_event (event_id, consumer, processed_at) values (?, ?, ?)", event.eventId(), CONSUMER,
                    java.sql.Timestamp.from(clock.instant()));
        } catch (DuplicateKeyException e) {
            return false;
        }
        if (event instanceof TrainingRunStarted s) {
            started(s);
        } else if (event instanceof TrainingMetrics m) {
            metrics(m);
        } else if (event instanceof CheckpointSaved c) {
            checkpoint(c);
        } else if (event instanceof TrainingRunFinished f) {
            finished(f);
        } else if (event instanceof EvaluationCompleted e) {
            evaluated(e);
        }
        return true;
    }

    private void started(TrainingRunStarted s) {
        Optional<TrainingRun> existing = runs.findByRunKey(s.runId());
        if (existing.isPresent()) {
            existing.get().restarted();
            return;
        }
        runs.save(TrainingRun.reported(s.runId(), s.objective(), json(s.hyperParameters()), s.seed(), s.device(), s.startedBy(),
                s.occurredAt(), s.round(), s.totalSteps(), s.data()));
    }

    private TrainingRun run(String runKey, java.time.Instant at) {
        return runs.findByRunKey(runKey).orElseGet(() -> runs.save(TrainingRun.reported(runKey, "unknown", "{}", 0, null,
                "trainer", at, null, 0, "(the run's start was not received)")));
    }

    private void metrics(TrainingMetrics m) {
        TrainingRun run = run(m.runId(), m.occurredAt());
        List<MetricPoint> points = new ArrayList<>();
        m.metrics().forEach((name, value) -> {
            if (value != null && Double.isFinite(value)) {
                points.add(new MetricPoint(run, m.step(), name, value, m.occurredAt()));
            }
        });
        metrics.saveAll(points);
    }

    private void checkpoint(CheckpointSaved c) {
        TrainingRun run = run(c.runId(), c.occurredAt());
        Checkpoint checkpoint = checkpoints.findByRunAndStep(run, c.step())
                .orElseGet(() -> new Checkpoint(run, c.step(), c.uri(), c.provenance(), c.occurredAt()));
        List<CheckpointJudge> judges = c.judges().stream()
                .map(j -> new CheckpointJudge(j.judgeKind(), j.judgeId(), j.pairs())).toList();
        checkpoints.save(checkpoint.withData(c.pairs(), json(c.offsetRanges()), c.policyVersion()).withJudges(judges));
    }

    private void finished(TrainingRunFinished f) {
        TrainingRun run = run(f.runId(), f.occurredAt());
        switch (f.status()) {
            case "SUCCEEDED" -> run.finish(TrainingRun.Status.SUCCEEDED, f.occurredAt());
            case "CANCELLED" -> run.finish(TrainingRun.Status.CANCELLED, f.occurredAt());
            default -> run.fail(f.error(), f.occurredAt());
        }
        runs.save(run);
    }

    private void evaluated(EvaluationCompleted e) {
        List<ComparedCheckpoint> compared = e.checkpoints().stream()
                .map(c -> new ComparedCheckpoint(c.label(), c.uri(), c.objective(), c.headline())).toList();
        EvaluationReport.ReportFiles files = new EvaluationReport.ReportFiles(e.reportHtmlUri(), e.reportPdfUri(),
                Optional.ofNullable(e.metricsUri()), Optional.ofNullable(e.samplesUri()));
        java.time.Instant at = e.occurredAt() == null ? clock.instant() : e.occurredAt();
        Optional<EvaluationReport> existing = reports.findByEvaluationKey(e.runId());
        if (existing.isPresent()) {
            if (at.isAfter(existing.get().getOccurredAt())) {
                existing.get().update(e.suite(), e.title(), e.items(), e.seed(), compared, files, at);
            }
            return;
        }
        reports.save(new EvaluationReport(e.runId(), e.suite(), e.title(), e.items(), e.seed(), compared, files, at,
                clock.instant()).withDataset(datasets.findByName(e.suite()).orElse(null)));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value + " as JSON", e);
        }
    }
}
