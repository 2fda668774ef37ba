package dev.groundwork.web.training;

import dev.groundwork.web.layout.ChartPng;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A run's metric curves as PNG, drawn on the server with JFreeChart (headless AWT), one chart per
 * {@link MetricGroups.Group}: value against optimiser step, one line per metric, named in the legend. Few points
 * (a short round) are drawn with their markers, so that a curve of two points still shows where it was measured.
 */
final class TrainingCharts {

    static final int WIDTH = 560;
    static final int HEIGHT = 300;
    /** Markers on every point up to this many steps. */
    static final int MARKERS_UP_TO = 40;
    private static final List<Color> LINES = List.of(new Color(0x1676F3), new Color(0xE8590C), new Color(0x2F9E44),
            new Color(0x9C36B5), new Color(0xC92A2A), new Color(0x0C8599), new Color(0x5C940D), new Color(0x862E9C));

    private TrainingCharts() {}

    /** The group's curves from {@code curves}. */
    static byte[] chart(MetricGroups.Group group, MetricCurves curves, int width, int height) {
        XYSeriesCollection data = new XYSeriesCollection();
        int most = 0;
        for (String name : group.metrics()) {
            XYSeries series = new XYSeries(name, true, false);
            curves.of(name).forEach(series::add);
            data.addSeries(series);
            most = Math.max(most, series.getItemCount());
        }
        JFreeChart chart = ChartFactory.createXYLineChart(group.title(), "step", null, data, PlotOrientation.VERTICAL,
                group.metrics().size() > 1, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setPosition(RectangleEdge.BOTTOM);
            legend.setFrame(BlockBorder.NONE);
        }
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xE0E0E0));
        plot.setRangeGridlinePaint(new Color(0xD0D0D0));
        plot.setOutlineVisible(false);
        plot.setNoDataMessage("No points yet");
        NumberAxis steps = (NumberAxis) plot.getDomainAxis();
        steps.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis values = (NumberAxis) plot.getRangeAxis();
        values.setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, most <= MARKERS_UP_TO);
        for (int i = 0; i < group.metrics().size(); i++) {
            renderer.setSeriesPaint(i, LINES.get(i % LINES.size()));
            renderer.setSeriesStroke(i, new BasicStroke(2f));
        }
        plot.setRenderer(renderer);
        return ChartPng.of(chart, width, height);
    }
}
