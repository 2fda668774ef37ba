package dev.groundwork.web.jobs;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.groundwork.annotation.event.CriticRequested;
import dev.groundwork.storage.dataset.DatasetCatalog;
import dev.groundwork.web.layout.MainLayout;
import dev.groundwork.web.layout.Polling;
import dev.groundwork.web.security.CurrentUser;
import dev.groundwork.web.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Scheduled jobs (admin): define a job (critic batch or training round) with an optional cron schedule, edit it, run
 * it now, remove it, and follow every run: who started it, where it stands, what the service answered, and its
 * critic job, training run and checkpoint. Polls the database every two seconds.
 */
@Route(value = "jobs", layout = MainLayout.class)
@PageTitle("Jobs · Groundwork")
@RolesAllowed({Roles.ADMIN})
public class JobsView extends VerticalLayout {

    private final AlignmentJobs jobs;
    private final JobRuns runs;
    private final TextField name = new TextField("Name");
    private final ComboBox<JobKind> kind = new ComboBox<>("Kind");
    private final TextField cron = new TextField("Schedule");
    private final ComboBox<String> dataset = new ComboBox<>("Dataset");
    private final ComboBox<String> critic = new ComboBox<>("Critic");
    private final ComboBox<String> objective = new ComboBox<>("Objective");
    private final IntegerField minPairs = new IntegerField("At least N new pairs");
    private final Grid<AlignmentJobs.Scheduled> defined = new Grid<>();
    private final Grid<JobRuns.Run> history = new Grid<>();

    public JobsView(AlignmentJobs jobs, JobRuns runs, DatasetCatalog catalog) {
        this.jobs = jobs;
        this.runs = runs;
        setId("jobs");
        Polling.every(this, 2000, this::refresh);
        setSizeFull();

        name.setId("job-name");
        kind.setId("job-kind");
        kind.setItems(JobKind.values());
        kind.setValue(JobKind.TRAINING);
        cron.setId("job-cron");
        cron.setPlaceholder("0 0 2 * * ?");
        cron.setHelperText("Quartz cron, UTC, seconds first; empty: run now only");
        cron.setWidth("22em");
        dataset.setId("job-dataset");
        dataset.setItems(catalog.list().stream().map(DatasetCatalog.Entry::name).toList());
        critic.setId("job-critic");
        critic.setItems(CriticRequested.CRITICS);
        critic.setValue("claims");
        objective.setId("job-objective");
        objective.setItems(new TreeSet<>(JobKind.OBJECTIVES));
        objective.setValue("dpo");
        minPairs.setId("job-min-pairs");
        minPairs.setMin(1);
        minPairs.setValue(50);
        kind.addValueChangeListener(e -> showParameters());
        showParameters();
        Button save = new Button("Save job", e -> save());
        save.setId("job-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout form = new HorizontalLayout(name, kind, cron, dataset, critic, objective, minPairs, save);
        form.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        form.setWrap(true);

        defined.setId("job-grid");
        defined.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        defined.addColumn(s -> s.definition().name()).setHeader("Job").setAutoWidth(true);
        defined.addColumn(s -> s.definition().kind().name()).setHeader("Kind").setAutoWidth(true);
        defined.addColumn(s -> s.definition().parameters().toString()).setHeader("Parameters").setAutoWidth(true);
        defined.addColumn(s -> s.definition().cron().orElse("run now only")).setHeader("Schedule (UTC)").setAutoWidth(true);
        defined.addColumn(s -> s.nextFire().map(JobsView::time).orElse("–")).setHeader("Next run").setAutoWidth(true);
        defined.addColumn(s -> s.lastRun().map(r -> r.status().name()).orElse("never run")).setHeader("Last run")
                .setAutoWidth(true);
        defined.addComponentColumn(s -> {
            String job = s.definition().name();
            Button run = small("Run now", "job-run-" + job, ButtonVariant.LUMO_PRIMARY, () -> {
                jobs.runNow(job, CurrentUser.require().username());
                Notification.show("Job " + job + " started").addThemeVariants(NotificationVariant.LUMO_SUCCESS);
            });
            Button edit = small("Edit", "job-edit-" + job, ButtonVariant.LUMO_TERTIARY, () -> edit(s.definition()));
            Button remove = small("Remove", "job-remove-" + job, ButtonVariant.LUMO_ERROR,
                    () -> jobs.remove(job, CurrentUser.require().username()));
            return new HorizontalLayout(run, edit, remove);
        }).setHeader("").setAutoWidth(true);
        defined.setAllRowsVisible(true);

        history.setId("job-run-grid");
        history.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        history.addColumn(r -> time(r.startedAt())).setHeader("Started (UTC)").setAutoWidth(true);
        history.addColumn(JobRuns.Run::jobName).setHeader("Job").setAutoWidth(true);
        history.addColumn(JobRuns.Run::startedBy).setHeader("Started by").setAutoWidth(true);
        history.addColumn(r -> r.status().name()).setHeader("Status").setAutoWidth(true);
        history.addColumn(r -> r.progress().orElse("")).setHeader("Progress").setAutoWidth(true);
        history.addColumn(r -> r.logExcerpt().orElse("")).setHeader("Log").setFlexGrow(1);
        history.addColumn(JobsView::links).setHeader("Critic job / run / checkpoint").setAutoWidth(true);
        history.addComponentColumn(r -> {
            Button cancel = small("Cancel", "job-cancel-" + r.id(), ButtonVariant.LUMO_ERROR,
                    () -> jobs.cancel(r.id(), CurrentUser.require().username()));
            cancel.setVisible(r.status().open());
            return cancel;
        }).setHeader("").setAutoWidth(true);
        history.setSizeFull();

        add(new H2("Jobs"), new Paragraph("Critic batches and training rounds, on a schedule or now. The workbench only "
                + "sends the work: the critic service judges, the trainer service trains (a round only when at least N pairs "
                + "are new since its last one) and answers; with several workbench instances each run happens once."),
                form, defined, new H3("Runs"), history);
        refresh();
    }

    private Button small(String text, String id, ButtonVariant variant, Runnable action) {
        Button b = new Button(text, e -> {
            try {
                action.run();
            } catch (IllegalArgumentException | IllegalStateException ex) {
                Notification.show(ex.getMessage()).addThemeVariants(NotificationVariant.LUMO_ERROR);
            }
            refresh();
        });
        b.setId(id);
        b.addThemeVariants(variant, ButtonVariant.LUMO_SMALL);
        return b;
    }

    private void showParameters() {
        boolean criticBatch = kind.getValue() == JobKind.CRITIC_BATCH;
        dataset.setVisible(criticBatch);
        critic.setVisible(criticBatch);
        objective.setVisible(!criticBatch);
        minPairs.setVisible(!criticBatch);
    }

    private void edit(JobDefinition d) {
        name.setValue(d.name());
        kind.setValue(d.kind());
        cron.setValue(d.cron().orElse(""));
        Map<String, String> p = d.parameters();
        if (d.kind() == JobKind.CRITIC_BATCH) {
            dataset.setValue(p.get("dataset"));
            critic.setValue(p.get("critic"));
        } else {
            objective.setValue(p.get("objective"));
            minPairs.setValue(Integer.valueOf(p.get("minPairs")));
        }
    }

    private void save() {
        if (kind.isEmpty()) {
            Notification.show("Choose a kind of job").addThemeVariants(NotificationVariant.LUMO_ERROR);
            return;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        if (kind.getValue() == JobKind.CRITIC_BATCH) {
            parameters.put("dataset", dataset.getValue());
            parameters.put("critic", critic.getValue());
        } else {
            parameters.put("objective", objective.getValue());
            parameters.put("minPairs", minPairs.getValue() == null ? null : Integer.toString(minPairs.getValue()));
        }
        try {
            JobDefinition d = new JobDefinition(name.getValue().strip(), kind.getValue(), Optional.of(cron.getValue()),
                    parameters);
            jobs.define(d, CurrentUser.require().username());
            Notification.show("Job " + d.name() + " saved").addThemeVariants(NotificationVariant.LUMO_SUCCESS);
        } catch (IllegalArgumentException e) {
            Notification.show(e.getMessage()).addThemeVariants(NotificationVariant.LUMO_ERROR);
        }
        refresh();
    }

    private static String links(JobRuns.Run r) {
        List<String> parts = new java.util.ArrayList<>();
        r.criticJobKey().ifPresent(k -> parts.add("critic job " + k.substring(0, 8)));
        r.trainingRunId().ifPresent(parts::add);
        r.checkpointUri().ifPresent(parts::add);
        return String.join(" · ", parts);
    }

    private static String time(Instant t) {
        return t.toString().substring(0, 19).replace('T', ' ');
    }

    private void refresh() {
        defined.setItems(jobs.all());
        history.setItems(runs.recent(100));
    }


}
