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
import com.vaadin.flow.component.textfield.NumberField;
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
 * Scheduled jobs (admin): define a job (critic batch, training round or evaluation) with an optional cron schedule,
 * edit it, run it now, remove it, and follow every run: who started it, where it stands, what the service answered,
 * and its critic job, training run or evaluation, and checkpoint; the current policy and the promotion gate's
 * decisions. Polls the database every two seconds.
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
    private final ComboBox<String> then = new ComboBox<>("Then run");
    private final TextField checkpoint = new TextField("Checkpoint");
    private final NumberField margin = new NumberField("Promotion margin");
    private final IntegerField heldOut = new IntegerField("Held-out scenes");
    private final IntegerField answers = new IntegerField("Answers per prompt (k)");
    private final IntegerField rounds = new IntegerField("Rounds");
    private final IntegerField prompts = new IntegerField("Prompts per round");
    private final Paragraph currentPolicy = new Paragraph();
    private final Grid<Policies.Decision> decisions = new Grid<>();
    private final Policies policies;
    private List<AlignmentJobs.Scheduled> shownJobs = List.of();
    private List<Policies.Decision> shownDecisions = List.of();
    private List<JobRuns.Run> shownRuns = List.of();
    private final Grid<AlignmentJobs.Scheduled> defined = new Grid<>();
    private final Grid<JobRuns.Run> history = new Grid<>();

    public JobsView(AlignmentJobs jobs, JobRuns runs, Policies policies, DatasetCatalog catalog) {
        this.jobs = jobs;
        this.runs = runs;
        this.policies = policies;
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
        then.setId("job-then");
        then.setClearButtonVisible(true);
        then.setHelperText("a job to run with the new checkpoint, e.g. an evaluation");
        checkpoint.setId("job-checkpoint");
        checkpoint.setPlaceholder("newest policy checkpoint");
        checkpoint.setHelperText("empty: the one the training job hands over, else the newest");
        checkpoint.setWidth("22em");
        margin.setId("job-margin");
        margin.setMin(0);
        margin.setMax(1);
        margin.setStep(0.01);
        margin.setValue(JobKind.DEFAULT_MARGIN);
        margin.setHelperText("the most any hallucination rate or POPE F1 may worsen (0.05 = 5 points), by its 95 % interval");
        margin.setWidth("16em");
        heldOut.setId("job-held-out");
        heldOut.setMin(1);
        heldOut.setValue(30);
        answers.setId("job-k");
        answers.setMin(2);
        answers.setMax(16);
        answers.setValue(4);
        rounds.setId("job-rounds");
        rounds.setMin(1);
        rounds.setValue(1);
        prompts.setId("job-prompts");
        prompts.setMin(1);
        prompts.setValue(64);
        kind.addValueChangeListener(e -> showParameters());
        showParameters();
        Button save = new Button("Save job", e -> save());
        save.setId("job-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout form = new HorizontalLayout(name, kind, cron, dataset, critic, objective, minPairs, answers, rounds,
                prompts, then, checkpoint, margin, heldOut, save);
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
        // Log lines and checkpoint URIs are long: fixed widths with the whole text as a tooltip keep the status and
        // the Cancel button in sight.
        history.addColumn(r -> r.logExcerpt().orElse("")).setHeader("Log").setWidth("24em").setFlexGrow(1)
                .setResizable(true).setTooltipGenerator(r -> r.logExcerpt().orElse(""));
        history.addColumn(JobsView::links).setHeader("Critic job / run / checkpoint").setWidth("16em").setFlexGrow(0)
                .setResizable(true).setTooltipGenerator(JobsView::links);
        history.addComponentColumn(r -> {
            Button cancel = small("Cancel", "job-cancel-" + r.id(), ButtonVariant.LUMO_ERROR,
                    () -> jobs.cancel(r.id(), CurrentUser.require().username()));
            cancel.setVisible(r.status().open());
            return cancel;
        }).setHeader("").setAutoWidth(true);
        history.setWidthFull();
        history.setMinHeight("24em");
        history.setAllRowsVisible(false);

        currentPolicy.setId("current-policy");
        decisions.setId("policy-grid");
        decisions.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        decisions.addColumn(d -> time(d.requestedAt())).setHeader("Asked (UTC)").setAutoWidth(true);
        decisions.addColumn(d -> d.status().name()).setHeader("Decision").setAutoWidth(true);
        decisions.addColumn(Policies.Decision::candidateUri).setHeader("Candidate").setAutoWidth(true);
        decisions.addColumn(d -> d.baselineUri().orElse("none")).setHeader("Current then").setAutoWidth(true);
        decisions.addColumn(d -> String.format(java.util.Locale.ROOT, "%.3f", d.margin())).setHeader("Margin").setAutoWidth(true);
        decisions.addColumn(d -> d.reason().orElse("waiting for the trainer service")).setHeader("Why").setFlexGrow(1);
        decisions.addColumn(d -> d.reportUri().orElse("")).setHeader("Report").setAutoWidth(true);
        decisions.setAllRowsVisible(true);

        add(new H2("Jobs"), new Paragraph("Critic batches, training rounds and evaluations, on a schedule or now. The workbench"
                + " only sends the work: the critic service judges, the trainer service trains (a round only when at least N"
                + " pairs are new since its last one) and evaluates, and answers; with several workbench instances each run"
                + " happens once."), form, defined, new H3("Policy"), currentPolicy, decisions, new H3("Runs"), history);
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
        JobKind k = kind.getValue();
        boolean onPolicy = k == JobKind.ON_POLICY_ROUND;
        dataset.setVisible(k == JobKind.CRITIC_BATCH || onPolicy);
        critic.setVisible(k == JobKind.CRITIC_BATCH || onPolicy);
        objective.setVisible(k == JobKind.TRAINING);
        minPairs.setVisible(k == JobKind.TRAINING);
        answers.setVisible(onPolicy);
        rounds.setVisible(onPolicy);
        prompts.setVisible(onPolicy);
        then.setVisible(k == JobKind.TRAINING || onPolicy);
        checkpoint.setVisible(k == JobKind.EVALUATION);
        margin.setVisible(k == JobKind.EVALUATION);
        heldOut.setVisible(k == JobKind.EVALUATION);
    }

    private void edit(JobDefinition d) {
        name.setValue(d.name());
        kind.setValue(d.kind());
        cron.setValue(d.cron().orElse(""));
        Map<String, String> p = d.parameters();
        switch (d.kind()) {
            case CRITIC_BATCH -> {
                dataset.setValue(p.get("dataset"));
                critic.setValue(p.get("critic"));
            }
            case TRAINING -> {
                objective.setValue(p.get("objective"));
                minPairs.setValue(Integer.valueOf(p.get("minPairs")));
                then.setValue(p.get("then"));
            }
            case ON_POLICY_ROUND -> {
                dataset.setValue(p.get("dataset"));
                critic.setValue(p.get("critic"));
                answers.setValue(Integer.valueOf(p.get("k")));
                rounds.setValue(Integer.valueOf(p.get("rounds")));
                prompts.setValue(Integer.valueOf(p.get("prompts")));
                then.setValue(p.get("then"));
            }
            case EVALUATION -> {
                checkpoint.setValue(p.getOrDefault("checkpoint", ""));
                margin.setValue(Double.valueOf(p.get("margin")));
                heldOut.setValue(Integer.valueOf(p.get("heldOut")));
            }
        }
    }

    private void save() {
        if (kind.isEmpty()) {
            Notification.show("Choose a kind of job").addThemeVariants(NotificationVariant.LUMO_ERROR);
            return;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        switch (kind.getValue()) {
            case CRITIC_BATCH -> {
                parameters.put("dataset", dataset.getValue());
                parameters.put("critic", critic.getValue());
            }
            case TRAINING -> {
                parameters.put("objective", objective.getValue());
                parameters.put("minPairs", minPairs.getValue() == null ? null : Integer.toString(minPairs.getValue()));
                parameters.put("then", then.getValue());
            }
            case ON_POLICY_ROUND -> {
                parameters.put("dataset", dataset.getValue());
                parameters.put("critic", critic.getValue());
                parameters.put("k", answers.getValue() == null ? null : Integer.toString(answers.getValue()));
                parameters.put("rounds", rounds.getValue() == null ? null : Integer.toString(rounds.getValue()));
                parameters.put("prompts", prompts.getValue() == null ? null : Integer.toString(prompts.getValue()));
                parameters.put("then", then.getValue());
            }
            case EVALUATION -> {
                parameters.put("checkpoint", checkpoint.getValue());
                parameters.put("margin", margin.getValue() == null ? null : Double.toString(margin.getValue()));
                parameters.put("heldOut", heldOut.getValue() == null ? null : Integer.toString(heldOut.getValue()));
            }
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

    /**
     * Reads the jobs, decisions and runs, and gives a grid new items only when they changed: a grid given its items
     * again redraws its buttons, and a click on one being replaced would be lost.
     */
    private void refresh() {
        List<AlignmentJobs.Scheduled> all = jobs.all();
        if (!all.equals(shownJobs)) {
            shownJobs = all;
            defined.setItems(all);
            String chosen = then.getValue();
            then.setItems(all.stream().map(s -> s.definition().name()).toList());
            then.setValue(chosen);
        }
        currentPolicy.setText(policies.current().map(c -> "Current policy (answers new prompts): " + c)
                .orElse("No policy promoted yet: the first evaluated checkpoint becomes the policy."));
        List<Policies.Decision> recentDecisions = policies.recent(20);
        if (!recentDecisions.equals(shownDecisions)) {
            shownDecisions = recentDecisions;
            decisions.setItems(recentDecisions);
        }
        List<JobRuns.Run> recentRuns = runs.recent(100);
        if (!recentRuns.equals(shownRuns)) {
            shownRuns = recentRuns;
            history.setItems(recentRuns);
        }
    }


}
