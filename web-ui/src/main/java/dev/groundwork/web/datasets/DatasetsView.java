package dev.groundwork.web.datasets;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.MultiSelectComboBox;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
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
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.groundwork.annotation.assignment.AssignmentService;
import dev.groundwork.annotation.assignment.ComparisonService;
import dev.groundwork.annotation.assignment.PairingMode;
import com.vaadin.flow.data.value.ValueChangeMode;
import dev.groundwork.annotation.dataset.DatasetAdmin;
import dev.groundwork.storage.dataset.DatasetCatalog;
import dev.groundwork.storage.dataset.DatasetCatalog.ItemRow;
import dev.groundwork.storage.dataset.DatasetName;
import dev.groundwork.storage.dataset.DatasetNotFoundException;
import dev.groundwork.storage.dataset.ImportError;
import dev.groundwork.storage.dataset.ImportException;
import dev.groundwork.storage.dataset.ImportProgress;
import dev.groundwork.storage.dataset.ImportSummary;
import dev.groundwork.storage.judgment.Annotator;
import dev.groundwork.storage.judgment.AnnotatorRepository;
import dev.groundwork.storage.judgment.ComparisonRepository;
import dev.groundwork.web.layout.MainLayout;
import dev.groundwork.web.security.CurrentUser;
import dev.groundwork.web.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;

/**
 * The admin's datasets: import an upload (in the background, with progress and, when refused, every
 * problem found), browse the stored datasets and their items, create comparisons and assignments,
 * and download exports. Everything a dataset or a model wrote is shown as text, never as HTML.
 */
@Route(value = "datasets", layout = MainLayout.class)
@PageTitle("Datasets · Groundwork")
@RolesAllowed({Roles.ADMIN})
public class DatasetsView extends VerticalLayout {

    private static final Logger LOG = LoggerFactory.getLogger(DatasetsView.class);
    private static final int POLL_MS = 500;
    private static final DateTimeFormatter UTC = DateTimeFormatter.ISO_INSTANT;

    /** One stored dataset with its counts. */
    record DatasetRow(String name, String sourceFormat, long items, long responses, long images, long comparisons,
            Instant createdAt) {}

    private final DatasetCatalog catalog;
    private final ComparisonRepository comparisonCounts;
    private final ComparisonService comparisons;
    private final AssignmentService assignments;
    private final AnnotatorRepository annotators;
    private final DatasetImports imports;
    private final String actor;

    private final TextField nameOverride = new TextField("Dataset name (optional)");
    private final Upload upload;
    private final DatasetUpload uploadHandler;
    private final ProgressBar progress = new ProgressBar();
    private final Span importStatus = new Span();
    private final Paragraph importResult = new Paragraph();
    private final Grid<ImportError> importErrors = new Grid<>();

    private final Grid<DatasetRow> datasetGrid = new Grid<>();
    private final VerticalLayout detail = new VerticalLayout();
    private final H3 selectedTitle = new H3();
    private final Anchor exportNative = new Anchor();
    private final Anchor exportTrl = new Anchor();
    private final Checkbox allowCritic = new Checkbox("TRL: keep pairs only a critic judged");
    private final Select<PairingMode> pairing = new Select<>();
    private final IntegerField comparisonSeed = new IntegerField("Seed");
    private final Span comparisonsResult = new Span();
    private final IntegerField overlap = new IntegerField("Overlap k");
    private final MultiSelectComboBox<Annotator> annotatorPicker = new MultiSelectComboBox<>("Annotators");
    private final IntegerField assignmentSeed = new IntegerField("Seed");
    private final Span assignmentsResult = new Span();
    private final Grid<ItemRow> itemGrid = new Grid<>();
    private final DatasetAdminPanel adminPanel;

    private String selected;
    private boolean importing;

    public DatasetsView(DatasetCatalog catalog, ComparisonRepository comparisonCounts, ComparisonService comparisons,
            AssignmentService assignments, AnnotatorRepository annotators, DatasetImports imports, DatasetAdmin admin,
            @Value("${groundwork.web.max-upload-bytes:536870912}") long maxUploadBytes) {
        this.catalog = catalog;
        this.comparisonCounts = comparisonCounts;
        this.comparisons = comparisons;
        this.assignments = assignments;
        this.annotators = annotators;
        this.imports = imports;
        this.actor = CurrentUser.require().username();
        this.uploadHandler = new DatasetUpload(maxUploadBytes, new UploadListener());
        this.adminPanel = new DatasetAdminPanel(admin, actor, () -> Optional.ofNullable(selected), next -> {
            hideDetail();
            refreshDatasets();
            next.ifPresent(this::select);
        });
        this.upload = new Upload(uploadHandler);
        setId("datasets");
        setWidthFull();

        add(new H2("Datasets"), importSection(), new H3("Stored datasets"), datasetGrid(), detailSection());
        refreshDatasets();
    }

    // ---- import -------------------------------------------------------------------------------

    private Component importSection() {
        nameOverride.setId("import-name");
        nameOverride.setHelperText("Leave empty to use the name in the manifest (or the file name). "
                + Character.toUpperCase(DatasetName.RULE.charAt(0)) + DatasetName.RULE.substring(1) + ".");
        nameOverride.setMaxLength(DatasetName.MAX_LENGTH);
        // Every keystroke reaches the server: a file chosen straight after typing, without leaving the field, is
        // imported under the typed name.
        nameOverride.setValueChangeMode(ValueChangeMode.EAGER);
        nameOverride.addValueChangeListener(e -> DatasetNameField.check(nameOverride, false));
        nameOverride.setClearButtonVisible(true);
        nameOverride.setWidth("20em");

        upload.setId("import-upload");
        upload.setMaxFiles(1);
        upload.setMaxFileSize((int) Math.min(Integer.MAX_VALUE, uploadHandler.maxBytes()));
        upload.setAcceptedFileTypes(".zip", ".jsonl", ".json", "application/zip", "application/json");
        upload.setDropLabel(new Span("Drop a dataset file here (.zip, .jsonl or .json)"));
        upload.addFileRejectedListener(e -> refuse(e.getFileName(), DatasetUpload.typeProblem(e.getFileName())
                .orElse("the file is larger than the upload limit of " + DatasetUpload.size(uploadHandler.maxBytes()))));

        Paragraph hint = new Paragraph("A .zip of the native folder (manifest.jsonl and images), or of POPE question "
                + "files (*.jsonl) with their images and COCO instances*.json ground truth. A POPE .jsonl or a COCO .json "
                + "uploaded alone has no images beside it, so the importer refuses it: zip it with its images. At most "
                + DatasetUpload.size(uploadHandler.maxBytes()) + "; the import is all or nothing.");
        hint.getStyle().set("color", "var(--lumo-secondary-text-color)").set("font-size", "var(--lumo-font-size-s)")
                .set("margin", "0");

        progress.setId("import-progress");
        progress.setWidth("24em");
        progress.setVisible(false);
        importStatus.setId("import-status");
        importResult.setId("import-result");
        importResult.getStyle().set("white-space", "pre-wrap").set("margin", "0");

        importErrors.setId("import-errors");
        importErrors.addColumn(ImportError::file).setHeader("File").setAutoWidth(true).setFlexGrow(0).setResizable(true);
        importErrors.addColumn(e -> e.line() > 0 ? Integer.toString(e.line()) : "").setHeader("Line").setAutoWidth(true)
                .setFlexGrow(0).setTextAlign(ColumnTextAlign.END);
        importErrors.addColumn(e -> e.field() == null ? "" : e.field()).setHeader("Field").setAutoWidth(true).setFlexGrow(0);
        importErrors.addColumn(ImportError::message).setHeader("Reason").setFlexGrow(1);
        importErrors.setTooltipGenerator(ImportError::message);
        importErrors.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        importErrors.setAllRowsVisible(true);
        importErrors.setVisible(false);

        HorizontalLayout row = new HorizontalLayout(nameOverride, upload);
        row.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.START);
        row.setWidthFull();
        HorizontalLayout status = new HorizontalLayout(progress, importStatus);
        status.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        VerticalLayout section = new VerticalLayout(new H3("Import"), hint, row, status, importResult, importErrors);
        section.setPadding(false);
        section.setId("import-section");
        return section;
    }

    /** Upload outcomes arrive on the upload request thread and are handed to the UI. */
    private final class UploadListener implements DatasetUpload.Listener {
        @Override
        public void staged(UI ui, DatasetUpload.Staged upload) {
            try {
                ui.access(() -> startImport(upload));
            } catch (UIDetachedException e) {
                upload.delete();
            }
        }

        @Override
        public void refused(UI ui, String fileName, String reason) {
            try {
                ui.access(() -> refuse(fileName, reason));
            } catch (UIDetachedException ignored) {
                // the user has left; nothing was kept
            }
        }
    }

    private void refuse(String fileName, String reason) {
        upload.clearFileList();
        importErrors.setVisible(false);
        importStatus.setText("");
        setResult("Upload of '" + fileName + "' refused: " + reason, true);
        error(reason);
    }

    private void startImport(DatasetUpload.Staged staged) {
        if (importing) {
            staged.delete();
            error("An import is already running here; wait for it to finish.");
            return;
        }
        if (!DatasetNameField.check(nameOverride, false)) {
            staged.delete();
            refuse(staged.originalName(), nameOverride.getErrorMessage());
            return;
        }
        Optional<String> name = Optional.of(nameOverride.getValue().strip()).filter(n -> !n.isEmpty());
        UI ui = UI.getCurrent();
        importing = true;
        upload.setEnabled(false);
        nameOverride.setEnabled(false);
        importErrors.setVisible(false);
        importErrors.setItems(List.of());
        setResult("", false);
        progress.setVisible(true);
        progress.setIndeterminate(true);
        importStatus.setText("Importing '" + staged.originalName() + "' (" + DatasetUpload.size(staged.bytes())
                + "): waiting to start");
        ui.setPollInterval(POLL_MS);

        ProgressRelay relay = new ProgressRelay(ui, staged.originalName());
        imports.start(staged, name, actor, relay).whenComplete((summary, failure) -> {
            try {
                ui.access(() -> finishImport(staged.originalName(), summary, failure));
            } catch (UIDetachedException ignored) {
                // the user has left; the import's outcome is in the audit log and the dataset list
            }
        });
    }

    /**
     * Keeps the latest progress report and has the UI show it; at most one update waits at a time,
     * so thousands of reports cost as many UI updates as the poll interval allows.
     */
    private final class ProgressRelay implements ImportProgress {
        private record Report(Phase phase, int done, int total) {}

        private final UI ui;
        private final String fileName;
        private final AtomicReference<Report> latest = new AtomicReference<>();
        private final AtomicBoolean queued = new AtomicBoolean();

        ProgressRelay(UI ui, String fileName) {
            this.ui = ui;
            this.fileName = fileName;
        }

        @Override
        public void update(Phase phase, int done, int total) {
            latest.set(new Report(phase, done, total));
            if (queued.compareAndSet(false, true)) {
                try {
                    ui.access(this::show);
                } catch (UIDetachedException e) {
                    queued.set(false);
                }
            }
        }

        private void show() {
            queued.set(false);
            Report r = latest.get();
            if (r == null || !importing) {
                return;
            }
            boolean counted = r.total() > 1;
            progress.setIndeterminate(!counted);
            if (counted) {
                progress.setValue(Math.min(1.0, (double) r.done() / r.total()));
            }
            importStatus.setText("Importing '" + fileName + "': " + r.phase().label()
                    + (counted ? " " + r.done() + " / " + r.total() : ""));
        }
    }

    private void finishImport(String fileName, ImportSummary summary, Throwable failure) {
        importing = false;
        if (isAttached()) {
            UI.getCurrent().setPollInterval(-1);
        }
        progress.setVisible(false);
        upload.setEnabled(true);
        upload.clearFileList();
        nameOverride.setEnabled(true);
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause == null) {
            importStatus.setText("");
            setResult(String.format("Imported '%s' from '%s' (%s): %d items, %d responses, %d images new, %d reused, "
                            + "%d with ground truth.%nContent digest %s",
                    summary.dataset(), fileName, summary.sourceFormat(), summary.items(), summary.responses(),
                    summary.imagesNew(), summary.imagesReused(), summary.imagesWithGroundTruth(), summary.digest()), false);
            Notification.show("Imported dataset '" + summary.dataset() + "'", 4000, Notification.Position.BOTTOM_START)
                    .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
            nameOverride.clear();
            refreshDatasets();
            select(summary.dataset());
        } else if (cause instanceof ImportException refused) {
            importStatus.setText("");
            List<ImportError> errors = refused.errors();
            setResult("Import of '" + fileName + "' refused; nothing was stored. " + errors.size()
                    + (errors.size() == 1 ? " problem:" : " problems:"), true);
            importErrors.setItems(errors);
            importErrors.setVisible(true);
            error("Import refused: " + errors.size() + (errors.size() == 1 ? " problem" : " problems") + " found");
        } else {
            LOG.warn("import of {} failed", fileName, cause);
            importStatus.setText("");
            setResult("Import of '" + fileName + "' failed; nothing was stored: " + cause.getMessage(), true);
            error("Import failed: " + cause.getMessage());
        }
    }

    private void setResult(String text, boolean isError) {
        importResult.setText(text);
        importResult.getStyle().set("color", isError ? "var(--lumo-error-text-color)" : "var(--lumo-body-text-color)");
    }

    // ---- dataset list -------------------------------------------------------------------------

    private Component datasetGrid() {
        datasetGrid.setId("dataset-grid");
        datasetGrid.addColumn(DatasetRow::name).setHeader("Name").setFlexGrow(1).setSortable(true)
                .setComparator(DatasetRow::name);
        datasetGrid.addColumn(DatasetRow::sourceFormat).setHeader("Format").setAutoWidth(true).setFlexGrow(0);
        datasetGrid.addColumn(DatasetRow::items).setHeader("Items").setAutoWidth(true).setFlexGrow(0)
                .setTextAlign(ColumnTextAlign.END);
        datasetGrid.addColumn(DatasetRow::responses).setHeader("Responses").setAutoWidth(true).setFlexGrow(0)
                .setTextAlign(ColumnTextAlign.END);
        datasetGrid.addColumn(DatasetRow::images).setHeader("Images").setAutoWidth(true).setFlexGrow(0)
                .setTextAlign(ColumnTextAlign.END);
        datasetGrid.addColumn(DatasetRow::comparisons).setHeader("Comparisons").setAutoWidth(true).setFlexGrow(0)
                .setTextAlign(ColumnTextAlign.END);
        datasetGrid.addColumn(r -> UTC.format(r.createdAt().truncatedTo(ChronoUnit.SECONDS))).setHeader("Created (UTC)")
                .setAutoWidth(true).setFlexGrow(0).setSortable(true).setComparator(DatasetRow::createdAt);
        datasetGrid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        datasetGrid.setAllRowsVisible(true);
        datasetGrid.setEmptyStateText("No datasets yet: import one above.");
        datasetGrid.asSingleSelect().addValueChangeListener(e -> {
            if (e.getValue() != null && !e.getValue().name().equals(selected)) {
                show(e.getValue());
            } else if (e.getValue() == null && e.isFromClient()) {
                hideDetail();
            }
        });
        return datasetGrid;
    }

    private void refreshDatasets() {
        Map<String, Long> comparisonsOf = new HashMap<>();
        comparisonCounts.countByDatasetNames().forEach(row -> comparisonsOf.put((String) row[0], ((Number) row[1]).longValue()));
        List<DatasetRow> rows = catalog.list().stream()
                .map(e -> new DatasetRow(e.name(), e.sourceFormat(), e.items(), e.responses(), e.images(),
                        comparisonsOf.getOrDefault(e.name(), 0L), e.createdAt()))
                .sorted(Comparator.comparing(DatasetRow::createdAt).reversed()).toList();
        datasetGrid.setItems(rows);
        if (selected != null) {
            rows.stream().filter(r -> r.name().equals(selected)).findFirst()
                    .ifPresentOrElse(datasetGrid::select, this::hideDetail);
        }
    }

    private void select(String name) {
        selected = null;
        datasetGrid.getListDataView().getItems().filter(r -> r.name().equals(name)).findFirst().ifPresent(datasetGrid::select);
    }

    // ---- selected dataset ---------------------------------------------------------------------

    private Component detailSection() {
        detail.setId("dataset-detail");
        detail.setPadding(false);
        detail.setVisible(false);
        selectedTitle.setId("selected-dataset");

        exportNative.setId("export-native");
        exportNative.setText("Export native (.zip)");
        exportTrl.setId("export-trl");
        exportTrl.setText("Export TRL (.zip)");
        for (Anchor a : List.of(exportNative, exportTrl)) {
            a.setDownload(true);
            a.setRouterIgnore(true);
        }
        allowCritic.setId("export-allow-critic");
        allowCritic.addValueChangeListener(e -> updateExportLinks());
        HorizontalLayout exports = new HorizontalLayout(exportNative, exportTrl, allowCritic);
        exports.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);

        pairing.setId("pairing-mode");
        pairing.setLabel("Pairing");
        pairing.setItems(PairingMode.values());
        pairing.setItemLabelGenerator(m -> switch (m) {
            case ALL_PAIRS -> "All pairs of responses";
            case FIRST_VS_REST -> "First response against each other";
        });
        pairing.setValue(PairingMode.FIRST_VS_REST);
        comparisonSeed.setId("comparison-seed");
        comparisonSeed.setValue(1);
        comparisonSeed.setWidth("8em");
        Button createComparisons = new Button("Create comparisons", e -> createComparisons());
        createComparisons.setId("create-comparisons");
        createComparisons.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        comparisonsResult.setId("comparisons-result");
        HorizontalLayout comparisonRow = new HorizontalLayout(pairing, comparisonSeed, createComparisons, comparisonsResult);
        comparisonRow.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);

        overlap.setId("overlap-k");
        overlap.setMin(1);
        overlap.setValue(2);
        overlap.setStepButtonsVisible(true);
        overlap.setWidth("8em");
        overlap.setHelperText("annotators per comparison");
        annotatorPicker.setId("assign-annotators");
        annotatorPicker.setItemLabelGenerator(Annotator::getDisplayName);
        annotatorPicker.setWidth("24em");
        annotatorPicker.setHelperText("people with the annotator role who have signed in once");
        assignmentSeed.setId("assignment-seed");
        assignmentSeed.setValue(1);
        assignmentSeed.setWidth("8em");
        Button assign = new Button("Assign", e -> createAssignments());
        assign.setId("create-assignments");
        assign.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        assignmentsResult.setId("assignments-result");
        HorizontalLayout assignmentRow = new HorizontalLayout(overlap, annotatorPicker, assignmentSeed, assign, assignmentsResult);
        assignmentRow.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        assignmentRow.setWrap(true);

        itemGrid.setId("item-grid");
        itemGrid.addComponentColumn(DatasetsView::thumbnail).setHeader("Image").setWidth("72px").setFlexGrow(0);
        itemGrid.addColumn(ItemRow::externalId).setHeader("External id").setAutoWidth(true).setFlexGrow(0).setResizable(true);
        itemGrid.addColumn(r -> r.taskType().name()).setHeader("Task").setAutoWidth(true).setFlexGrow(0);
        itemGrid.addColumn(ItemRow::prompt).setHeader("Prompt").setFlexGrow(1);
        itemGrid.addColumn(ItemRow::responses).setHeader("Responses").setAutoWidth(true).setFlexGrow(0)
                .setTextAlign(ColumnTextAlign.END);
        itemGrid.setTooltipGenerator(ItemRow::prompt);
        itemGrid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES);
        itemGrid.setHeight("32em");
        itemGrid.setPageSize(50);

        detail.add(selectedTitle, exports, adminPanel, new H4("Comparisons"), comparisonRow, new H4("Assignments"), assignmentRow,
                new H4("Items"), itemGrid);
        return detail;
    }

    private static Image thumbnail(ItemRow row) {
        Image image = new Image("/images/" + row.imageSha256(), "image of item " + row.externalId());
        image.setWidth("48px");
        image.setHeight("48px");
        image.getStyle().set("image-rendering", "pixelated").set("object-fit", "contain").set("display", "block");
        return image;
    }

    private void show(DatasetRow row) {
        selected = row.name();
        detail.setVisible(true);
        selectedTitle.setText(row.name());
        adminPanel.reset();
        updateExportLinks();
        comparisonsResult.setText("");
        assignmentsResult.setText("");
        annotatorPicker.setItems(annotatorsWithRole());
        String name = row.name();
        long items = row.items();
        itemGrid.setItemsPageable(page -> catalog.items(name, page.getPageNumber(), page.getPageSize()), page -> items);
    }

    private void hideDetail() {
        selected = null;
        detail.setVisible(false);
    }

    private List<Annotator> annotatorsWithRole() {
        return annotators.findAll().stream()
                .filter(a -> Arrays.stream(a.getRoles().split(",")).map(String::strip).anyMatch(Roles.ANNOTATOR::equals))
                .sorted(Comparator.comparing(Annotator::getDisplayName, String.CASE_INSENSITIVE_ORDER)).toList();
    }

    private void updateExportLinks() {
        if (selected == null) {
            return;
        }
        exportNative.setHref(DatasetExportEndpoint.link(selected, "native", false));
        exportTrl.setHref(DatasetExportEndpoint.link(selected, "trl", allowCritic.getValue()));
    }

    private void createComparisons() {
        if (selected == null) {
            return;
        }
        PairingMode mode = pairing.getValue();
        Integer seed = comparisonSeed.getValue();
        if (mode == null || seed == null) {
            inlineError(comparisonsResult, "Choose a pairing and a whole-number seed.");
            return;
        }
        String dataset = selected;
        try {
            int created = comparisons.createForDataset(dataset, mode, seed, actor);
            inlineOk(comparisonsResult, created + (created == 1 ? " comparison" : " comparisons") + " created"
                    + (created == 0 ? " (every pair already exists)" : ""));
            refreshDatasets();
        } catch (IllegalArgumentException | DatasetNotFoundException e) {
            inlineError(comparisonsResult, e.getMessage());
        }
    }

    private void createAssignments() {
        if (selected == null) {
            return;
        }
        Integer k = overlap.getValue();
        Integer seed = assignmentSeed.getValue();
        if (k == null || seed == null) {
            inlineError(assignmentsResult, "Give the overlap k and a whole-number seed.");
            return;
        }
        List<String> subjects = annotatorPicker.getSelectedItems().stream()
                .sorted(Comparator.comparing(Annotator::getDisplayName, String.CASE_INSENSITIVE_ORDER))
                .map(Annotator::getSubject).toList();
        try {
            AssignmentService.Report report = assignments.assign(selected, subjects, k, seed, actor);
            inlineOk(assignmentsResult, report.created() + (report.created() == 1 ? " assignment" : " assignments")
                    + " created over " + report.comparisons() + " comparisons (overlap " + report.overlapK() + ", "
                    + report.annotators() + " annotators)");
        } catch (IllegalArgumentException | DatasetNotFoundException e) {
            inlineError(assignmentsResult, e.getMessage());
        }
    }

    static void inlineOk(Span target, String text) {
        target.setText(text);
        target.getElement().setAttribute("data-state", "ok");
        target.getStyle().set("color", "var(--lumo-success-text-color)");
    }

    static void inlineError(Span target, String text) {
        target.setText(text);
        target.getElement().setAttribute("data-state", "error");
        target.getStyle().set("color", "var(--lumo-error-text-color)");
        error(text);
    }

    private static void error(String message) {
        Notification n = Notification.show(message, 8000, Notification.Position.MIDDLE);
        n.addThemeVariants(NotificationVariant.LUMO_ERROR);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        if (importing) {
            event.getUI().setPollInterval(POLL_MS);
        }
    }

    @Override
    protected void onDetach(DetachEvent event) {
        event.getUI().setPollInterval(-1);
    }
}
