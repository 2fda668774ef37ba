package dev.groundwork.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.web.cli.DataCommands;
import dev.groundwork.web.cli.ServiceProcess;
import dev.groundwork.web.jobs.AlignmentJobs;
import dev.groundwork.web.jobs.JobDefinition;
import dev.groundwork.web.jobs.JobKind;
import dev.groundwork.web.jobs.JobRuns;
import dev.groundwork.web.jobs.Policies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The whole loop, scheduled, with every part real ({@link Workbench}: Keycloak, the Kafka broker, the web application
 * with its scheduler, outbox relay and consumers, the critic service as its own process) and the trainer service as
 * its own process, trained only when a job asks:
 *
 * <ol>
 *   <li>an annotator judges three comparisons of the demo world in Chromium, and a scheduled critic batch has the
 *       claim-checking critic judge every comparison; the relay publishes all of it to Kafka;
 *   <li>a DPO job due every five seconds asks the trainer service for a round at 5 or more new pairs (critic-only
 *       pairs allowed, as in the demo); the service trains it and answers; the job then runs its evaluation job with
 *       the new checkpoint;
 *   <li>the trainer service evaluates it on held-out scenes, the report is announced, and the promotion gate makes
 *       it the first policy;
 *   <li>a reviewer finds the report in the Reports view and the run's curves in the Training view, with the
 *       checkpoint's lineage naming the annotator and the critic.
 * </ol>
 */
class AlignmentLoopIT {

    @TempDir Path tmp;

    @Test
    void annotators_and_the_critic_judge_a_scheduled_dpo_job_trains_the_evaluation_promotes_and_the_views_show_it()
            throws Exception {
        Workbench wb = Workbench.get();
        AlignmentJobs jobs = wb.web.getBean(AlignmentJobs.class);
        JobRuns runs = wb.web.getBean(JobRuns.class);
        String annotator = Workbench.subjectOf("annotator2");
        Instant started = Instant.now();

        // 1. People and the critic judge.
        long before = count(wb, "select count(*) from judgment where judge_id = ?", annotator);
        try (Browser browser = new Browser(wb.appUrl)) {
            browser.login("/annotate", "annotator2", "annotator2");
            WebElement task = browser.waitFor(By.cssSelector("#annotate [data-comparison]"));
            browser.waitFor(By.id("answer-left-text"));
            long previous = -1;
            for (int i = 0; i < 3; i++) {
                long shown = previous;
                new WebDriverWait(browser.driver, Duration.ofSeconds(20)).until(d -> comparison(task) != shown);
                previous = comparison(task);
                new Actions(browser.driver).sendKeys(i == 1 ? "2" : "1").perform();
            }
            browser.open("/"); // leaving records the held verdict at once
            browser.waitFor(By.cssSelector("vaadin-side-nav-item"));
        }
        await("the annotator's three judgments", Duration.ofSeconds(30),
                () -> count(wb, "select count(*) from judgment where judge_id = ?", annotator) >= before + 3);
        jobs.define(new JobDefinition("e2e-critic", JobKind.CRITIC_BATCH, Optional.empty(),
                Map.of("dataset", DataCommands.DEMO_DATASET, "critic", "claims")), "admin1");
        jobs.runNow("e2e-critic", "admin1");
        await("the critic batch to be judged", Duration.ofMinutes(3), () -> runs.of("e2e-critic", 1).stream()
                .anyMatch(r -> r.status() == JobRuns.Status.SUCCEEDED && r.criticJobKey().isPresent()
                        && criticJobDone(wb, r.criticJobKey().get())));
        await("the relay to publish every judgment", Duration.ofSeconds(60), () -> wb.pipeline.relay().unpublished() == 0);

        // 2. The trainer service, trained only when asked, on critic-only pairs too.
        Path data = tmp.resolve("trainer-data");
        try (ServiceProcess trainer = ServiceProcess.start(ServiceProcess.Service.TRAINER, List.of("service", "--kafka",
                        wb.pipeline.kafka().bootstrapServers(), "--objective", "dpo", "--on-request", "--allow-critic-only",
                        "--dataset", DataCommands.DEMO_DATASET, "--name", "e2e-dpo", "--size", "tiny", "--steps", "4",
                        "--batch", "4", "--group", "e2e-trainer"),
                Map.of("GW_DATA_DIR", data.toString(), "GW_IMAGE_BASE_URL", wb.appUrl.toString(),
                        "GW_OIDC_ISSUER", wb.keycloak.issuerUri().toString(), "GW_TRAINER_IMAGES_DIR", "",
                        "GW_TRAINER_CLIENT_SECRET", wb.keycloak.config().trainerClientSecret()),
                tmp.resolve("trainer.log"))) {
            jobs.define(new JobDefinition("e2e-evaluate", JobKind.EVALUATION, Optional.empty(), Map.of("heldOut", "2",
                    "worldScenes", Integer.toString(Integer.getInteger("gw.workbench.scenes", 12)), "worldSeed", "7")), "admin1");
            jobs.define(new JobDefinition("e2e-dpo", JobKind.TRAINING, Optional.of("0/5 * * * * ?"), Map.of("objective", "dpo",
                    "minPairs", "5", "then", "e2e-evaluate")), "admin1");
            JobRuns.Run round = awaitRun(runs, "e2e-dpo", JobRuns.Status.SUCCEEDED, Duration.ofMinutes(5), trainer);
            jobs.remove("e2e-dpo", "admin1");
            assertThat(round.startedBy()).isEqualTo("schedule");
            assertThat(round.logExcerpt()).get().asString().contains("trained run");
            String checkpoint = round.checkpointUri().orElseThrow();
            String runKey = round.trainingRunId().orElseThrow();

            // 3. The evaluation it ran, and the gate.
            JobRuns.Run evaluation = awaitRun(runs, "e2e-evaluate", JobRuns.Status.SUCCEEDED, Duration.ofMinutes(5), trainer);
            assertThat(evaluation.startedBy()).isEqualTo("job:e2e-dpo");
            assertThat(evaluation.checkpointUri()).contains(checkpoint);
            assertThat(evaluation.logExcerpt()).get().asString().contains("promoted as the first policy", "report.html");
            Policies policies = wb.web.getBean(Policies.class);
            assertThat(policies.current()).contains(checkpoint);
            String evaluationKey = evaluation.trainingRunId().orElseThrow();
            await("the evaluation report to be stored", Duration.ofSeconds(60),
                    () -> count(wb, "select count(*) from evaluation_report where evaluation_key = ?", evaluationKey) == 1);
            String title = wb.jdbc.queryForObject("select title from evaluation_report where evaluation_key = ?", String.class,
                    evaluationKey);
            assertThat(count(wb, "select count(*) from audit_log where action = 'policy.promote' and target = ?",
                    "policy " + checkpoint)).isOne();
            Long runId = wb.jdbc.queryForObject("select id from training_run where run_key = ?", Long.class, runKey);
            assertThat(count(wb, "select count(distinct step) from metric_point where run_id = ? and name = 'loss'", runId))
                    .isEqualTo(4);

            // 4. What a reviewer sees.
            try (Browser browser = new Browser(wb.appUrl)) {
                browser.login("/reports", "reviewer1", "reviewer1");
                browser.waitFor(By.id("reports-grid"));
                new WebDriverWait(browser.driver, Duration.ofSeconds(30)).until(d ->
                        d.findElements(By.cssSelector("#reports-grid vaadin-grid-cell-content")).stream()
                                .anyMatch(c -> c.getText().trim().equals(title)));
                browser.screenshot("loop-reports");
                browser.open("/training");
                String shortKey = runKey.substring(0, 8) + "…";
                WebElement cell = new WebDriverWait(browser.driver, Duration.ofSeconds(30)).until(d ->
                        d.findElements(By.cssSelector("#training-runs vaadin-grid-cell-content")).stream()
                                .filter(c -> c.getText().trim().equals(shortKey)).findFirst().orElse(null));
                browser.click(cell);
                new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d ->
                        runKey.equals(d.findElement(By.id("training-detail")).getAttribute("data-run")));
                new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d ->
                        "4".equals(d.findElement(By.id("training-points")).getAttribute("data-last-step")));
                assertThat(browser.driver.findElements(By.cssSelector("#training-charts img")).stream()
                        .map(i -> i.getAttribute("alt")).toList()).anyMatch(alt -> alt.startsWith("Loss"))
                        .anyMatch(alt -> alt.startsWith("Reward margins"));
                String lineage = String.join("\n", browser.driver.findElements(
                        By.cssSelector("#training-checkpoints vaadin-grid-cell-content")).stream().map(WebElement::getText).toList());
                assertThat(lineage).contains("claims", "groundwork.judgments.v1");
                browser.screenshot("loop-training");
            }
            assertThat(Duration.between(started, Instant.now())).as("the loop's time").isLessThan(Duration.ofMinutes(15));
        }
    }

    private static long comparison(WebElement task) {
        return Long.parseLong(task.getAttribute("data-comparison"));
    }

    private static boolean criticJobDone(Workbench wb, String key) {
        return wb.web.getBean(dev.groundwork.annotation.criticjob.CriticJobs.class).recent(20).stream()
                .anyMatch(j -> j.job().key().equals(key) && j.done());
    }

    private static long count(Workbench wb, String sql, Object... args) {
        Long n = wb.jdbc.queryForObject(sql, Long.class, args);
        return n == null ? 0 : n;
    }

    private static JobRuns.Run awaitRun(JobRuns runs, String job, JobRuns.Status status, Duration timeout, ServiceProcess trainer)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<JobRuns.Run> done = runs.of(job, 50).stream().filter(r -> r.status() == status).findFirst();
            if (done.isPresent()) {
                return done.get();
            }
            Optional<JobRuns.Run> failed = runs.of(job, 50).stream().filter(r -> r.status() == JobRuns.Status.FAILED).findFirst();
            if (failed.isPresent()) {
                throw new AssertionError("job " + job + " failed: " + failed.get().logExcerpt().orElse("") + "\ntrainer log:\n"
                        + read(trainer.log()));
            }
            if (!trainer.isAlive()) {
                throw new AssertionError("the trainer service exited:\n" + read(trainer.log()));
            }
            Thread.sleep(500);
        }
        throw new AssertionError("job " + job + " did not reach " + status + " in " + timeout + "; runs " + runs.of(job, 10)
                + "\ntrainer log:\n" + read(trainer.log()));
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(500);
        }
    }
}
