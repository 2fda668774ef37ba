package dev.groundwork.web.critic;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.groundwork.annotation.criticjob.CriticJobs;
import dev.groundwork.annotation.event.CriticRequested;
import dev.groundwork.storage.dataset.DatasetCatalog;
import dev.groundwork.storage.dataset.DatasetNotFoundException;
import dev.groundwork.web.layout.MainLayout;
import dev.groundwork.web.layout.Polling;
import dev.groundwork.web.security.CurrentUser;
import dev.groundwork.web.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Critic jobs (admin): start one over a dataset, follow its progress (the critic service judges it; this view polls
 * the database every two seconds), cancel it, and read its summary: judged, dead-lettered by reason, skipped, the
 * critic's position consistency and the tokens it spent. The web application only writes the job and its requests
 * (outbox → Kafka); it never runs a critic itself.
 */
@Route(value = "critic", layout = MainLayout.class)
@PageTitle("Critic jobs · Groundwork")
@RolesAllowed({Roles.ADMIN})
public class CriticJobsView extends VerticalLayout {

    private final CriticJobs jobs;
    private final ComboBox<String> dataset = new ComboBox<>("Dataset");
    private final ComboBox<String> critic = new ComboBox<>("Critic");
    private final TextField checkpoint = new TextField("Reward-model checkpoint (directory on the critic host)");
    private final Grid<CriticJobs.Progress> grid = new Grid<>();

    public CriticJobsView(CriticJobs jobs, DatasetCatalog catalog) {
        this.jobs = jobs;
        setId("critic-jobs");
        Polling.every(this, 2000, this::refresh);
        setSizeFull();

        dataset.setId("critic-dataset");
        java.util.List<String> names = catalog.list().stream().map(DatasetCatalog.Entry::name).toList();
        dataset.setItems(names);
        if (!names.isEmpty()) {
            dataset.setValue(names.get(0));
        }
        critic.setId("critic-kind");
        critic.setItems(CriticRequested.CRITICS);
        critic.setValue("claims");
        checkpoint.setId("critic-checkpoint");
        checkpoint.setWidth("28em");
        checkpoint.setVisible(false);
        critic.addValueChangeListener(e -> checkpoint.setVisible("reward-model".equals(e.getValue())));
        Button start = new Button("Start critic job", e -> start());
        start.setId("critic-start");
        start.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout form = new HorizontalLayout(dataset, critic, checkpoint, start);
        form.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);

        grid.setId("critic-job-grid");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(p -> p.job().createdAt().toString().substring(0, 19).replace('T', ' ')).setHeader("Started (UTC)")
                .setAutoWidth(true);
        grid.addColumn(p -> p.job().dataset()).setHeader("Dataset").setAutoWidth(true);
        grid.addColumn(p -> p.job().critic()).setHeader("Critic").setAutoWidth(true);
        grid.addColumn(p -> p.job().status().name()).setHeader("Status").setAutoWidth(true);
        grid.addColumn(p -> p.decided() + " / " + p.job().requested()).setHeader("Decided").setAutoWidth(true);
        grid.addColumn(CriticJobs.Progress::judged).setHeader("Judged").setAutoWidth(true);
        grid.addColumn(p -> p.deadLettered() == 0 ? "0" : p.deadLettered() + " (" + p.reasons().entrySet().stream()
                .map(r -> r.getKey() + " " + r.getValue()).collect(Collectors.joining(", ")) + ")")
                .setHeader("Dead-lettered").setAutoWidth(true);
        grid.addColumn(CriticJobs.Progress::skipped).setHeader("Skipped").setAutoWidth(true);
        grid.addColumn(p -> p.judged() == 0 ? "–" : String.format(Locale.ROOT, "%.3f", p.consistencyRate()))
                .setHeader("Position consistency").setAutoWidth(true);
        grid.addColumn(p -> Long.toString(p.promptTokens() + p.completionTokens())).setHeader("Tokens").setAutoWidth(true);
        grid.addComponentColumn(p -> {
            Button cancel = new Button("Cancel", e -> {
                jobs.cancel(p.job().key(), CurrentUser.require().username());
                refresh();
            });
            cancel.setId("critic-cancel-" + p.job().key());
            cancel.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_SMALL);
            cancel.setVisible(p.job().status() == CriticJobs.Status.RUNNING);
            return cancel;
        }).setHeader("").setAutoWidth(true);
        grid.setItemDetailsRenderer(new com.vaadin.flow.data.renderer.ComponentRenderer<>(p ->
                new Paragraph("job " + p.job().key() + " by " + p.job().createdBy()
                        + (p.job().settings() == null ? "" : ", settings " + p.job().settings()))));
        grid.setSizeFull();

        add(new H2("Critic jobs"), new Paragraph("The critic service (./gw critic serve, started by ./gw up) judges every "
                + "comparison of the dataset in both answer orders; its judgments go the way people's do."), form, grid);
        refresh();
    }

    private void start() {
        if (dataset.isEmpty() || critic.isEmpty()) {
            Notification.show("Choose a dataset and a critic").addThemeVariants(NotificationVariant.LUMO_ERROR);
            return;
        }
        String settings = null;
        if ("reward-model".equals(critic.getValue())) {
            if (checkpoint.isEmpty()) {
                Notification.show("The reward-model critic needs its checkpoint directory")
                        .addThemeVariants(NotificationVariant.LUMO_ERROR);
                return;
            }
            ObjectNode s = new ObjectMapper().createObjectNode();
            s.put("checkpoint", checkpoint.getValue().strip());
            settings = s.toString();
        }
        try {
            CriticJobs.Job job = jobs.create(dataset.getValue(), critic.getValue(), settings, CurrentUser.require().username());
            Notification.show("Critic job started: " + job.requested() + " comparisons")
                    .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
        } catch (DatasetNotFoundException | IllegalArgumentException e) {
            Notification.show(e.getMessage()).addThemeVariants(NotificationVariant.LUMO_ERROR);
        }
        refresh();
    }

    private void refresh() {
        grid.setItems(jobs.recent(50));
    }


}
