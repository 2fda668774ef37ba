package dev.groundwork.web.review;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
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
import dev.groundwork.annotation.review.ReviewService.Disagreement;
import dev.groundwork.annotation.review.ReviewService.JudgmentView;
import dev.groundwork.storage.judgment.Resolution;
import dev.groundwork.storage.judgment.Verdict;
import dev.groundwork.web.security.PersonNames;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

/**
 * The review queue: comparisons whose judges disagree, one in detail (image, prompt, both
 * responses, every judgment including the critic's) and the reviewer's final label. Model output
 * is always shown as text, never as HTML.
 */
final class DisagreementsPanel extends VerticalLayout {

    static final int LIMIT = 500;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final ReviewService review;
    private final PersonNames names;
    private final String reviewer;

    private final ComboBox<String> dataset = new ComboBox<>("Dataset");
    private final Checkbox includeResolved = new Checkbox("Include resolved");
    private final Span count = new Span();
    private final Grid<Disagreement> queue = new Grid<>();

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
    private Long shown;

    DisagreementsPanel(ReviewService review, PersonNames names, List<String> datasets, String reviewer) {
        this.review = review;
        this.names = names;
        this.reviewer = reviewer;
        setId("review-disagreements");
        setPadding(false);
        setWidthFull();

        dataset.setId("review-dataset");
        dataset.setItems(datasets);
        dataset.setHelperText("Empty: all datasets");
        dataset.setClearButtonVisible(true);
        dataset.addValueChangeListener(e -> refresh(false));
        includeResolved.setId("review-include-resolved");
        includeResolved.addValueChangeListener(e -> refresh(false));
        count.setId("review-queue-count");
        count.getStyle().set("color", "var(--lumo-secondary-text-color)");
        HorizontalLayout filters = new HorizontalLayout(dataset, includeResolved, count);
        filters.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);

        queue.setId("review-queue");
        queue.addColumn(Disagreement::comparisonId).setHeader("Comparison").setAutoWidth(true).setFlexGrow(0)
                .setSortable(true);
        queue.addColumn(Disagreement::dataset).setHeader("Dataset").setAutoWidth(true).setFlexGrow(0).setSortable(true);
        queue.addColumn(Disagreement::prompt).setHeader("Prompt").setFlexGrow(3).setTooltipGenerator(Disagreement::prompt);
        queue.addColumn(d -> ReviewFormat.kinds(d.kinds())).setHeader("Kinds").setAutoWidth(true).setFlexGrow(0);
        queue.addColumn(d -> ReviewFormat.verdicts(d.verdicts(), names::of)).setHeader("Verdicts").setFlexGrow(3)
                .setTooltipGenerator(d -> ReviewFormat.verdicts(d.verdicts(), names::of));
        queue.addColumn(d -> d.resolution().map(Verdict::name).orElse("")).setHeader("Resolution").setAutoWidth(true)
                .setFlexGrow(0);
        queue.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        queue.setHeight("300px");
        queue.setWidthFull();
        queue.addSelectionListener(e -> e.getFirstSelectedItem()
                .filter(d -> shown == null || d.comparisonId() != shown).ifPresent(d -> show(d.comparisonId())));

        buildDetail();
        add(filters, queue, detail);
        refresh(false);
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
        verdict.addValueChangeListener(e -> resolve.setEnabled(e.getValue() != null));
        note.setId("resolve-note");
        note.setMaxLength(Resolution.MAX_NOTE);
        note.setWidthFull();
        resolve.setId("resolve");
        resolve.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        resolve.setEnabled(false);
        resolve.addClickListener(e -> resolve());
        VerticalLayout form = new VerticalLayout(new H4("Resolve"), resolution, verdict, note, resolve);
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

    /** Reloads the queue; the detail stays when {@code keepDetail} or when its comparison is still listed. */
    private void refresh(boolean keepDetail) {
        List<Disagreement> items = review.queue(Optional.ofNullable(dataset.getValue()), includeResolved.getValue(), LIMIT);
        queue.setItems(items);
        count.setText(items.isEmpty() ? "No disagreements" + (includeResolved.getValue() ? "." : " left to resolve.")
                : items.size() + (items.size() == 1 ? " comparison" : " comparisons")
                        + (items.size() == LIMIT ? " (the first " + LIMIT + ")" : ""));
        if (shown == null) {
            return;
        }
        Optional<Disagreement> current = items.stream().filter(d -> d.comparisonId() == shown).findFirst();
        current.ifPresent(queue::select);
        if (current.isEmpty() && !keepDetail) {
            shown = null;
            detail.setVisible(false);
        }
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
        detail.setVisible(true);
        detail.getElement().setAttribute("data-comparison", Long.toString(comparisonId));
        title.setText("Comparison " + d.comparisonId() + " · " + d.dataset() + " · " + d.itemExternalId());
        image.setSrc("/images/" + d.imageSha256());
        prompt.setText(d.prompt());
        responseA.setText(d.responseA());
        responseB.setText(d.responseB());
        judgments.setItems(d.judgments());
        resolution.setText(d.resolution().map(DisagreementsPanel::describe).orElse("Not resolved yet."));
        verdict.setValue(d.resolution().map(Resolution::getVerdict).orElse(null));
        note.setValue(d.resolution().map(Resolution::getNote).orElse(""));
        resolve.setEnabled(verdict.getValue() != null);
    }

    private static String describe(Resolution r) {
        return "Resolved: " + r.getVerdict().name() + " (" + ReviewFormat.verdictLabel(r.getVerdict()) + ") by "
                + r.getResolvedBy() + ", " + TIME.format(r.getResolvedAt())
                + (r.getNote() == null ? "" : ". Note: " + r.getNote());
    }

    private void resolve() {
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
        refresh(true);
        show(id);
    }

    private static void error(String message) {
        Notification n = Notification.show(message, 6000, Notification.Position.MIDDLE);
        n.addThemeVariants(NotificationVariant.LUMO_ERROR);
    }
}
