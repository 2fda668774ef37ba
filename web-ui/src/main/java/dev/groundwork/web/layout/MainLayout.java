package dev.groundwork.web.layout;

import com.vaadin.flow.component.applayout.AppLayout;
import com.vaadin.flow.component.applayout.DrawerToggle;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.H1;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import com.vaadin.flow.server.VaadinSession;
import com.vaadin.flow.spring.security.AuthenticationContext;
import dev.groundwork.annotation.assignment.AssignmentService;
import dev.groundwork.web.annotate.AnnotateView;
import dev.groundwork.web.audit.AuditLogView;
import dev.groundwork.web.critic.CriticJobsView;
import dev.groundwork.web.deadletter.DeadLettersView;
import dev.groundwork.web.jobs.JobsView;
import dev.groundwork.web.datasets.DatasetsView;
import dev.groundwork.web.reports.ReportsView;
import dev.groundwork.web.review.ReviewView;
import dev.groundwork.web.security.CurrentUser;
import dev.groundwork.web.security.Roles;
import dev.groundwork.web.training.TrainingView;

/** The frame of every view: the navigation the user's roles allow, who is signed in, and logout. */
public class MainLayout extends AppLayout {

    private static final String REGISTERED = MainLayout.class.getName() + ".registered";

    public MainLayout(AuthenticationContext authentication, AssignmentService assignments) {
        CurrentUser user = CurrentUser.require();
        registerOncePerSession(user, assignments);

        H1 title = new H1("Groundwork");
        title.getStyle().set("font-size", "var(--lumo-font-size-l)").set("margin", "0");
        Span who = new Span(user.displayName() + " (" + String.join(", ", user.roles()) + ")");
        who.setId("current-user");
        Button logout = new Button("Log out", e -> authentication.logout());
        logout.setId("logout");
        logout.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        HorizontalLayout header = new HorizontalLayout(new DrawerToggle(), title, who, logout);
        header.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        header.setWidthFull();
        header.expand(who);
        who.getStyle().set("text-align", "right");
        header.getStyle().set("padding", "0 var(--lumo-space-m)");
        addToNavbar(header);

        SideNav nav = new SideNav();
        if (user.has(Roles.ANNOTATOR)) {
            nav.addItem(new SideNavItem("Annotate", AnnotateView.class));
        }
        if (user.has(Roles.REVIEWER) || user.has(Roles.ADMIN)) {
            nav.addItem(new SideNavItem("Review", ReviewView.class));
            nav.addItem(new SideNavItem("Reports", ReportsView.class));
            nav.addItem(new SideNavItem("Training", TrainingView.class));
        }
        if (user.has(Roles.ADMIN)) {
            nav.addItem(new SideNavItem("Datasets", DatasetsView.class));
            nav.addItem(new SideNavItem("Critic jobs", CriticJobsView.class));
            nav.addItem(new SideNavItem("Jobs", JobsView.class));
            nav.addItem(new SideNavItem("Dead letters", DeadLettersView.class));
            nav.addItem(new SideNavItem("Audit log", AuditLogView.class));
        }
        addToDrawer(nav);
        setPrimarySection(Section.DRAWER);
    }

    /** The signed-in user gets an annotator record (Keycloak subject, user name, display name, roles) once per session. */
    private static void registerOncePerSession(CurrentUser user, AssignmentService assignments) {
        VaadinSession session = VaadinSession.getCurrent();
        if (session != null && user.subject().equals(session.getAttribute(REGISTERED))) {
            return;
        }
        assignments.ensureAnnotator(user.subject(), user.username(), user.displayName(), String.join(",", user.roles()));
        if (session != null) {
            session.setAttribute(REGISTERED, user.subject());
        }
    }
}
