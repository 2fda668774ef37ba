package dev.groundwork.web.training;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import dev.groundwork.web.security.PersonNames;
import java.util.List;
import java.util.function.Function;

/**
 * The selected run's checkpoints: step, when saved, pairs, policy, where it lives, and its lineage (the
 * judgment-topic offset ranges and the judges who decided its pairs). A row opens to the checkpoint's provenance
 * verbatim and its judges one per line.
 */
final class CheckpointsPanel extends VerticalLayout {

    static final String EMPTY = "No checkpoint saved yet.";

    private final TrainingRuns runs;
    private final Function<String, String> names;
    private final Grid<TrainingRuns.Lineage> grid = new Grid<>();
    private List<TrainingRuns.Lineage> shown = List.of();

    CheckpointsPanel(TrainingRuns runs, PersonNames names) {
        this.runs = runs;
        this.names = names::of;
        setPadding(false);
        grid.setId("training-checkpoints");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.addColumn(TrainingRuns.Lineage::step).setHeader("Step").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(c -> TrainingFormat.time(c.savedAt())).setHeader("Saved (UTC)").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(c -> c.pairs().map(String::valueOf).orElse("–")).setHeader("Pairs").setAutoWidth(true)
                .setFlexGrow(0);
        grid.addComponentColumn(c -> wrapping(TrainingFormat.ranges(c.offsetRanges()))).setHeader("Offset ranges")
                .setFlexGrow(1);
        grid.addColumn(c -> TrainingFormat.judges(c, this.names)).setHeader("Judged by (pairs)").setFlexGrow(2);
        grid.addColumn(c -> c.policyVersion().map(p -> p.split(":")[0]).orElse("–")).setHeader("Policy")
                .setAutoWidth(true).setFlexGrow(0).setTooltipGenerator(c -> c.policyVersion().orElse(""));
        grid.addComponentColumn(c -> wrapping(c.uri())).setHeader("URI").setFlexGrow(2);
        grid.setItemDetailsRenderer(new ComponentRenderer<>(this::details));
        grid.setEmptyStateText(EMPTY);
        grid.setAllRowsVisible(true);
        grid.setWidthFull();
        add(grid);
    }

    /** Text that breaks anywhere (topic names and URIs have few spaces) rather than being cut off. */
    private static Span wrapping(String text) {
        Span span = new Span(text);
        span.getStyle().set("overflow-wrap", "anywhere").set("white-space", "normal");
        return span;
    }

    /** Shows the run's checkpoints; the grid is refilled only when they changed, so open rows stay open. */
    void show(long runId) {
        List<TrainingRuns.Lineage> found = runs.checkpoints(runId);
        if (!found.equals(shown)) {
            shown = found;
            grid.setItems(found);
        }
    }

    private Div details(TrainingRuns.Lineage c) {
        Div box = new Div();
        box.addClassName("checkpoint-details");
        box.add(new Span("Lineage: " + TrainingFormat.records(c.offsetRanges()) + " judgment records "
                + TrainingFormat.ranges(c.offsetRanges()) + c.policyVersion().map(p -> ", pairs by " + p).orElse("")));
        if (!c.judges().isEmpty()) {
            Div judges = new Div();
            c.judges().forEach(j -> judges.add(new Div(TrainingFormat.kindLabel(j.kind()).replaceAll("s$", "") + " "
                    + names.apply(j.id()) + ": " + j.pairs() + (j.pairs() == 1 ? " pair" : " pairs"))));
            box.add(judges);
        }
        Pre provenance = new Pre(c.provenance());
        provenance.getStyle().set("max-height", "16rem").set("overflow", "auto").set("font-size", "var(--lumo-font-size-xs)")
                .set("background", "var(--lumo-contrast-5pct)").set("padding", "var(--lumo-space-s)");
        box.add(new Span("Provenance:"), provenance);
        return box;
    }
}
