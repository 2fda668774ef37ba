package dev.groundwork.web.audit;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.groundwork.storage.audit.AuditLog;
import dev.groundwork.storage.audit.AuditLogRepository;
import dev.groundwork.web.layout.MainLayout;
import dev.groundwork.web.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;

/**
 * Who did what, newest first, read page by page from the audit log and filtered as
 * {@link AuditFilter} describes. Every value is shown as text.
 */
@Route(value = "audit", layout = MainLayout.class)
@PageTitle("Audit-log · Groundwork")
@RolesAllowed({Roles.ADMIN})
public class AuditLogView extends VerticalLayout {

    private static final DateTimeFormatter UTC = DateTimeFormatter.ISO_INSTANT;

    private final AuditLogRepository log;
    private final TextField actor = new TextField("Actor");
    private final ComboBox<String> action = new ComboBox<>("Action");
    private final TextField target = new TextField("Target");
    private final DatePicker from = new DatePicker("From (UTC)");
    private final DatePicker to = new DatePicker("To (UTC)");
    private final Grid<AuditLog> grid = new Grid<>();

    public AuditLogView(AuditLogRepository log) {
        this.log = log;
        setId("audit");
        setSizeFull();

        actor.setId("audit-actor");
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
        HorizontalLayout filters = new HorizontalLayout(actor, action, target, from, to, refresh);
        filters.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        filters.setWrap(true);

        grid.setId("audit-grid");
        grid.addColumn(a -> UTC.format(a.getOccurredAt().truncatedTo(ChronoUnit.MILLIS))).setHeader("Time (UTC)")
                .setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(AuditLog::getActor).setHeader("Actor").setAutoWidth(true).setFlexGrow(0).setResizable(true);
        grid.addColumn(AuditLog::getAction).setHeader("Action").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(a -> a.getTarget() == null ? "" : a.getTarget()).setHeader("Target").setAutoWidth(true)
                .setFlexGrow(0).setResizable(true);
        grid.addColumn(a -> a.getDetail() == null ? "" : a.getDetail()).setHeader("Detail").setFlexGrow(1);
        grid.setTooltipGenerator(a -> a.getDetail() == null ? "" : a.getDetail());
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        grid.setEmptyStateText("No audit entries match.");
        grid.setItemsPageable(this::fetch, this::count);
        grid.setSizeFull();

        add(new H2("Audit-log"), filters, grid);
        expand(grid);
    }

    private AuditFilter filter() {
        return AuditFilter.of(actor.getValue(), action.getValue(), target.getValue(), from.getValue(), to.getValue());
    }

    private List<AuditLog> fetch(Pageable page) {
        AuditFilter f = filter();
        return log.search(f.actorLike(), f.actionLike(), f.targetLike(), f.from(), f.to(),
                PageRequest.of(page.getPageNumber(), page.getPageSize())).getContent();
    }

    private long count(Pageable ignored) {
        AuditFilter f = filter();
        return log.search(f.actorLike(), f.actionLike(), f.targetLike(), f.from(), f.to(), PageRequest.of(0, 1))
                .getTotalElements();
    }

    private void refresh() {
        grid.getDataProvider().refreshAll();
    }
}
