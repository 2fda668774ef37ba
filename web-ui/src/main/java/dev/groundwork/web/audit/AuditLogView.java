package dev.groundwork.web.audit;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadEvent;
import com.vaadin.flow.server.streams.DownloadHandler;
import dev.groundwork.storage.audit.AuditLog;
import dev.groundwork.storage.audit.AuditLogRepository;
import dev.groundwork.storage.audit.AuditTrail;
import dev.groundwork.storage.judgment.AnnotatorRepository;
import dev.groundwork.web.layout.MainLayout;
import dev.groundwork.web.layout.Polling;
import dev.groundwork.web.security.CurrentUser;
import dev.groundwork.web.security.PersonNames;
import dev.groundwork.web.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;

/**
 * Who did what, newest first, read page by page from the audit log and filtered as
 * {@link AuditFilter} describes. People are shown by display name and user name ({@link PersonNames});
 * the actor filter finds them by either. The view refreshes itself every {@link #POLL_MS} ms while
 * open, and exports what the filters match as CSV ({@link AuditCsv}; the export is audited too).
 * Every value is shown as text.
 */
@Route(value = "audit", layout = MainLayout.class)
@PageTitle("Audit-log · Groundwork")
@RolesAllowed({Roles.ADMIN})
public class AuditLogView extends VerticalLayout {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ISO_INSTANT;
    static final int POLL_MS = 5000;
    private static final int EXPORT_PAGE = 1000;

    private final AuditLogRepository log;
    private final AuditTrail trail;
    private final Clock clock;
    private final AnnotatorRepository annotators;
    private final PersonNames names;
    private final String admin = CurrentUser.require().username();
    private volatile AuditFilter current = AuditFilter.of(null, null, null, null, null);
    private final TextField actor = new TextField("Actor");
    private final ComboBox<String> action = new ComboBox<>("Action");
    private final TextField target = new TextField("Target");
    private final DatePicker from = new DatePicker("From (UTC)");
    private final DatePicker to = new DatePicker("To (UTC)");
    private final Grid<AuditLog> grid = new Grid<>();

    public AuditLogView(AuditLogRepository log, AuditTrail trail, AnnotatorRepository annotators, Clock clock) {
        this.log = log;
        this.trail = trail;
        this.clock = clock;
        Polling.every(this, POLL_MS, this::refresh);
        this.annotators = annotators;
        this.names = new PersonNames(annotators);
        setId("audit");
        setSizeFull();

        actor.setId("audit-actor");
        actor.setHelperText("User name, display name or Keycloak subject");
        target.setId("audit-target");
        for (TextField f : new TextField[] {actor, target}) {
            f.setClearButtonVisible(true);
            f.setValueChangeMode(ValueChangeMode.LAZY);
            f.addValueChangeListener(e -> refresh());
        }
        action.setId("audit-action");
        action.setClearButtonVisible(true);
        action.setItems(log.findActions());
        action.addValueChangeListener(e -> refresh());
        from.setId("audit-from");
        to.setId("audit-to");
        from.setClearButtonVisible(true);
        to.setClearButtonVisible(true);
        from.addValueChangeListener(e -> {
            to.setMin(e.getValue());
            refresh();
        });
        to.addValueChangeListener(e -> {
            from.setMax(e.getValue());
            refresh();
        });
        Button refresh = new Button("Refresh", e -> {
            String chosen = action.getValue();
            action.setItems(log.findActions());
            action.setValue(chosen);
            refresh();
        });
        refresh.setId("audit-refresh");
        Anchor export = new Anchor((DownloadHandler) this::exportCsv, "Export CSV");
        export.setId("audit-export");
        export.getElement().setAttribute("download", true);
        HorizontalLayout filters = new HorizontalLayout(actor, action, target, from, to, refresh, export);
        filters.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        filters.setWrap(true);

        grid.setId("audit-grid");
        grid.addColumn(a -> UTC.format(a.getOccurredAt().truncatedTo(ChronoUnit.MILLIS))).setHeader("Time (UTC)")
                .setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(a -> names.of(a.getActor())).setHeader("Actor").setAutoWidth(true).setFlexGrow(0).setResizable(true);
        grid.addColumn(AuditLog::getAction).setHeader("Action").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(a -> a.getTarget() == null ? "" : a.getTarget()).setHeader("Target").setAutoWidth(true)
                .setFlexGrow(0).setResizable(true);
        grid.addColumn(a -> a.getDetail() == null ? "" : a.getDetail()).setHeader("Detail").setFlexGrow(1);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        grid.setEmptyStateText("No audit entries match.");
        grid.setTooltipGenerator(a -> a.getActor() + (a.getDetail() == null ? "" : ": " + a.getDetail()));
        grid.setItemsPageable(this::fetch); // no count: the grid grows as it scrolls
        grid.setSizeFull();

        add(new H2("Audit-log"), filters, grid);
        expand(grid);
    }

    private AuditFilter filter() {
        return AuditFilter.of(actor.getValue(), action.getValue(), target.getValue(), from.getValue(), to.getValue());
    }

    private Slice<AuditLog> search(AuditFilter f, Pageable page) {
        return log.search(f.actorLike(), f.actionLike(), f.targetLike(), f.from(), f.to(), page);
    }

    private List<AuditLog> fetch(Pageable page) {
        return search(filter(), PageRequest.of(page.getPageNumber(), page.getPageSize())).getContent();
    }

    private void refresh() {
        current = filter();
        grid.getDataProvider().refreshAll();
    }

    /**
     * Streams every entry the filters match, up to the moment of the click (so that entries written
     * meanwhile do not shift the pages), newest first, a page at a time. The download runs outside
     * the session lock: it reads the filters as last set ({@link #current}) and names people with its own lookup.
     */
    private void exportCsv(DownloadEvent event) throws IOException {
        Instant now = clock.instant();
        AuditFilter f = current.until(now.plusMillis(1));
        event.setFileName("audit-log-" + UTC.format(now.truncatedTo(ChronoUnit.SECONDS)).replace(':', '-')
                + ".csv");
        event.setContentType("text/csv; charset=UTF-8");
        long rows = 0;
        Writer writer = new OutputStreamWriter(event.getOutputStream(), StandardCharsets.UTF_8);
        AuditCsv csv = new AuditCsv(writer, new PersonNames(annotators)::of);
        csv.header();
        Slice<AuditLog> page = search(f, PageRequest.of(0, EXPORT_PAGE));
        while (true) {
            for (AuditLog a : page.getContent()) {
                csv.entry(a);
                rows++;
            }
            if (!page.hasNext()) {
                break;
            }
            page = search(f, page.nextPageable());
        }
        writer.flush();
        trail.record(admin, "audit.export", null, rows + " entries as CSV");
    }


}
