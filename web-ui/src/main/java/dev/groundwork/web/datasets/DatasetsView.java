package dev.groundwork.web.datasets;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.groundwork.web.layout.MainLayout;
import dev.groundwork.web.security.Roles;
import jakarta.annotation.security.RolesAllowed;

@Route(value = "datasets", layout = MainLayout.class)
@PageTitle("Datasets · Groundwork")
@RolesAllowed({Roles.ADMIN})
public class DatasetsView extends VerticalLayout {
    public DatasetsView() {
        setId("datasets");
        add(new H2("Datasets"));
    }
}
