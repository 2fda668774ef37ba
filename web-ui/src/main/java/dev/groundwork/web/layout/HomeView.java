package dev.groundwork.web.layout;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.groundwork.web.annotate.AnnotateView;
import dev.groundwork.web.datasets.DatasetsView;
import dev.groundwork.web.review.ReviewView;
import dev.groundwork.web.security.CurrentUser;
import dev.groundwork.web.security.Roles;
import jakarta.annotation.security.PermitAll;

/** The landing page: sends each user to the view of their main role. */
@Route(value = "", layout = MainLayout.class)
@PageTitle("Groundwork")
@PermitAll
public class HomeView extends VerticalLayout implements BeforeEnterObserver {

    public HomeView() {
        add(new H2("Groundwork"), new Paragraph("Your account has none of the workbench roles (annotator, reviewer, admin). "
                + "Ask an administrator to grant one in Keycloak."));
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        CurrentUser user = CurrentUser.require();
        if (user.has(Roles.ANNOTATOR)) {
            event.forwardTo(AnnotateView.class);
        } else if (user.has(Roles.REVIEWER)) {
            event.forwardTo(ReviewView.class);
        } else if (user.has(Roles.ADMIN)) {
            event.forwardTo(DatasetsView.class);
        }
    }
}
