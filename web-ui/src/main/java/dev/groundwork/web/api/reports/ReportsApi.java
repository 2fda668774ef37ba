package dev.groundwork.web.api.reports;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.groundwork.web.api.ApiPaths;
import dev.groundwork.web.api.BadRequestException;
import dev.groundwork.web.api.CursorPage;
import dev.groundwork.web.api.NotFoundException;
import dev.groundwork.web.api.PageLimits;
import dev.groundwork.web.reports.EvaluationReports;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The evaluation reports the Reports view lists ({@link EvaluationReports}), read-only: newest first, each with its
 * suite, the checkpoints it compared and their headline metrics, and where its files are.
 */
@RestController
@RequestMapping(ApiPaths.V1 + "/reports")
@Tag(name = "reports", description = "Evaluation reports, read-only")
public class ReportsApi {

    /** A checkpoint the evaluation compared, with its headline metrics. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CheckpointView(String label, String uri, String objective, Map<String, Double> headline) {}

    /** Where a report's files are. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record FilesView(String reportHtmlUri, String reportPdfUri, Optional<String> metricsUri,
            Optional<String> samplesUri) {}

    /** An evaluation report: its key, when it finished, what it evaluated and where its files are. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ReportView(String key, Instant occurredAt, String title, String suite, int items,
            List<CheckpointView> checkpoints, FilesView files) {
        static ReportView of(EvaluationReports.Summary s) {
            return new ReportView(s.key(), s.occurredAt(), s.title(), s.suite(), s.items(), s.checkpoints().stream()
                    .map(c -> new CheckpointView(c.label(), c.uri(), c.objective(), c.headline())).toList(),
                    new FilesView(s.files().reportHtmlUri(), s.files().reportPdfUri(), s.files().metricsUri(),
                            s.files().samplesUri()));
        }
    }

    private final EvaluationReports reports;
    private final PageLimits limits;

    public ReportsApi(EvaluationReports reports, PageLimits limits) {
        this.reports = reports;
        this.limits = limits;
    }

    @GetMapping
    @Operation(summary = "List the evaluation reports, newest first")
    public CursorPage<ReportView> list(
            @Parameter(description = "next_cursor of the previous page") @RequestParam("cursor") Optional<String> cursor,
            @RequestParam(name = "limit", defaultValue = "" + PageLimits.DEFAULT) int limit) {
        int n = limits.of(limit);
        Optional<EvaluationReports.Position> after = cursor.map(CursorPage::decode).map(ReportsApi::position);
        List<Map.Entry<EvaluationReports.Position, EvaluationReports.Summary>> fetched = reports.newestFirst(after, n + 1);
        CursorPage<Map.Entry<EvaluationReports.Position, EvaluationReports.Summary>> page = CursorPage.of(fetched, n,
                e -> e.getKey().occurredAt() + "|" + e.getKey().id());
        return new CursorPage<>(page.items().stream().map(e -> ReportView.of(e.getValue())).toList(), page.nextCursor());
    }

    @GetMapping("/{key}")
    @Operation(summary = "One evaluation report, by its key")
    public ReportView get(@PathVariable("key") String key) {
        return reports.byKey(key).map(ReportView::of).orElseThrow(() -> new NotFoundException("no evaluation report with key '" + key + "'"));
    }

    private static EvaluationReports.Position position(String key) {
        int bar = key.lastIndexOf('|');
        try {
            return new EvaluationReports.Position(Instant.parse(key.substring(0, bar)), Long.parseLong(key.substring(bar + 1)));
        } catch (DateTimeParseException | NumberFormatException | IndexOutOfBoundsException e) {
            throw new BadRequestException("cursor", "is not a cursor this API handed out; pass next_cursor as it came");
        }
    }
}
