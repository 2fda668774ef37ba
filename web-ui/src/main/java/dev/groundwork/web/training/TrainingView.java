package dev.groundwork.web.training;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.provider.ListDataProvider;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.groundwork.storage.judgment.AnnotatorRepository;
import dev.groundwork.web.layout.MainLayout;
import dev.groundwork.web.layout.Polling;
import dev.groundwork.web.security.PersonNames;
import dev.groundwork.web.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The trainer service's runs, newest first (read-only, for reviewers and admins). Selecting a run shows its metric
 * curves (loss, reward margins and accuracies, mDPO's imageless terms: whatever the run reports) and its checkpoints
 * with their provenance and lineage. The view polls every two seconds while it is open: the list, the curves (only
 * the points stored since the last poll) and the checkpoints follow the training events as they arrive, without a
 * reload.
 */
@Route(value = "training", layout = MainLayout.class)
@PageTitle("Training · Groundwork")
@RolesAllowed({Roles.REVIEWER, Roles.ADMIN})
public class TrainingView extends VerticalLayout {

    static final int LIMIT = 200;
    static final int POLL_MILLIS = 2000;
    static final String EMPTY = "No training runs yet. The trainer service reports its runs here as it trains "
            + "(./gw up starts it; a Jobs training round or ./gw train --from stream starts a run).";

    private final TrainingRuns runs;
    private final Grid<TrainingRuns.RunSummary> grid = new Grid<>();
    private final List<TrainingRuns.RunSummary> listed = new ArrayList<>();
    /** Rows are told apart by the run's id: the selection survives the refill of every poll. */
    private final ListDataProvider<TrainingRuns.RunSummary> provider = new ListDataProvider<>(listed) {
        @Override
        public Object getId(TrainingRuns.RunSummary run) {
            return run.id();
        }
    };
    private final VerticalLayout detail = new VerticalLayout();
    private final H3 title = new H3();
    private final Paragraph about = new Paragraph();
    private final CurvesPanel curves;
    private final CheckpointsPanel checkpoints;
    private OptionalLong selected = OptionalLong.empty();

    public TrainingView(TrainingRuns runs, AnnotatorRepository annotators, Clock clock) {
        this.runs = runs;
        this.curves = new CurvesPanel(runs, clock);
        this.checkpoints = new CheckpointsPanel(runs, new PersonNames(annotators));
        setId("training");
        setSizeFull();

        grid.setId("training-runs");
        grid.addColumn(r -> TrainingFormat.shortKey(r.runKey(), r.id())).setHeader("Run").setAutoWidth(true)
                .setFlexGrow(0).setTooltipGenerator(r -> r.runKey().orElse("run #" + r.id()));
        grid.addColumn(TrainingRuns.RunSummary::objective).setHeader("Objective").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(r -> r.status().name()).setHeader("Status").setAutoWidth(true).setFlexGrow(0)
                .setTooltipGenerator(r -> r.error().orElse(""));
        grid.addColumn(r -> TrainingFormat.time(r.startedAt())).setHeader("Started (UTC)").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(r -> r.finishedAt().map(TrainingFormat::time).orElse("–")).setHeader("Finished (UTC)")
                .setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(r -> TrainingFormat.steps(r.lastStep(), r.totalSteps())).setHeader("Steps").setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(r -> r.device().orElse("–")).setHeader("Device").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(r -> r.round().map(String::valueOf).orElse("–")).setHeader("Round").setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(r -> r.data().orElse("")).setHeader("Data").setFlexGrow(1)
                .setTooltipGenerator(r -> r.data().orElse(""));
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        grid.setEmptyStateText(EMPTY);
        grid.setWidthFull();
        grid.setHeight("14rem");
        grid.setItems(provider);
        grid.asSingleSelect().addValueChangeListener(e -> {
            if (e.isFromClient() || e.getValue() != null) {
                select(Optional.ofNullable(e.getValue()));
            }
        });

        detail.setId("training-detail");
        detail.setPadding(false);
        detail.add(title, about, curves, new H3("Checkpoints"), checkpoints);
        detail.setVisible(false);

        add(new H2("Training"), new Paragraph("The trainer service's runs as it reports them: select one for its metric "
                + "curves, which follow the run live, and its checkpoints with their provenance and lineage (the "
                + "judgment records and the judges it was trained on)."), grid, detail);
        refresh();
        Polling.every(this, POLL_MILLIS, this::refresh);
    }

    private void select(Optional<TrainingRuns.RunSummary> run) {
        if (run.isEmpty()) {
            selected = OptionalLong.empty();
            detail.setVisible(false);
            detail.getElement().removeAttribute("data-run");
            return;
        }
        TrainingRuns.RunSummary r = run.get();
        if (selected.isPresent() && selected.getAsLong() == r.id()) {
            return;
        }
        selected = OptionalLong.of(r.id());
        detail.getElement().setAttribute("data-run", r.runKey().orElse("#" + r.id()));
        describe(r);
        curves.show(r.id(), r.totalSteps());
        checkpoints.show(r.id());
        detail.setVisible(true);
    }

    private void describe(TrainingRuns.RunSummary r) {
        title.setText(r.objective() + " run " + TrainingFormat.shortKey(r.runKey(), r.id())
                + r.round().map(n -> ", round " + n).orElse("") + " · " + r.status().name());
        about.setText(r.data().orElse("") + r.error().map(e -> " · error: " + e).orElse(""));
    }

    /** Re-reads the list; for the selected run, its new metric points and its checkpoints. */
    private void refresh() {
        List<TrainingRuns.RunSummary> found = runs.newestFirst(LIMIT);
        listed.clear();
        listed.addAll(found);
        provider.refreshAll();
        if (selected.isEmpty()) {
            return;
        }
        long id = selected.getAsLong();
        Optional<TrainingRuns.RunSummary> run = found.stream().filter(r -> r.id() == id).findFirst();
        run.ifPresent(this::describe);
        curves.update(run.flatMap(TrainingRuns.RunSummary::totalSteps));
        checkpoints.show(id);
    }
}
