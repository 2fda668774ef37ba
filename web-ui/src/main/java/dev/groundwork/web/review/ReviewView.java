package dev.groundwork.web.review;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.groundwork.web.layout.MainLayout;
import dev.groundwork.web.security.Roles;
import jakarta.annotation.security.RolesAllowed;

@Route(value = "review", layout = MainLayout.class)
@PageTitle("Review · Groundwork")
@RolesAllowed({Roles.REVIEWER, Roles.ADMIN})
public class ReviewView extends VerticalLayout {
    public ReviewView() {
        setId("review");
        add(new H2("Review"));
    }
}
