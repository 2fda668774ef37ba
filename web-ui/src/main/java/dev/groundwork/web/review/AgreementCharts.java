package dev.groundwork.web.review;

import dev.groundwork.annotation.agreement.AgreementService.Report;
import dev.groundwork.web.layout.ChartPng;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.text.DecimalFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The agreement charts as PNG, drawn on the server with JFreeChart (headless AWT): per-annotator
 * mean κ (horizontal bars, so that names are written out in full beside them), and the dataset's
 * Krippendorff α and Fleiss κ. Each label says how many comparisons the figure rests on, and
 * "small sample" below {@link ReviewFormat#SMALL_SAMPLE}. Values are coefficients in [-1, 1]; the
 * value axis runs from 0 (or below, for negative values) to 1 so that charts compare at a glance.
 */
final class AgreementCharts {

    static final int WIDTH = 640;
    static final int HEIGHT = 320;
    static final Color BAR = new Color(0x1676F3);
    private static final DecimalFormat THREE_DECIMALS = new DecimalFormat("0.000");

    /** A category key shown by its label but told apart by its id (two judges may share a name). */
    private record Category(String id, String label) implements Comparable<Category> {
        @Override
        public int compareTo(Category o) {
            return id.compareTo(o.id);
        }

        @Override
        public String toString() {
            return label;
        }
    }

    private AgreementCharts() {}

    /** Mean κ of each annotator that has one, judges named by {@code names}. */
    static byte[] annotatorKappa(List<AnnotatorAgreement> rows, Function<String, String> names, int width, int height) {
        Map<Category, Double> values = new LinkedHashMap<>();
        rows.stream().filter(r -> r.meanKappa().isPresent()).forEach(r -> values.put(new Category(r.annotator(),
                names.apply(r.annotator()) + " (" + unbroken(ReviewFormat.sample(r.sharedComparisons())) + ")"),
                r.meanKappa().getAsDouble()));
        JFreeChart chart = bars("Mean Cohen's κ per annotator (weighted by shared comparisons)", "", "κ", values,
                PlotOrientation.HORIZONTAL);
        return ChartPng.of(chart, width, Math.max(height, annotatorChartHeight(values.size())));
    }

    /** The text with no-break spaces, so that a wrapped label keeps "n = 12, small sample" on one line. */
    private static String unbroken(String text) {
        return text.replace(' ', '\u00a0');
    }

    /** Tall enough for one bar and its two-line label per annotator. */
    static int annotatorChartHeight(int annotators) {
        return 110 + 42 * annotators;
    }

    /** Krippendorff's α and Fleiss' κ of the dataset, those that are defined. */
    static byte[] datasetFigures(Report report, int width, int height) {
        Map<Category, Double> values = new LinkedHashMap<>();
        report.krippendorffAlpha().ifPresent(a -> values.put(new Category("1", "Krippendorff's α ("
                + ReviewFormat.sample(report.comparisons()) + ")"), a));
        report.fleissKappa().ifPresent(k -> values.put(new Category("2", "Fleiss' κ (" + ReviewFormat.sample(
                report.fleissComparisons()) + ")"), k));
        return ChartPng.of(bars("Agreement on " + report.dataset(), "", "coefficient", values, PlotOrientation.VERTICAL),
                width, height);
    }

    private static JFreeChart bars(String title, String categoryAxis, String valueAxis, Map<Category, Double> values,
            PlotOrientation orientation) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        values.forEach((category, value) -> data.addValue(value, valueAxis, category));
        JFreeChart chart = ChartFactory.createBarChart(title, categoryAxis, valueAxis, data, orientation,
                false, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xD0D0D0));
        plot.setOutlineVisible(false);
        plot.setNoDataMessage("No defined values");
        plot.addRangeMarker(new ValueMarker(0.0, Color.DARK_GRAY, new BasicStroke(1f)));
        double min = values.values().stream().min(Double::compare).orElse(0.0);
        NumberAxis range = (NumberAxis) plot.getRangeAxis();
        // Room beyond the bars for their value labels ("-0.120" left of a negative bar, "0.950" right of a long one).
        boolean horizontal = orientation == PlotOrientation.HORIZONTAL;
        double labelRoom = horizontal ? 0.25 : 0.05;
        range.setRange(min < 0 ? Math.floor(min * 5) / 5 - labelRoom : 0.0, horizontal ? 1.17 : 1.08);
        if (horizontal) {
            plot.setRangeAxisLocation(AxisLocation.BOTTOM_OR_LEFT);
        }
        range.setTickUnit(new NumberTickUnit(0.2));
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setDrawBarOutline(false);
        renderer.setSeriesPaint(0, BAR);
        renderer.setMaximumBarWidth(horizontal ? 0.5 : 0.12);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", THREE_DECIMALS));
        renderer.setDefaultItemLabelsVisible(true);
        CategoryAxis domain = plot.getDomainAxis();
        // Labels wrap onto a second line before they are cut: names and sample sizes are the point of the chart.
        domain.setMaximumCategoryLabelLines(2);
        if (horizontal) {
            domain.setMaximumCategoryLabelWidthRatio(0.45f);
        } else {
            domain.setCategoryLabelPositions(values.size() > 4 ? CategoryLabelPositions.UP_45 : CategoryLabelPositions.STANDARD);
        }
        return chart;
    }
}
