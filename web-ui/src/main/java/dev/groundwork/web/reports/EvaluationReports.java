package dev.groundwork.web.reports;

import dev.groundwork.storage.training.ComparedCheckpoint;
import dev.groundwork.storage.training.EvaluationReport;
import dev.groundwork.storage.training.EvaluationReportRepository;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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

    /** Where a page of reports ends: the last one's finishing time and id; the next page starts after it. */
    public record Position(Instant occurredAt, long id) {}

    /** Up to {@code limit} reports after {@code after} (from the newest when empty), newest first, with their positions. */
    @Transactional(readOnly = true)
    public List<Map.Entry<Position, Summary>> newestFirst(Optional<Position> after, int limit) {
        List<EvaluationReport> found = after.isEmpty()
                ? reports.findAllByOrderByOccurredAtDescIdDesc(Limit.of(limit))
                : reports.findOlderThan(after.get().occurredAt(), after.get().id(), Limit.of(limit));
        return found.stream().map(r -> Map.entry(new Position(r.getOccurredAt(), r.getId()), Summary.of(r))).toList();
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
