package dev.groundwork.web.review;

import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import dev.groundwork.annotation.agreement.AgreementService;
import dev.groundwork.annotation.agreement.AgreementService.CriticAgreement;
import dev.groundwork.annotation.agreement.AgreementService.CriticSummary;
import dev.groundwork.annotation.agreement.AgreementService.PairAgreement;
import dev.groundwork.annotation.agreement.AgreementService.Report;
import dev.groundwork.storage.dataset.DatasetNotFoundException;
import dev.groundwork.web.layout.ChartPng;
import dev.groundwork.web.security.PersonNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Agreement on one dataset: Krippendorff's α, Fleiss' κ, Cohen's κ per pair of judges, and per
 * annotator their mean κ and how often the critic agreed with them, with two charts.
 */
final class AgreementPanel extends VerticalLayout {

    private final AgreementService agreement;
    private final PersonNames names;
    private final List<String> datasets;

    private final ComboBox<String> dataset = new ComboBox<>("Dataset");
    private final Span empty = new Span();
    private final VerticalLayout content = new VerticalLayout();
    private final Span comparisons = figure("agreement-comparisons");
    private final Span judges = figure("agreement-judges");
    private final Span alpha = figure("agreement-alpha");
    private final Span fleiss = figure("agreement-fleiss");
    private final Span smallSample = new Span();
    /** Rows a table shows whole; with more it scrolls (Vaadin refuses to fetch more than about 500 rows at once). */
    static final int ALL_ROWS_UP_TO = 30;

    private final Grid<PairAgreement> pairs = new Grid<>();
    private final Grid<AnnotatorAgreement> annotators = new Grid<>();
    private final Grid<CriticSummary> criticSummary = new Grid<>();
    private final Grid.Column<AnnotatorAgreement> criticColumn;
    private final Image annotatorChart = new Image();
    private final Image datasetChart = new Image();
    private Set<String> critics = Set.of();

    AgreementPanel(AgreementService agreement, PersonNames names, List<String> datasets) {
        this.agreement = agreement;
        this.names = names;
        this.datasets = datasets;
        setId("review-agreement");
        setPadding(false);
        setWidthFull();

        dataset.setId("agreement-dataset");
        dataset.setItems(datasets);
        dataset.setHelperText("The dataset whose judgments to compare");
        dataset.addValueChangeListener(e -> {
            if (e.getValue() != null) {
                show(e.getValue());
            }
        });
        empty.setId("agreement-empty");
        empty.setText(datasets.isEmpty() ? "No datasets yet." : "Choose a dataset.");

        Div figures = new Div(labelled("Comparisons", comparisons), labelled("Human judges", judges),
                labelled("Krippendorff's α", alpha), labelled("Fleiss' κ", fleiss));
        figures.setId("agreement-figures");
        figures.getStyle().set("display", "flex").set("flex-wrap", "wrap").set("gap", "var(--lumo-space-l)");
        smallSample.setId("agreement-small-sample");
        smallSample.setText("\u26a0 Some figures rest on fewer than " + ReviewFormat.SMALL_SAMPLE
                + " shared comparisons (marked \u201csmall sample\u201d): read them as rough, not as a ranking.");
        smallSample.getStyle().set("display", "block").set("padding", "var(--lumo-space-xs) var(--lumo-space-s)")
                .set("border-left", "4px solid var(--lumo-error-color)").set("background", "var(--lumo-contrast-5pct)");

        pairs.setId("agreement-pairs");
        pairs.addColumn(p -> names.of(p.judge1())).setHeader("Judge 1").setAutoWidth(true);
        pairs.addColumn(p -> names.of(p.judge2())).setHeader("Judge 2").setAutoWidth(true);
        pairs.addColumn(p -> critics.contains(p.judge2()) ? "human–critic" : "human–human").setHeader("Pair")
                .setAutoWidth(true).setFlexGrow(0);
        pairs.addColumn(p -> ReviewFormat.figure(p.kappa())).setHeader("Cohen's κ").setAutoWidth(true).setFlexGrow(0);
        pairs.addColumn(p -> shared(p.comparisons())).setHeader("Shared comparisons").setAutoWidth(true).setFlexGrow(0);
        pairs.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);

        annotators.setId("agreement-annotators");
        annotators.addColumn(a -> names.of(a.annotator())).setHeader("Annotator").setAutoWidth(true);
        annotators.addColumn(a -> ReviewFormat.figure(a.meanKappa())).setHeader("Mean κ (weighted)").setAutoWidth(true)
                .setFlexGrow(0);
        annotators.addColumn(AnnotatorAgreement::pairs).setHeader("Pairs").setAutoWidth(true).setFlexGrow(0);
        annotators.addColumn(a -> shared(a.sharedComparisons())).setHeader("Shared comparisons").setAutoWidth(true)
                .setFlexGrow(0);
        criticColumn = annotators.addColumn(a -> ReviewFormat.fraction(a.criticAgreement(), a.criticComparisons()))
                .setHeader("Agrees with critic").setAutoWidth(true).setFlexGrow(0);
        annotators.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);

        criticSummary.setId("agreement-critics");
        criticSummary.addColumn(c -> names.of(c.critic())).setHeader("Critic").setAutoWidth(true);
        criticSummary.addColumn(CriticSummary::decided).setHeader("Decided comparisons").setAutoWidth(true)
                .setFlexGrow(0);
        criticSummary.addColumn(c -> ReviewFormat.fraction(c.accuracy(), c.decided())).setHeader("Accuracy")
                .setAutoWidth(true).setFlexGrow(0);
        criticSummary.addColumn(c -> ReviewFormat.figure(c.kappa())).setHeader("Cohen's κ").setAutoWidth(true)
                .setFlexGrow(0);
        criticSummary.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        criticSummary.setAllRowsVisible(true);

        annotatorChart.setId("agreement-chart-annotators");
        annotatorChart.setAlt("bar chart of each annotator's mean Cohen's kappa");
        datasetChart.setId("agreement-chart-dataset");
        datasetChart.setAlt("bar chart of the dataset's Krippendorff's alpha and Fleiss' kappa");
        for (Image chart : List.of(annotatorChart, datasetChart)) {
            chart.getStyle().set("max-width", "100%");
        }
        FlexLayout charts = new FlexLayout(datasetChart, annotatorChart);
        charts.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        charts.getStyle().set("gap", "var(--lumo-space-m)");

        content.setPadding(false);
        content.setVisible(false);
        H4 criticsTitle = new H4("Critics against people's decisions (a strict majority of the human verdicts prefers A or B)");
        content.add(figures, smallSample, charts, new H4("Per annotator"), annotators, criticsTitle, criticSummary,
                new H4("Pairs of judges (Cohen's κ)"), pairs);
        add(dataset, empty, content);
    }

    /** Shows the first dataset when none is chosen yet (the tab opens on something). */
    void showFirstDataset() {
        if (dataset.isEmpty() && !datasets.isEmpty()) {
            dataset.setValue(datasets.get(0));
        }
    }

    private void show(String name) {
        Report report;
        List<CriticAgreement> withCritic;
        List<CriticSummary> perCritic;
        try {
            report = agreement.forDataset(name);
            withCritic = agreement.criticAgreement(name);
            perCritic = agreement.criticSummary(name);
        } catch (DatasetNotFoundException e) {
            Notification.show(e.getMessage(), 6000, Notification.Position.MIDDLE).addThemeVariants(NotificationVariant.LUMO_ERROR);
            return;
        }
        critics = withCritic.stream().map(CriticAgreement::critic).collect(Collectors.toSet());
        List<AnnotatorAgreement> rows = AnnotatorAgreement.of(report.pairs(), withCritic);

        comparisons.setText(Integer.toString(report.comparisons()));
        judges.setText(Integer.toString(report.humanJudges()));
        alpha.setText(ReviewFormat.figure(report.krippendorffAlpha()) + (report.krippendorffAlpha().isPresent()
                ? " (" + ReviewFormat.sample(report.comparisons()) + ")" : ""));
        fleiss.setText(ReviewFormat.figure(report.fleissKappa()) + " (" + ReviewFormat.sample(report.fleissComparisons()) + ")");
        smallSample.setVisible((report.krippendorffAlpha().isPresent() && ReviewFormat.isSmall(report.comparisons()))
                || (report.fleissKappa().isPresent() && ReviewFormat.isSmall(report.fleissComparisons()))
                || report.pairs().stream().anyMatch(p -> p.kappa().isPresent() && ReviewFormat.isSmall(p.comparisons()))
                || rows.stream().anyMatch(r -> r.meanKappa().isPresent() && ReviewFormat.isSmall(r.sharedComparisons())));
        pairs.setItems(report.pairs());
        fitOrScroll(pairs, report.pairs().size());
        annotators.setItems(rows);
        fitOrScroll(annotators, rows.size());
        criticSummary.setItems(perCritic);
        criticColumn.setVisible(rows.stream().anyMatch(r -> r.criticComparisons() > 0));

        boolean anyMean = rows.stream().anyMatch(r -> r.meanKappa().isPresent());
        annotatorChart.setVisible(anyMean);
        if (anyMean) {
            // Drawn when the browser asks for the image, after the rows are on their way; with the labels read here
            // (the download runs outside the session lock, and PersonNames is the view's).
            Map<String, String> labels = new HashMap<>();
            rows.forEach(r -> labels.put(r.annotator(), names.of(r.annotator())));
            annotatorChart.setSrc(ChartPng.drawnOnDownload(() -> AgreementCharts.annotatorKappa(rows, labels::get,
                    AgreementCharts.WIDTH, AgreementCharts.HEIGHT), "annotator-kappa.png"));
        }
        boolean anyFigure = report.krippendorffAlpha().isPresent() || report.fleissKappa().isPresent();
        datasetChart.setVisible(anyFigure);
        if (anyFigure) {
            datasetChart.setSrc(ChartPng.drawnOnDownload(() -> AgreementCharts.datasetFigures(report, 420,
                    AgreementCharts.HEIGHT), "dataset-agreement.png"));
        }
        content.setVisible(true);
        empty.setText(report.comparisons() == 0 ? "No human judgments on " + name + " yet." : "");
        empty.setVisible(report.comparisons() == 0);
    }

    /** "40", or "12 (small sample)". */
    private static String shared(int n) {
        return ReviewFormat.isSmall(n) ? n + " (small sample)" : Integer.toString(n);
    }

    private static Span figure(String id) {
        Span value = new Span();
        value.setId(id);
        value.getStyle().set("font-size", "var(--lumo-font-size-xl)").set("font-weight", "600");
        return value;
    }

    private static Div labelled(String label, Span value) {
        Span caption = new Span(label);
        caption.getStyle().set("display", "block").set("color", "var(--lumo-secondary-text-color)")
                .set("font-size", "var(--lumo-font-size-s)");
        return new Div(caption, value);
    }

    /** Shows every row of a short table; a long one (a dataset with many annotators has hundreds of pairs) scrolls. */
    private static void fitOrScroll(Grid<?> grid, int rows) {
        grid.setAllRowsVisible(rows <= ALL_ROWS_UP_TO);
        grid.setHeight(rows <= ALL_ROWS_UP_TO ? null : "28em");
    }
}
