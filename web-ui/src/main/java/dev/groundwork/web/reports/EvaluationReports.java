package dev.groundwork.web.reports;

import dev.groundwork.storage.training.ComparedCheckpoint;
import dev.groundwork.storage.training.EvaluationReport;
import dev.groundwork.storage.training.EvaluationReportRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The evaluation reports the trainer service reported (see TrainingEventStore), for the Reports view and endpoint. */
@Service
public class EvaluationReports {

    private final EvaluationReportRepository reports;

    public EvaluationReports(EvaluationReportRepository reports) {
        this.reports = reports;
    }

    /**
     * What a list shows of one report.
     *
     * @param key the evaluation's key, which the endpoint's paths use
     */
    public record Summary(String key, Instant occurredAt, String title, String suite, int items,
            List<ComparedCheckpoint> checkpoints, EvaluationReport.ReportFiles files) {

        static Summary of(EvaluationReport r) {
            return new Summary(r.getEvaluationKey(), r.getOccurredAt(), r.getTitle(), r.getSuite(), r.getItemCount(),
                    r.getCheckpoints(), r.getFiles());
        }
    }

    /** The newest {@code limit} reports, newest first. */
    @Transactional(readOnly = true)
    public List<Summary> newestFirst(int limit) {
        return reports.findAllByOrderByOccurredAtDescIdDesc(Limit.of(limit)).stream().map(Summary::of).toList();
    }

    @Transactional(readOnly = true)
    public Optional<Summary> byKey(String key) {
        return reports.findByEvaluationKey(key).map(Summary::of);
    }
}
