package dev.groundwork.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.annotation.assignment.AssignmentService;
import dev.groundwork.annotation.assignment.ComparisonService;
import dev.groundwork.annotation.assignment.PairingMode;
import dev.groundwork.storage.dataset.DatasetImporter;
import dev.groundwork.storage.world.World;
import dev.groundwork.storage.world.WorldConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** An annotator in headless Chromium, signed in through the real Keycloak login page. */
class AnnotatorBrowserIT {

    static Workbench workbench;

    @BeforeAll
    static void start() {
        workbench = Workbench.get();
    }

    @Test
    void annotator_judges_five_items_by_keyboard_tags_a_hallucination_and_undoes_once() {
        String subject = Workbench.subjectOf("annotator1");
        List<Long> judged = new ArrayList<>();
        long first;
        long third;
        try (Browser browser = new Browser(workbench.appUrl)) {
            browser.login("/annotate", "annotator1", "annotator1");
            WebElement task = browser.waitFor(By.cssSelector("#annotate [data-comparison]"));
            browser.waitFor(By.id("answer-left-text"));
            browser.screenshot("annotate-first-item");
            assertThat(browser.driver.findElement(By.id("progress")).getText()).matches("0 / \\d+ done");

            // Item 1: tag an object hallucination on the span "the" ... of answer A, then 1 (A better).
            first = comparison(task);
            String answerA = browser.driver.findElement(By.id("answer-left-text")).getText();
            browser.js("""
                    const el = document.getElementById('answer-left-text');
                    const text = el.firstChild; const r = document.createRange();
                    r.setStart(text, 0); r.setEnd(text, Math.min(5, text.length));
                    const s = window.getSelection(); s.removeAllRanges(); s.addRange(r);""");
            browser.driver.findElement(By.id("tag-left-object")).click();
            waitText(browser, "answer-left-tags", "Tagged: O [0," + Math.min(5, answerA.length()) + ")");
            browser.screenshot("annotate-tagged");
            press(browser, "1", false);
            judged.add(first);
            // Items 2 and 3: Shift+2 (B strongly better), 3 (tie).
            judged.add(judgeNext(browser, task, judged, "2", true));
            third = judgeNext(browser, task, judged, "3", false);
            judged.add(third);
            // Undo the tie: the third item comes back; judge it "both bad" instead.
            awaitOtherThan(browser, task, third);
            press(browser, "u", false);
            awaitComparison(browser, task, third);
            press(browser, "4", false);
            // Items 4 and 5.
            judged.add(judgeNext(browser, task, judged, "1", false));
            judged.add(judgeNext(browser, task, judged, "2", false));
            awaitOtherThan(browser, task, judged.get(judged.size() - 1));
            browser.screenshot("annotate-after-five");
            // Leaving the view records the held verdict at once.
            browser.open("/");
        }
        List<Map<String, Object>> rows = awaitRows("select comparison_id, verdict, strength, id from judgment where judge_id = ? order by id", 5, subject);
        assertThat(rows.stream().map(r -> ((Number) r.get("COMPARISON_ID")).longValue()).toList())
                .containsExactlyInAnyOrderElementsOf(judged);
        Map<Long, String> verdictOf = new java.util.HashMap<>();
        rows.forEach(r -> verdictOf.put(((Number) r.get("COMPARISON_ID")).longValue(), (String) r.get("VERDICT")));
        assertThat(verdictOf.get(third)).isEqualTo("BOTH_BAD");
        assertThat(rows.stream().filter(r -> ((Number) r.get("STRENGTH")).intValue() == 2)).hasSize(1);
        // The tag with its span, on the first item's left answer.
        List<Map<String, Object>> tags = workbench.jdbc.queryForList("""
                select t.tag, t.span_start, t.span_end from judgment_tag t join judgment j on j.id = t.judgment_id
                where j.judge_id = ? and j.comparison_id = ?""", subject, first);
        assertThat(tags).hasSize(1);
        assertThat(tags.get(0).get("TAG")).isEqualTo("OBJECT");
        assertThat(((Number) tags.get(0).get("SPAN_START")).intValue()).isZero();
        // One outbox event per judgment, each published by the relay to the real broker.
        String keys = String.join(",", judged.stream().map(id -> "'" + id + "'").toList());
        awaitRows("select event_id from outbox_event where event_type = 'JudgmentRecorded' and published_at is not null"
                + " and message_key in (" + keys + ") and payload like ?", 5, "%\"judgeId\":\"" + subject + "\"%");
    }

    @Test
    void an_annotator_is_refused_reviewer_and_admin_pages() {
        try (Browser browser = new Browser(workbench.appUrl)) {
            browser.login("/annotate", "annotator2", "annotator2");
            browser.waitFor(By.id("annotate"));
            for (String path : List.of("/review", "/datasets", "/audit")) {
                browser.open(path);
                browser.waitFor(By.cssSelector("#access-denied, #not-found"));
                assertThat(browser.driver.findElements(By.id(path.substring(1)))).as(path).isEmpty();
                browser.screenshot("annotator-refused" + path.replace('/', '-'));
            }
            browser.open("/api/datasets/demo-world/export?format=native");
            assertThat(browser.driver.getPageSource()).doesNotContain("PK");
            assertThat(browser.driver.getTitle() + browser.driver.getPageSource()).containsIgnoringCase("403");
            // Logout ends the Keycloak session too: the app asks for the password again.
            browser.open("/annotate");
            browser.click(browser.waitFor(By.id("logout")));
            browser.waitFor(By.id("kc-form-login"));
            browser.open("/annotate");
            browser.waitFor(By.id("kc-form-login"));
        }
    }

    @Test
    void prompts_and_answers_containing_html_are_shown_as_text(@TempDir Path tmp) throws IOException {
        // A one-item dataset whose prompt and answers are HTML, assigned to annotator3 alone (whose
        // demo work is all judged already, so this is the item the view shows).
        World.generate(WorldConfig.defaults(1, 5)).writeDataset(tmp.resolve("w"), "unused");
        String image = "images/s000000.png";
        String prompt = "<b>Bold?</b> <script>window.__gwInjected = 1</script>";
        String answerA = "<img src=x onerror=\"window.__gwInjected = 2\">A red circle.";
        String answerB = "<a href=\"javascript:alert(1)\">click</a> & a blue square";
        ObjectMapper json = new ObjectMapper();
        List<String> lines = new ArrayList<>();
        lines.add(json.writeValueAsString(Map.of("format", "groundwork-dataset", "schemaVersion", 1, "name", "html-as-text")));
        lines.add(json.writeValueAsString(Map.of("id", "html-1", "image", image, "prompt", prompt, "task", "OPEN_QUESTION",
                "responses", List.of(Map.of("id", "a", "model", "m", "text", answerA), Map.of("id", "b", "model", "m", "text", answerB)))));
        Files.write(tmp.resolve("w/manifest.jsonl"), lines);
        workbench.web.getBean(DatasetImporter.class).importDataset(tmp.resolve("w"), Optional.of("html-as-text"), "test");
        workbench.web.getBean(ComparisonService.class).createForDataset("html-as-text", PairingMode.ALL_PAIRS, 1, "test");
        workbench.web.getBean(AssignmentService.class).assign("html-as-text", List.of(Workbench.subjectOf("annotator3")), 1, 1, "test");

        try (Browser browser = new Browser(workbench.appUrl)) {
            browser.login("/annotate", "annotator3", "annotator3");
            new WebDriverWait(browser.driver, Duration.ofSeconds(30)).until(d -> d.findElement(By.id("prompt")).getText().equals(prompt));
            List<String> answers = List.of(browser.driver.findElement(By.id("answer-left-text")).getText(),
                    browser.driver.findElement(By.id("answer-right-text")).getText());
            assertThat(answers).containsExactlyInAnyOrder(answerA, answerB);
            assertThat(browser.driver.findElements(By.cssSelector("#prompt *, #answer-left-text *, #answer-right-text *"))).isEmpty();
            assertThat(browser.js("return window.__gwInjected === undefined")).isEqualTo(true);
            browser.screenshot("annotate-html-as-text");
        }
    }

    private static long judgeNext(Browser browser, WebElement task, List<Long> before, String key, boolean shift) {
        long previous = before.get(before.size() - 1);
        long current = awaitOtherThan(browser, task, previous);
        press(browser, key, shift);
        return current;
    }

    private static long comparison(WebElement task) {
        return Long.parseLong(task.getAttribute("data-comparison"));
    }

    private static long awaitOtherThan(Browser browser, WebElement task, long previous) {
        new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d -> comparison(task) != previous);
        return comparison(task);
    }

    private static void awaitComparison(Browser browser, WebElement task, long expected) {
        new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d -> comparison(task) == expected);
    }

    private static void waitText(Browser browser, String id, String text) {
        new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d -> d.findElement(By.id(id)).getText().equals(text));
    }

    private static void press(Browser browser, String key, boolean shift) {
        Actions actions = new Actions(browser.driver);
        if (shift) {
            actions.keyDown(Keys.SHIFT).sendKeys(key).keyUp(Keys.SHIFT).perform();
        } else {
            actions.sendKeys(key).perform();
        }
    }

    private static List<Map<String, Object>> awaitRows(String sql, int expected, Object... args) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<Map<String, Object>> rows = workbench.jdbc.queryForList(sql, args);
        while (rows.size() < expected && System.nanoTime() < deadline) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            rows = workbench.jdbc.queryForList(sql, args);
        }
        assertThat(rows).as(sql).hasSize(expected);
        return rows;
    }
}
