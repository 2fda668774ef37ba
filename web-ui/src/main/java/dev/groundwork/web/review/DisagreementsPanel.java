package dev.groundwork.web.review;

import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.KeyModifier;
import com.vaadin.flow.component.Shortcuts;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.TextArea;
import dev.groundwork.annotation.review.ReviewService;
import dev.groundwork.annotation.review.ReviewService.Detail;
import dev.groundwork.annotation.review.ReviewService.JudgmentView;
import dev.groundwork.annotation.review.ReviewService.Resolved;
import dev.groundwork.storage.judgment.Resolution;
import dev.groundwork.storage.judgment.Verdict;
import dev.groundwork.web.security.PersonNames;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * The review queue ({@link ReviewQueue}: filters and every matching comparison, page by page), one in
 * detail (image, prompt, both responses, every judgment including the critic's) and the reviewer's
 * final label. Keys: Alt+1 … Alt+4 choose the final label, Ctrl+Enter resolves and goes to the next
 * unresolved comparison, Alt+N goes there without resolving. Model output is always shown as text,
 * never as HTML.
 */
final class DisagreementsPanel extends VerticalLayout {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final ReviewService review;
    private final PersonNames names;
    private final String reviewer;
    private final ReviewQueue queue;

    private final VerticalLayout detail = new VerticalLayout();
    private final H3 title = new H3();
    private final Image image = new Image();
    private final Paragraph prompt = new Paragraph();
    private final Div responseA = new Div();
    private final Div responseB = new Div();
    private final Grid<JudgmentView> judgments = new Grid<>();
    private final Span resolution = new Span();
    private final RadioButtonGroup<Verdict> verdict = new RadioButtonGroup<>("Final label");
    private final TextArea note = new TextArea("Note (optional)");
    private final Button resolve = new Button("Resolve");
    private final Button resolveNext = new Button("Resolve and next");
    private final Button next = new Button("Next unresolved");
    private Long shown;

    DisagreementsPanel(ReviewService review, PersonNames names, List<String> datasets, String reviewer) {
        this.review = review;
        this.names = names;
        this.reviewer = reviewer;
        setId("review-disagreements");
        setPadding(false);
        setWidthFull();
        queue = new ReviewQueue(review, names, datasets, id -> {
            if (shown == null || id != shown) {
                show(id);
            }
        });
        buildDetail();
        next.setId("review-next");
        next.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        next.addClickShortcut(Key.KEY_N, KeyModifier.ALT);
        next.setTooltipText("Alt+N");
        next.addClickListener(e -> nextUnresolved());
        Span keys = new Span("Keys: Alt+1 … Alt+4 final label · Ctrl+Enter resolve and next · Alt+N next unresolved");
        keys.setId("review-keys");
        keys.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)");
        HorizontalLayout bar = new HorizontalLayout(next, keys);
        bar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        add(queue, bar, detail);
    }

    private void buildDetail() {
        detail.setId("review-detail");
        detail.setPadding(false);
        detail.setVisible(false);
        detail.setWidthFull();
        title.setId("review-detail-title");

        image.setId("review-image");
        image.setAlt("the image the responses are about");
        image.setWidth("320px");
        image.getStyle().set("image-rendering", "pixelated").set("display", "block")
                .set("border", "1px solid var(--lumo-contrast-10pct)").set("flex-shrink", "0");
        prompt.setId("review-prompt");
        prompt.getStyle().set("font-weight", "600").set("white-space", "pre-wrap").set("margin-top", "0");
        HorizontalLayout responses = new HorizontalLayout(response("A", "a", responseA), response("B", "b", responseB));
        responses.setWidthFull();
        VerticalLayout text = new VerticalLayout(prompt, responses);
        text.setPadding(false);
        HorizontalLayout top = new HorizontalLayout(image, text);
        top.setWidthFull();
        top.expand(text);

        judgments.setId("review-judgments");
        judgments.addColumn(j -> names.of(j.judgeId())).setHeader("Judge").setAutoWidth(true).setFlexGrow(0);
        judgments.addColumn(j -> j.judgeKind().name().toLowerCase()).setHeader("Kind").setAutoWidth(true).setFlexGrow(0);
        judgments.addColumn(j -> j.verdict().name()).setHeader("Verdict").setAutoWidth(true).setFlexGrow(0);
        judgments.addColumn(j -> ReviewFormat.strength(j.strength())).setHeader("Strength").setAutoWidth(true).setFlexGrow(0);
        judgments.addColumn(j -> String.join(", ", j.tags())).setHeader("Tags").setFlexGrow(1);
        judgments.addColumn(j -> j.rationale() == null ? "" : j.rationale()).setHeader("Rationale").setFlexGrow(3);
        judgments.addColumn(j -> ReviewFormat.timeSpent(j.timeSpentMs())).setHeader("Time spent").setAutoWidth(true)
                .setFlexGrow(0);
        judgments.addColumn(j -> TIME.format(j.at())).setHeader("At").setAutoWidth(true).setFlexGrow(0);
        judgments.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_COMPACT);
        judgments.setAllRowsVisible(true);
        judgments.setWidthFull();

        resolution.setId("review-resolution");
        verdict.setId("resolve-verdict");
        verdict.setItems(Verdict.values());
        verdict.setItemLabelGenerator(ReviewFormat::verdictLabel);
        verdict.addValueChangeListener(e -> enableResolve());
        note.setId("resolve-note");
        note.setMaxLength(Resolution.MAX_NOTE);
        note.setWidthFull();
        Verdict[] labels = Verdict.values();
        for (int i = 0; i < labels.length && i < DIGITS.length; i++) {
            Verdict label = labels[i];
            Shortcuts.addShortcutListener(detail, () -> {
                if (detail.isVisible()) {
                    verdict.setValue(label);
                }
            }, DIGITS[i], KeyModifier.ALT);
        }
        resolve.setId("resolve");
        resolve.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        resolve.setEnabled(false);
        resolve.addClickListener(e -> resolve(false));
        resolveNext.setId("resolve-next");
        resolveNext.setEnabled(false);
        resolveNext.addClickShortcut(Key.ENTER, KeyModifier.CONTROL);
        resolveNext.setTooltipText("Ctrl+Enter");
        resolveNext.addClickListener(e -> resolve(true));
        HorizontalLayout buttons = new HorizontalLayout(resolve, resolveNext);
        VerticalLayout form = new VerticalLayout(new H4("Resolve"), resolution, verdict, note, buttons);
        form.setPadding(false);
        form.setMaxWidth("48em");

        detail.add(title, top, new H4("Judgments"), judgments, form);
    }

    private static VerticalLayout response(String label, String id, Div text) {
        text.setId("review-response-" + id);
        text.getStyle().set("white-space", "pre-wrap").set("min-height", "3em");
        VerticalLayout box = new VerticalLayout(new H4("Response " + label), text);
        box.getStyle().set("border", "1px solid var(--lumo-contrast-20pct)").set("border-radius", "var(--lumo-border-radius-m)");
        box.setWidth("50%");
        return box;
    }

    private void enableResolve() {
        boolean ready = shown != null && verdict.getValue() != null;
        resolve.setEnabled(ready);
        resolveNext.setEnabled(ready);
    }

    /** Shows the first unresolved comparison of the queue's filters after the one shown (or the first one). */
    private void nextUnresolved() {
        List<Long> open = review.queueIds(queue.filter().with(Resolved.UNRESOLVED));
        Optional<Long> after = open.stream().filter(id -> shown == null || id > shown).findFirst()
                .or(() -> open.stream().filter(id -> shown == null || id != shown.longValue()).findFirst());
        if (after.isEmpty()) {
            Notification n = Notification.show("No unresolved comparison left for these filters.", 4000,
                    Notification.Position.BOTTOM_START);
            n.setId("review-none-left");
            return;
        }
        show(after.get());
    }

    private void show(long comparisonId) {
        Detail d;
        try {
            d = review.detail(comparisonId);
        } catch (IllegalArgumentException e) {
            error(e.getMessage());
            return;
        }
        shown = comparisonId;
        queue.show(comparisonId);
        detail.setVisible(true);
        detail.getElement().setAttribute("data-comparison", Long.toString(comparisonId));
        title.setText("Comparison " + d.comparisonId() + " · " + d.dataset() + " · " + d.itemExternalId());
        image.setSrc("/images/" + d.imageSha256());
        prompt.setText(d.prompt());
        responseA.setText(d.responseA());
        responseB.setText(d.responseB());
        judgments.setItems(d.judgments());
        resolution.setText(d.resolution().map(this::describe).orElse("Not resolved yet."));
        verdict.setValue(d.resolution().map(Resolution::getVerdict).orElse(null));
        note.setValue(d.resolution().map(Resolution::getNote).orElse(""));
        enableResolve();
    }

    private String describe(Resolution r) {
        return "Resolved: " + r.getVerdict().name() + " (" + ReviewFormat.verdictLabel(r.getVerdict()) + ") by "
                + names.of(r.getResolvedBy()) + ", " + TIME.format(r.getResolvedAt())
                + (r.getNote() == null ? "" : ". Note: " + r.getNote());
    }

    /** Resolves the comparison shown; then, when {@code thenNext}, shows the next unresolved one. */
    private void resolve(boolean thenNext) {
        Verdict chosen = verdict.getValue();
        if (shown == null || chosen == null) {
            error("Choose a final label first.");
            return;
        }
        long id = shown;
        String text = note.getValue().isBlank() ? null : note.getValue().strip();
        try {
            review.resolve(id, chosen, text, reviewer);
        } catch (IllegalArgumentException e) {
            error("Not resolved: " + e.getMessage());
            return;
        }
        Notification done = Notification.show("Comparison " + id + " resolved: " + ReviewFormat.verdictLabel(chosen) + ".",
                4000, Notification.Position.BOTTOM_START);
        done.addThemeVariants(NotificationVariant.LUMO_SUCCESS);
        done.setId("resolve-notification");
        queue.refresh();
        if (thenNext) {
            nextUnresolved();
        } else {
            show(id);
        }
    }

    private static final Key[] DIGITS = {Key.DIGIT_1, Key.DIGIT_2, Key.DIGIT_3, Key.DIGIT_4};

    private static void error(String message) {
        Notification n = Notification.show(message, 6000, Notification.Position.MIDDLE);
        n.addThemeVariants(NotificationVariant.LUMO_ERROR);
    }
}
