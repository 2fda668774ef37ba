package dev.groundwork.web.reports;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.IFrame;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.groundwork.web.layout.MainLayout;
import dev.groundwork.web.reports.EvaluationReports.Summary;
import dev.groundwork.web.security.Roles;
import jakarta.annotation.security.RolesAllowed;

/**
 * The trainer's evaluation reports, newest first: when, what, which checkpoints and their headline figures. Selecting
 * one shows its HTML report in the view (an iframe on {@link ReportEndpoint}) and offers its PDF.
 */
@Route(value = "reports", layout = MainLayout.class)
@PageTitle("Reports · Groundwork")
@RolesAllowed({Roles.REVIEWER, Roles.ADMIN})
public class ReportsView extends VerticalLayout {

    static final int LIMIT = 500;
    static final String EMPTY = "No evaluation reports yet. Evaluate checkpoints with "
            + "./gw eval --checkpoint CKPT … --out DIR: the trainer writes the report to the artifact store and "
            + "announces it, and it appears here.";

    private final EvaluationReports reports;
    private final Grid<Summary> grid = new Grid<>();
    private final VerticalLayout detail = new VerticalLayout();
    private final H3 detailTitle = new H3();
    private final Anchor pdf = new Anchor();
    private final IFrame frame = new IFrame();

    public ReportsView(EvaluationReports reports) {
        this.reports = reports;
        setId("reports");
        setSizeFull();

        grid.setId("reports-grid");
        grid.addColumn(r -> ReportFormat.date(r.occurredAt())).setHeader("Date").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(Summary::title).setHeader("Title").setAutoWidth(true).setResizable(true);
        grid.addColumn(Summary::suite).setHeader("Suite").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(Summary::items).setHeader("Items").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(r -> ReportFormat.checkpoints(r.checkpoints())).setHeader("Checkpoints").setAutoWidth(true)
                .setResizable(true);
        for (ReportFormat.Figure figure : ReportFormat.Figure.values()) {
            grid.addColumn(r -> ReportFormat.figure(r.checkpoints(), figure)).setHeader(figure.header)
                    .setAutoWidth(true);
        }
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        grid.setEmptyStateText(EMPTY);
        grid.setWidthFull();
        grid.setHeight("16rem");
        grid.asSingleSelect().addValueChangeListener(e -> show(e.getValue()));

        Button refresh = new Button("Refresh", e -> refresh());
        refresh.setId("reports-refresh");
        refresh.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        HorizontalLayout header = new HorizontalLayout(new H2("Reports"), refresh);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);

        pdf.setId("report-pdf");
        pdf.setText("Download PDF");
        // A download, not an in-app navigation: Vaadin's router leaves the link alone.
        pdf.getElement().setAttribute("router-ignore", true);
        pdf.getElement().setAttribute("download", true);
        frame.setId("report-frame");
        frame.setSandbox(IFrame.SandboxType.RESTRICT_ALL);
        frame.setWidthFull();
        frame.setHeight("70vh");
        frame.getStyle().set("border", "1px solid var(--lumo-contrast-20pct)");
        HorizontalLayout bar = new HorizontalLayout(detailTitle, pdf);
        bar.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        detail.setId("report-detail");
        detail.setPadding(false);
        detail.add(bar, frame);
        detail.setVisible(false);

        add(header, new Paragraph("Hallucination evaluations of checkpoints (CHAIR, POPE, Cover): select one to read "
                + "its audit report."), grid, detail);
        refresh();
    }

    private void refresh() {
        grid.setItems(reports.newestFirst(LIMIT));
    }

    private void show(Summary report) {
        if (report == null) {
            detail.setVisible(false);
            detail.getElement().removeAttribute("data-report");
            return;
        }
        detailTitle.setText(report.title());
        pdf.setHref(ReportEndpoint.pdfPath(report.key()));
        frame.setSrc(ReportEndpoint.htmlPath(report.key()));
        detail.getElement().setAttribute("data-report", report.key());
        detail.setVisible(true);
    }
}
