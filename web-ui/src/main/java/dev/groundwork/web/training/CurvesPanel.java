package dev.groundwork.web.training;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.groundwork.web.layout.ChartPng;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The selected run's metric curves, one chart per {@link MetricGroups.Group}, and a line saying how many values they
 * rest on, the latest step and the latest loss. {@link #update} reads only the points stored since the last read and
 * redraws the charts only when there were any.
 */
final class CurvesPanel extends VerticalLayout {

    private final TrainingRuns runs;
    private final Clock clock;
    private final Span summary = new Span();
    private final Div charts = new Div();
    private MetricCurves curves;
    private Optional<Long> totalSteps = Optional.empty();

    CurvesPanel(TrainingRuns runs, Clock clock) {
        this.runs = runs;
        this.clock = clock;
        setPadding(false);
        setSpacing(false);
        summary.setId("training-points");
        charts.setId("training-charts");
        // Side by side as the window allows (two on a laptop screen), each chart scaled to its column.
        charts.getStyle().set("display", "grid").set("grid-template-columns", "repeat(auto-fill, minmax(26rem, 1fr))")
                .set("gap", "var(--lumo-space-m)").set("width", "100%");
        charts.setWidthFull();
        add(summary, charts);
    }

    /** Shows this run's curves, read from the start. */
    void show(long runId, Optional<Long> planned) {
        curves = new MetricCurves(runId);
        totalSteps = planned;
        charts.removeAll();
        update(planned);
    }

    /** Reads the points stored since the last read; redraws when there were any. */
    void update(Optional<Long> planned) {
        if (curves == null) {
            return;
        }
        boolean changed = curves.add(runs.samplesAfter(curves.runId(), curves.lastId()));
        if (changed || !planned.equals(totalSteps) || charts.getComponentCount() == 0) {
            totalSteps = planned;
            redraw();
        }
    }

    private void redraw() {
        charts.removeAll();
        List<MetricGroups.Group> groups = MetricGroups.of(curves.names());
        for (int i = 0; i < groups.size(); i++) {
            MetricGroups.Group group = groups.get(i);
            String file = "metrics-" + i + ".png";
            byte[] png = TrainingCharts.chart(group, curves, TrainingCharts.WIDTH, TrainingCharts.HEIGHT);
            Image chart = new Image(ChartPng.inline(png, file), group.title() + ": " + String.join(", ", group.metrics()));
            chart.setId("training-chart-" + i);
            chart.setWidthFull();
            chart.setMaxWidth(TrainingCharts.WIDTH + "px");
            charts.add(chart);
        }
        long last = curves.lastStep().orElse(0);
        summary.getElement().setAttribute("data-points", Integer.toString(curves.points()));
        summary.getElement().setAttribute("data-last-step", Long.toString(last));
        if (curves.points() == 0) {
            summary.setText("No metrics reported yet; the curves appear as the trainer reports its steps.");
            return;
        }
        String loss = curves.latest("loss").map(v -> ", loss " + TrainingFormat.value(v)).orElse("");
        summary.setText(String.format(Locale.ROOT, "%d metric values, last step %s%s · updated %s UTC", curves.points(),
                TrainingFormat.steps(last, totalSteps), loss, TrainingFormat.time(clock.instant()).substring(11)));
    }
}
