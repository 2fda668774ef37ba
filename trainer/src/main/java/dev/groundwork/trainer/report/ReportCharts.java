package dev.groundwork.trainer.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.DecimalFormat;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The report's charts as PNG, drawn with JFreeChart on a headless AWT: one grouped bar chart per metric group, the
 * metrics on the category axis and one bar per checkpoint. Drawn at twice the size they are shown at, so they stay
 * sharp in the PDF.
 */
final class ReportCharts {

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    static final int WIDTH = 1200;
    static final int HEIGHT = 560;

    /** Checkpoint colours, in report order (colour-blind safe, Okabe–Ito). */
    private static final List<Color> PALETTE = List.of(new Color(0x999999), new Color(0xE69F00), new Color(0x0072B2),
            new Color(0x009E73), new Color(0xCC79A7), new Color(0x56B4E9), new Color(0xD55E00), new Color(0xF0E442));

    private static final DecimalFormat VALUE = new DecimalFormat("0.00");

    private ReportCharts() {}

    /** A grouped bar chart of the rows' estimates, one series per checkpoint; values are shares in [0, 1]. */
    static byte[] groupedBars(String title, String valueAxis, List<AuditReport.MetricRow> rows,
            List<AuditReport.CheckpointInfo> checkpoints) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (AuditReport.MetricRow row : rows) {
            for (int c = 0; c < checkpoints.size(); c++) {
                double v = row.values().get(c).estimate();
                data.addValue(Double.isFinite(v) ? Double.valueOf(v) : null, checkpoints.get(c).label(), row.label());
            }
        }
        JFreeChart chart = ChartFactory.createBarChart(title, null, valueAxis, data, PlotOrientation.VERTICAL, true, false,
                false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 26));
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.TOP);
        legend.setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 22));
        legend.setFrame(BlockBorder.NONE);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xD0D0D0));
        plot.setRangeGridlineStroke(new BasicStroke(1.5f));
        plot.setOutlineVisible(false);
        plot.getDomainAxis().setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 22));
        plot.getDomainAxis().setCategoryMargin(0.25);
        plot.getDomainAxis().setMaximumCategoryLabelLines(2);
        NumberAxis range = (NumberAxis) plot.getRangeAxis();
        range.setRange(0, 1.05);
        range.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 20));
        range.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 22));
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(false);
        renderer.setItemMargin(0.04);
        for (int c = 0; c < checkpoints.size(); c++) {
            renderer.setSeriesPaint(c, PALETTE.get(c % PALETTE.size()));
        }
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", VALUE));
        renderer.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, checkpoints.size() > 3 ? 14 : 18));
        renderer.setDefaultItemLabelsVisible(true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw the chart '" + title + "'", e);
        }
        return out.toByteArray();
    }
}
