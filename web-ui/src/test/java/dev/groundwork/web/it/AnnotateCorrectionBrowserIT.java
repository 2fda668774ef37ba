package dev.groundwork.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.annotation.assignment.AssignmentService;
import dev.groundwork.annotation.assignment.ComparisonService;
import dev.groundwork.annotation.assignment.PairingMode;
import dev.groundwork.annotation.export.TrlExporter;
import dev.groundwork.annotation.export.TrlStyle;
import dev.groundwork.annotation.preference.PreferencePolicy;
import dev.groundwork.storage.dataset.DatasetImporter;
import dev.groundwork.storage.world.World;
import dev.groundwork.storage.world.WorldConfig;
import dev.groundwork.trainer.stream.JudgmentStreamConsumer;
import dev.groundwork.trainer.stream.PairBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The annotate view on a 1366×768 laptop screen, and an annotator correcting a saved verdict: the
 * correction travels through the outbox and the real broker into a trainer pair buffer (the
 * trainer's own consumer, in this JVM) and into the TRL export. The item's flag reaches the reviewers.
 */
class AnnotateCorrectionBrowserIT {

    private static final String DATASET = "fix-world";
    private static final List<String> ACTION_BAR = List.of("verdict-a", "verdict-b", "verdict-tie", "verdict-both-bad", "status");

    static Workbench workbench;

    @BeforeAll
    static void start() {
        workbench = Workbench.get();
    }

    @Test
    void at_1366_by_768_the_verdict_buttons_stay_on_screen_and_a_corrected_verdict_reaches_the_pair_buffer_and_the_trl_export(
            @TempDir Path tmp) throws Exception {
        long comparison = oneItemDatasetFor("annotator3", tmp);
        PairBuffer buffer = PairBuffer.open("jdbc:h2:file:" + tmp.resolve("pairs").toAbsolutePath());
        JudgmentStreamConsumer consumer = new JudgmentStreamConsumer(workbench.pipeline.kafka(), buffer,
                JudgmentStreamConsumer.Settings.defaults("annotate-correction-" + UUID.randomUUID()), JudgmentStreamConsumer.Faults.NONE);
        consumer.start();
        try (Browser browser = new Browser(workbench.appUrl, 1366, 768)) {
            browser.login("/annotate", "annotator3", "annotator3");
            WebElement task = browser.waitFor(By.cssSelector("#annotate [data-comparison]"));
            // First visit in this browser: the guidelines are open, and still the action bar is on screen.
            await("the guidelines to open on the first visit", () -> guidelinesOpen(browser));
            browser.screenshot("annotate-1366x768-first-visit");
            assertOnScreen(browser, ACTION_BAR);
            // Later visits: the guidelines are collapsed.
            browser.open("/annotate");
            task = browser.waitFor(By.cssSelector("#annotate [data-comparison]"));
            browser.waitFor(By.id("answer-left-text"));
            Thread.sleep(500); // the remembered state arrives with the round trip after attach
            assertThat(guidelinesOpen(browser)).as("guidelines after the first visit").isFalse();
            browser.screenshot("annotate-1366x768");
            assertOnScreen(browser, ACTION_BAR);

            // "?" lists the keys.
            press(browser, "?");
            browser.waitFor(By.id("keys-dialog"));
            await("the keys overlay", () -> opened(browser, "keys-dialog"));
            assertThat(browser.waitFor(By.id("keys-close")).isDisplayed()).isTrue();
            browser.screenshot("annotate-keys");
            browser.driver.findElement(By.id("keys-close")).click();
            await("the keys overlay to close", () -> !opened(browser, "keys-dialog"));

            // Skip to this test's item (another test may have given annotator3 an older one).
            for (int i = 0; i < 5 && comparison(task) != comparison; i++) {
                long shown = comparison(task);
                press(browser, "s");
                WebElement t = task;
                await("the next item", () -> comparison(t) != shown);
            }
            assertThat(comparison(task)).isEqualTo(comparison);
            String left = browser.driver.findElement(By.id("answer-left-text")).getText();
            String right = browser.driver.findElement(By.id("answer-right-text")).getText();

            // Flag it: a note for the reviewers; the item stays.
            press(browser, "f");
            browser.waitFor(By.id("flag-suggestion-1")).click();
            browser.driver.findElement(By.id("flag-save")).click();
            await("the flag", () -> browser.driver.findElement(By.id("status")).getText().startsWith("Flagged for the reviewers"));
            assertThat(workbench.jdbc.queryForObject("select comment from item_flag where comparison_id = ?", String.class, comparison))
                    .isEqualTo("both answers identical");
            assertThat(comparison(task)).isEqualTo(comparison);

            // Left better; the held verdict counts in the progress at once.
            press(browser, "1");
            await("the held verdict in the progress", () -> browser.driver.findElement(By.id("progress")).getText()
                    .endsWith("· 1 not saved yet"));
            long judgment = awaitLong("select id from judgment where comparison_id = ? and judge_id = ?", comparison,
                    Workbench.subjectOf("annotator3"));
            await("the pair buffer to prefer the left answer", Duration.ofSeconds(60), () -> chosen(buffer, comparison).equals(left));
            assertThat(exported(tmp.resolve("before"))).containsExactly(left, right);

            // Change it to "B better" from the list of recent judgments.
            press(browser, "r");
            WebElement change = browser.waitFor(By.id("recent-" + judgment + "-right"));
            browser.screenshot("annotate-recent");
            browser.click(change);
            long correction = awaitLong("select id from judgment where supersedes_id = ?", judgment);
            browser.waitFor(By.id("recent-" + correction + "-verdict"));
            assertThat(browser.driver.findElement(By.id("status")).getText()).startsWith("Changed ").endsWith(" to B better.");
            browser.screenshot("annotate-recent-changed");

            await("the pair buffer to take the correction", Duration.ofSeconds(60), () -> chosen(buffer, comparison).equals(right));
            assertThat(buffer.judgmentCounts()).containsEntry(judgment, 1).containsEntry(correction, 1);
            assertThat(exported(tmp.resolve("after"))).containsExactly(right, left);
            assertThat(consumer.deadLettered()).isZero();
        } finally {
            consumer.close();
            buffer.close();
        }
        // Reviewers see the flag under Review > Flags.
        try (Browser browser = new Browser(workbench.appUrl)) {
            browser.login("/review", "reviewer1", "reviewer1");
            browser.click(browser.waitFor(By.id("review-tab-flags")));
            browser.waitFor(By.id("flags-grid"));
            await("the flag in the reviewers' list", () -> String.valueOf(browser.js("""
                    return Array.from(document.querySelectorAll('#flags-grid vaadin-grid-cell-content'))
                        .map(c => c.textContent).join('|');""")).contains("both answers identical"));
            browser.screenshot("review-flags");
        }
    }

    /** A dataset with one comparison (two plain answers), assigned to that annotator alone; its comparison id. */
    private static long oneItemDatasetFor(String username, Path tmp) throws Exception {
        World.generate(WorldConfig.defaults(1, 6)).writeDataset(tmp.resolve("w"), "unused");
        ObjectMapper json = new ObjectMapper();
        List<String> lines = new ArrayList<>();
        lines.add(json.writeValueAsString(Map.of("format", "groundwork-dataset", "schemaVersion", 1, "name", DATASET)));
        lines.add(json.writeValueAsString(Map.of("id", "fix-1", "image", "images/s000000.png", "prompt", "What is in the image?",
                "task", "OPEN_QUESTION", "responses", List.of(Map.of("id", "a", "model", "m", "text", "A small red circle."),
                        Map.of("id", "b", "model", "m", "text", "Two blue squares and a star.")))));
        Files.write(tmp.resolve("w/manifest.jsonl"), lines);
        workbench.web.getBean(DatasetImporter.class).importDataset(tmp.resolve("w"), Optional.of(DATASET), "test");
        workbench.web.getBean(ComparisonService.class).createForDataset(DATASET, PairingMode.ALL_PAIRS, 1, "test");
        workbench.web.getBean(AssignmentService.class).assign(DATASET, List.of(Workbench.subjectOf(username)), 1, 1, "test");
        return workbench.jdbc.queryForObject("""
                select c.id from comparison c join item i on i.id = c.item_id join dataset d on d.id = i.dataset_id
                where d.name = ?""", Long.class, DATASET);
    }

    /** [chosen, rejected] of the dataset's one line in a fresh TRL export. */
    private static List<String> exported(Path out) throws Exception {
        workbench.web.getBean(TrlExporter.class).export(DATASET, out, PreferencePolicy.DEFAULT, TrlStyle.PLAIN, "test");
        List<String> lines = Files.readAllLines(out.resolve(TrlExporter.FILE_NAME));
        assertThat(lines).hasSize(1);
        JsonNode n = new ObjectMapper().readTree(lines.get(0));
        return List.of(n.get("chosen").asText(), n.get("rejected").asText());
    }

    private static String chosen(PairBuffer buffer, long comparison) {
        return buffer.pairs(PreferencePolicy.DEFAULT).stream().filter(p -> p.comparisonId() == comparison).findFirst()
                .map(PairBuffer.Pair::chosen).orElse("");
    }

    private static boolean guidelinesOpen(Browser browser) {
        return opened(browser, "guidelines");
    }

    /** The {@code opened} property of a Vaadin details or dialog element. */
    private static boolean opened(Browser browser, String id) {
        return Boolean.TRUE.equals(browser.js("const e = document.getElementById(arguments[0]); return !!(e && e.opened);", id));
    }

    /** Every element lies wholly inside the window without scrolling. */
    private static void assertOnScreen(Browser browser, List<String> ids) {
        Object viewport = browser.js("return [window.innerWidth, window.innerHeight, window.scrollY];");
        assertThat(browser.js("return window.innerWidth <= 1366 && window.innerHeight <= 768 && window.scrollY === 0"))
                .as("a window of at most 1366×768, not scrolled: %s", viewport).isEqualTo(true);
        for (String id : ids) {
            @SuppressWarnings("unchecked")
            Map<String, Object> r = (Map<String, Object>) browser.js("""
                    const r = document.getElementById(arguments[0]).getBoundingClientRect();
                    return {top: r.top, bottom: r.bottom, left: r.left, right: r.right,
                            width: window.innerWidth, height: window.innerHeight};""", id);
            double top = ((Number) r.get("top")).doubleValue();
            double bottom = ((Number) r.get("bottom")).doubleValue();
            double leftEdge = ((Number) r.get("left")).doubleValue();
            double rightEdge = ((Number) r.get("right")).doubleValue();
            assertThat(top >= 0 && leftEdge >= 0 && bottom <= ((Number) r.get("height")).doubleValue()
                    && rightEdge <= ((Number) r.get("width")).doubleValue() && bottom >= top)
                    .as("#%s inside the viewport: %s", id, r).isTrue();
        }
    }

    private static long comparison(WebElement task) {
        return Long.parseLong(task.getAttribute("data-comparison"));
    }

    private static void press(Browser browser, String key) {
        new Actions(browser.driver).sendKeys(key).perform();
    }

    private static long awaitLong(String sql, Object... args) throws InterruptedException {
        List<Long> found = new ArrayList<>();
        await(sql, Duration.ofSeconds(30), () -> {
            found.clear();
            found.addAll(workbench.jdbc.queryForList(sql, Long.class, args));
            return found.size() == 1;
        });
        return found.get(0);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, Duration.ofSeconds(15), condition);
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(200);
        }
    }
}
