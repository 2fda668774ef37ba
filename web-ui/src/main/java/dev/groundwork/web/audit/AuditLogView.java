package dev.groundwork.web.audit;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.groundwork.web.layout.MainLayout;
import dev.groundwork.web.security.Roles;
import jakarta.annotation.security.RolesAllowed;

@Route(value = "audit", layout = MainLayout.class)
@PageTitle("Audit-log · Groundwork")
@RolesAllowed({Roles.ADMIN})
public class AuditLogView extends VerticalLayout {
    public AuditLogView() {
        setId("audit");
        add(new H2("Audit-log"));
    }
}
