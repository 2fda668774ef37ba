package dev.groundwork.web.annotate;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.groundwork.annotation.assignment.WorkQueue;
import dev.groundwork.annotation.assignment.WorkQueue.DisplayedVerdict;
import dev.groundwork.annotation.judgment.JudgmentRejectedException;
import dev.groundwork.annotation.judgment.JudgmentService;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * An annotator's last {@value #LIMIT} saved judgments, in the order they saw the answers, each with
 * buttons to change its verdict. A change is recorded at once as a correction that supersedes the
 * earlier judgment ({@link JudgmentService#correct}); the trainer, agreement and exports then use it.
 */
final class RecentDialog extends Dialog {

    static final int LIMIT = 20;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final WorkQueue queue;
    private final JudgmentService judgments;
    private final String subject;
    private final Consumer<String> changed;
    private final VerticalLayout rows = new VerticalLayout();
    private final Paragraph note = new Paragraph();

    RecentDialog(WorkQueue queue, JudgmentService judgments, String subject, Consumer<String> changed) {
        this.queue = queue;
        this.judgments = judgments;
        this.subject = subject;
        this.changed = changed;
        setId("recent-dialog");
        setHeaderTitle("Your last " + LIMIT + " judgments");
        setWidth("min(64em, 95vw)");
        rows.setPadding(false);
        note.setId("recent-note");
        note.getStyle().set("color", "var(--lumo-secondary-text-color)");
        add(note, rows);
        Button close = new Button("Close", e -> close());
        close.setId("recent-close");
        getFooter().add(close);
    }

    /** Opens the list; {@code holding}: a verdict is still open to undo, so it is not in the list yet. */
    void open(boolean holding) {
        note.setText(holding ? "Your last verdict is not saved yet: press U to undo it, or change it here once it is saved."
                : "Change a verdict: the new one replaces the old everywhere (training, agreement, exports).");
        reload();
        open();
    }

    private void reload() {
        rows.removeAll();
        List<WorkQueue.Recent> recent = queue.recent(subject, LIMIT);
        if (recent.isEmpty()) {
            rows.add(new Paragraph("No saved judgments yet."));
        }
        recent.forEach(r -> rows.add(row(r)));
    }

    private Div row(WorkQueue.Recent r) {
        Div row = new Div();
        row.setId("recent-" + r.judgmentId());
        row.getElement().setAttribute("data-comparison", Long.toString(r.task().comparisonId()));
        row.setWidthFull();
        row.getStyle().set("border-bottom", "1px solid var(--lumo-contrast-10pct)").set("padding-bottom", "var(--lumo-space-s)");
        Span label = new Span(r.task().dataset() + " · " + r.task().itemExternalId() + " — " + AnnotateView.describe(r.verdict(),
                r.strength()) + " (" + TIME.format(r.judgedAt()) + " UTC)");
        label.setId("recent-" + r.judgmentId() + "-verdict");
        Details content = new Details("Prompt and answers");
        Paragraph prompt = new Paragraph(r.task().prompt());
        prompt.getStyle().set("font-weight", "600").set("white-space", "pre-wrap");
        Paragraph a = new Paragraph("A: " + r.task().left().text());
        Paragraph b = new Paragraph("B: " + r.task().right().text());
        a.getStyle().set("white-space", "pre-wrap");
        b.getStyle().set("white-space", "pre-wrap");
        content.add(prompt, a, b);
        HorizontalLayout buttons = new HorizontalLayout();
        for (DisplayedVerdict v : DisplayedVerdict.values()) {
            Button button = new Button(AnnotateView.describe(v, 1), e -> change(r, v));
            button.setId("recent-" + r.judgmentId() + "-" + v.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            button.addThemeVariants(ButtonVariant.LUMO_SMALL);
            if (v == r.verdict() && r.strength() == 1) {
                button.setEnabled(false);
                button.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            }
            buttons.add(button);
        }
        row.add(label, buttons, content);
        return row;
    }

    private void change(WorkQueue.Recent r, DisplayedVerdict v) {
        String key = "ui-correct-" + r.judgmentId() + "-" + v.name() + "-1";
        try {
            judgments.correct(r.judgmentId(), subject, r.task().stored(v), 1, key);
            changed.accept("Changed " + r.task().itemExternalId() + " from " + AnnotateView.describe(r.verdict(), r.strength())
                    + " to " + AnnotateView.describe(v, 1) + ".");
        } catch (JudgmentRejectedException e) {
            changed.accept("Not changed: " + e.getMessage());
        }
        reload();
    }
}
