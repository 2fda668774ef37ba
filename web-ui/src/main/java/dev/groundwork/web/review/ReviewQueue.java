package dev.groundwork.web.review;

import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import dev.groundwork.annotation.review.ReviewService;
import dev.groundwork.annotation.review.ReviewService.Disagreement;
import dev.groundwork.annotation.review.ReviewService.Kind;
import dev.groundwork.annotation.review.ReviewService.QueueFilter;
import dev.groundwork.annotation.review.ReviewService.Resolved;
import dev.groundwork.storage.dataset.HallucinationType;
import dev.groundwork.storage.judgment.Verdict;
import dev.groundwork.web.security.PersonNames;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * The review queue: its filters (dataset, prompt text, judge, kind of disagreement, tag, resolved or
 * not) and a grid that pages through every comparison they match. The matching ids are read once per
 * change of the filters ({@link ReviewService#queueIds}); the grid fetches only the rows it shows,
 * by offset and limit ({@link ReviewService#disagreements}).
 */
final class ReviewQueue extends VerticalLayout {

    private final ReviewService review;
    private final ComboBox<String> dataset = new ComboBox<>("Dataset");
    private final TextField search = new TextField("Search");
    private final ComboBox<String> judge = new ComboBox<>("Judge");
    private final ComboBox<Kind> kind = new ComboBox<>("Disagreement");
    private final ComboBox<HallucinationType> tag = new ComboBox<>("Tag");
    private final Select<Resolved> resolved = new Select<>();
    private final Span count = new Span();
    private final Grid<Disagreement> grid = new Grid<>();
    private List<Long> ids = List.of();

    ReviewQueue(ReviewService review, PersonNames names, List<String> datasets, LongConsumer selected) {
        this.review = review;
        setPadding(false);
        setSpacing(false);
        setWidthFull();

        dataset.setId("review-dataset");
        dataset.setItems(datasets);
        dataset.setHelperText("Empty: all datasets");
        search.setId("review-search");
        search.setPlaceholder("prompt text or comparison id");
        search.setValueChangeMode(ValueChangeMode.LAZY);
        judge.setId("review-judge");
        judge.setItems(review.judges());
        judge.setItemLabelGenerator(names::of);
        judge.setHelperText("Has a judgment by");
        kind.setId("review-kind");
        kind.setItems(Kind.values());
        kind.setItemLabelGenerator(ReviewFormat::kind);
        tag.setId("review-tag");
        tag.setItems(HallucinationType.values());
        tag.setItemLabelGenerator(t -> t.name().toLowerCase());
        resolved.setId("review-resolved");
        resolved.setLabel("Resolved");
        resolved.setItems(Resolved.values());
        resolved.setItemLabelGenerator(r -> switch (r) {
            case UNRESOLVED -> "Not resolved";
            case RESOLVED -> "Resolved";
            case ANY -> "All";
        });
        resolved.setValue(Resolved.UNRESOLVED);
        for (ComboBox<?> box : List.of(dataset, judge, kind, tag)) {
            box.setClearButtonVisible(true);
            box.addValueChangeListener(e -> refresh());
        }
        search.setClearButtonVisible(true);
        search.addValueChangeListener(e -> refresh());
        resolved.addValueChangeListener(e -> refresh());
        count.setId("review-queue-count");
        count.getStyle().set("color", "var(--lumo-secondary-text-color)");
        HorizontalLayout filters = new HorizontalLayout(dataset, search, judge, kind, tag, resolved, count);
        filters.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        filters.setWrap(true);

        grid.setId("review-queue");
        grid.addColumn(Disagreement::comparisonId).setHeader("Comparison").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(Disagreement::dataset).setHeader("Dataset").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(Disagreement::prompt).setHeader("Prompt").setFlexGrow(3).setTooltipGenerator(Disagreement::prompt);
        grid.addColumn(d -> ReviewFormat.kinds(d.kinds())).setHeader("Kinds").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(d -> ReviewFormat.verdicts(d.verdicts(), names::of)).setHeader("Verdicts").setFlexGrow(3)
                .setTooltipGenerator(d -> ReviewFormat.verdicts(d.verdicts(), names::of));
        grid.addColumn(d -> d.resolution().map(Verdict::name).orElse("")).setHeader("Resolution").setAutoWidth(true)
                .setFlexGrow(0);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        grid.setHeight("300px");
        grid.setWidthFull();
        grid.setItems(query -> review.disagreements(page(ids, query.getOffset(), query.getLimit())).stream(),
                query -> ids.size());
        grid.getLazyDataView().setIdentifierProvider(Disagreement::comparisonId);
        grid.addSelectionListener(e -> e.getFirstSelectedItem().ifPresent(d -> selected.accept(d.comparisonId())));

        add(filters, grid);
        refresh();
    }

    /** The rows {@code offset} to {@code offset + limit} of {@code ids}. */
    static List<Long> page(List<Long> ids, int offset, int limit) {
        int from = Math.min(offset, ids.size());
        return ids.subList(from, Math.min(ids.size(), from + limit));
    }

    QueueFilter filter() {
        return new QueueFilter(Optional.ofNullable(dataset.getValue()), text(), Optional.ofNullable(judge.getValue()),
                Optional.ofNullable(kind.getValue()), Optional.ofNullable(tag.getValue()),
                Optional.ofNullable(resolved.getValue()).orElse(Resolved.ANY));
    }

    private Optional<String> text() {
        return Optional.ofNullable(search.getValue()).map(String::strip).filter(t -> !t.isEmpty());
    }

    /** Reads the matching ids again and redraws the rows. */
    void refresh() {
        ids = review.queueIds(filter());
        grid.getDataProvider().refreshAll();
        count.setText(ids.isEmpty() ? "No disagreements match." : ids.size() + (ids.size() == 1 ? " comparison" : " comparisons"));
    }

    /** The ids the queue lists now, in order. */
    List<Long> ids() {
        return ids;
    }

    /** Selects (and scrolls to) the row of a comparison the queue lists; otherwise clears the selection. */
    void show(long comparisonId) {
        int index = ids.indexOf(comparisonId);
        if (index < 0) {
            grid.deselectAll();
            return;
        }
        grid.scrollToIndex(index);
        review.disagreements(List.of(comparisonId)).forEach(grid::select);
    }
}
