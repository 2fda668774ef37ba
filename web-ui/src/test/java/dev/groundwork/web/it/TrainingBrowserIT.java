package dev.groundwork.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.annotation.event.CheckpointSaved;
import dev.groundwork.annotation.event.CheckpointSaved.JudgeCount;
import dev.groundwork.annotation.event.CheckpointSaved.OffsetRange;
import dev.groundwork.annotation.event.Topics;
import dev.groundwork.annotation.event.TrainingMetrics;
import dev.groundwork.annotation.event.TrainingRunStarted;
import dev.groundwork.web.training.TrainingEventStore;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Training view in headless Chromium, signed in through the real Keycloak as a reviewer: an mDPO run reported by
 * training events (applied through the training events store, as the consumer does) is listed; selected, it shows its
 * curves and its checkpoint's lineage; a further step's metrics, stored while the page is open, update the curves
 * without a reload.
 */
class TrainingBrowserIT {

    static Workbench workbench;
    static TrainingEventStore store;
    static final String RUN = UUID.randomUUID().toString();
    static final String TOPIC = Topics.JUDGMENTS;

    @BeforeAll
    static void anMdpoRunWithAStepAndACheckpoint() {
        workbench = Workbench.get();
        store = workbench.web.getBean(TrainingEventStore.class);
        Instant at = Instant.now();
        assertThat(store.apply(new TrainingRunStarted(UUID.randomUUID().toString(), TrainingRunStarted.TYPE, 1, at, RUN,
                "mdpo", Map.of("beta", "0.1"), 7, "PyTorch cpu()", "judgment stream " + TOPIC + "-0 [0, 40), 9 pairs",
                "service:follow", 2, 4))).isTrue();
        for (long step = 1; step <= 3; step++) {
            store.apply(metrics(step));
        }
        store.apply(new CheckpointSaved(UUID.randomUUID().toString(), CheckpointSaved.TYPE, 1, at.plusSeconds(30), RUN, 3,
                "file:///srv/groundwork/data/artifacts/runs/follow-mdpo/round-2/", "{\"objective\":\"mdpo\",\"seed\":7}",
                List.of(new OffsetRange(TOPIC, 0, 0, 40)), 9, "policy-v3: latest correction, reviewer>human>critic", 2,
                List.of(new JudgeCount("HUMAN", "annotator1", 6), new JudgeCount("HUMAN", "annotator2", 4),
                        new JudgeCount("CRITIC", "claims", 3), new JudgeCount("REVIEWER", "reviewer1", 1))));
    }

    /** An mDPO step's metrics, falling loss and growing margins. */
    static TrainingMetrics metrics(long step) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("loss", 0.69 - 0.08 * step);
        m.put("loss/dpo", 0.35 - 0.04 * step);
        m.put("rewards/margins", 0.05 * step);
        m.put("rewards/imageless_margins", 0.03 * step);
        m.put("rewards/accuracies", Math.min(1, 0.5 + 0.1 * step));
        m.put("rewards/imageless_accuracies", Math.min(1, 0.45 + 0.1 * step));
        return new TrainingMetrics(UUID.randomUUID().toString(), TrainingMetrics.TYPE, 1, Instant.now(), RUN, step, 4, m);
    }

    private static String cells(Browser browser, String grid) {
        return String.join("\n", browser.driver.findElements(By.cssSelector("#" + grid + " vaadin-grid-cell-content"))
                .stream().map(c -> c.getText().trim()).toList());
    }

    @Test
    void a_reviewer_follows_a_run_s_curves_live_and_reads_its_checkpoint_s_lineage() {
        try (Browser browser = new Browser(workbench.appUrl)) {
            browser.login("/training", "reviewer1", "reviewer1");
            browser.waitFor(By.id("training-runs"));
            assertThat(browser.driver.findElements(By.cssSelector("vaadin-side-nav-item")).stream().map(WebElement::getText))
                    .anyMatch(label -> label.contains("Training"));
            String shortKey = RUN.substring(0, 8) + "…";
            WebElement cell = new WebDriverWait(browser.driver, Duration.ofSeconds(30)).until(d ->
                    d.findElements(By.cssSelector("#training-runs vaadin-grid-cell-content")).stream()
                            .filter(c -> c.getText().trim().equals(shortKey)).findFirst().orElse(null));
            assertThat(cells(browser, "training-runs")).contains("mdpo", "RUNNING", "3 / 4", "PyTorch cpu()");
            browser.click(cell);
            new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d ->
                    RUN.equals(d.findElement(By.id("training-detail")).getAttribute("data-run")));
            WebElement points = browser.waitFor(By.id("training-points"));
            assertThat(points.getAttribute("data-points")).isEqualTo("18");
            assertThat(points.getAttribute("data-last-step")).isEqualTo("3");
            assertThat(points.getText()).contains("18 metric values, last step 3 / 4");
            assertThat(browser.driver.findElements(By.cssSelector("#training-charts img")).stream()
                    .map(i -> i.getAttribute("alt")).toList()).containsExactly(
                    "Loss: loss, loss/dpo", "Reward margins: rewards/imageless_margins, rewards/margins",
                    "Reward accuracies: rewards/accuracies, rewards/imageless_accuracies");
            new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d -> cells(browser, "training-checkpoints")
                    .contains("critics: claims 3"));
            String lineage = cells(browser, "training-checkpoints");
            assertThat(lineage).contains(TOPIC + "-0 [0, 40)", "9", "policy-v3",
                    "file:///srv/groundwork/data/artifacts/runs/follow-mdpo/round-2/");
            assertThat(lineage).containsPattern("annotators: .*annotator1.* 6, .*annotator2.* 4 · critics: claims 3 · "
                    + "reviewers: .*reviewer1.* 1");
            String firstChart = browser.driver.findElement(By.id("training-chart-0")).getAttribute("src");
            browser.screenshot("training-run");

            // The page is not reloaded: a marker set on the window now is still there after the update.
            browser.js("window.gwTrainingMarker = 'same page';");
            assertThat(store.apply(metrics(4))).isTrue();
            new WebDriverWait(browser.driver, Duration.ofSeconds(20)).until(d ->
                    "4".equals(d.findElement(By.id("training-points")).getAttribute("data-last-step")));
            assertThat(browser.driver.findElement(By.id("training-points")).getAttribute("data-points")).isEqualTo("24");
            assertThat(browser.driver.findElement(By.id("training-points")).getText()).contains("last step 4 / 4");
            assertThat(browser.driver.findElement(By.id("training-chart-0")).getAttribute("src")).isNotEqualTo(firstChart);
            assertThat(browser.js("return window.gwTrainingMarker;")).isEqualTo("same page");
            new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(d -> cells(browser, "training-runs")
                    .contains("4 / 4"));

            // A row opens to the checkpoint's provenance and its judges one per line.
            WebElement step = browser.driver.findElements(By.cssSelector("#training-checkpoints vaadin-grid-cell-content"))
                    .stream().filter(c -> c.getText().trim().equals("3")).findFirst().orElseThrow();
            browser.click(step);
            new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(d -> d.findElements(
                    By.cssSelector("#training-checkpoints .checkpoint-details")).stream()
                    .anyMatch(e -> e.getText().contains("\"seed\":7") && e.getText().contains("critic claims: 3 pairs")));
            browser.screenshot("training-run-updated");
        }
    }
}
