package dev.groundwork.web.reports;

import dev.groundwork.storage.training.ComparedCheckpoint;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the Reports view and the PDF download write a report's figures and names. */
final class ReportFormat {

    /** The headline figures the list shows, by metrics.json name, with their column headers. */
    enum Figure {
        CHAIR_I("chair_i", "CHAIR_i"),
        CHAIR_S("chair_s", "CHAIR_s"),
        POPE_ADVERSARIAL_F1("pope_f1_score_adversarial", "POPE adv. F1");

        final String metric;
        final String header;

        Figure(String metric, String header) {
            this.metric = metric;
            this.header = header;
        }
    }

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private ReportFormat() {}

    static String date(Instant at) {
        return DATE.format(at);
    }

    /** {@code sft (sft) · dpo-r2 (dpo)}: each checkpoint's label, with its objective when it says more. */
    static String checkpoints(List<ComparedCheckpoint> checkpoints) {
        if (checkpoints.isEmpty()) {
            return "–";
        }
        return checkpoints.stream()
                .map(c -> c.objective().isBlank() ? c.label() : c.label() + " (" + c.objective() + ")")
                .collect(Collectors.joining(" · "));
    }

    /** {@code sft 0.312 · dpo 0.120}: one figure per checkpoint, {@code –} where a checkpoint has none. */
    static String figure(List<ComparedCheckpoint> checkpoints, Figure figure) {
        if (checkpoints.stream().noneMatch(c -> c.figure(figure.metric).isPresent())) {
            return "–";
        }
        return checkpoints.stream()
                .map(c -> c.label() + " " + c.figure(figure.metric).map(ReportFormat::number).orElse("–"))
                .collect(Collectors.joining(" · "));
    }

    static String number(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : "–";
    }

    /**
     * The PDF's download name: the title as letters, digits, dot, dash and underscore, then the first eight characters
     * of the evaluation key, e.g. {@code sft-vs-dpo-on-world-heldout-1a2b3c4d.pdf}.
     */
    static String pdfFileName(String title, String key) {
        String safe = title.trim().replaceAll("[^\\p{L}\\p{N}._-]+", "-").replaceAll("-{2,}", "-")
                .replaceAll("^[-.]+|[-.]+$", "");
        if (safe.length() > 80) {
            safe = safe.substring(0, 80).replaceAll("[-.]+$", "");
        }
        String id = key.replaceAll("[^\\p{Alnum}]", "");
        id = id.length() > 8 ? id.substring(0, 8) : id;
        String name = safe.isEmpty() ? "evaluation-report" : safe;
        return (id.isEmpty() ? name : name + "-" + id) + ".pdf";
    }
}
