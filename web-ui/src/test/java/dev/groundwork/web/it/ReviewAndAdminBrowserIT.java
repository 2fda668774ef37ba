package dev.groundwork.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.annotation.assignment.AssignmentService;
import dev.groundwork.annotation.assignment.ComparisonService;
import dev.groundwork.annotation.assignment.PairingMode;
import dev.groundwork.annotation.judgment.JudgmentService;
import dev.groundwork.annotation.judgment.RecordJudgment;
import dev.groundwork.annotation.review.ReviewService;
import dev.groundwork.annotation.review.ReviewService.QueueFilter;
import dev.groundwork.annotation.review.ReviewService.Resolved;
import dev.groundwork.annotation.simulate.JudgmentSimulator;
import dev.groundwork.storage.dataset.DatasetImporter;
import dev.groundwork.storage.dataset.DatasetRepository;
import dev.groundwork.storage.judgment.Comparison;
import dev.groundwork.storage.judgment.ComparisonRepository;
import dev.groundwork.storage.judgment.JudgeKind;
import dev.groundwork.storage.judgment.Verdict;
import dev.groundwork.storage.world.World;
import dev.groundwork.storage.world.WorldConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** A reviewer and an admin in headless Chromium, signed in through the real Keycloak login page. */
class ReviewAndAdminBrowserIT {

    static Workbench workbench;

    @BeforeAll
    static void start() {
        workbench = Workbench.get();
    }

    @Test
    void a_reviewer_resolves_a_disagreement() {
        // A second human judge for the agreement figures: 30 simulated judgments by annotator2.
        String annotator2 = Workbench.subjectOf("annotator2");
        workbench.web.getBean(JudgmentService.class).recordAll(workbench.web.getBean(JudgmentSimulator.class)
                .humans("demo-world", 0.8, 5).stream().filter(j -> j.judgeId().equals(annotator2)).limit(30).toList());
        // annotator3's simulated judgments disagree with the claim checker (the demo's critic) on some comparisons.
        long comparison = workbench.web.getBean(ReviewService.class).queue(Optional.empty(), false, 1).get(0).comparisonId();
        try (Browser browser = new Browser(workbench.appUrl)) {
            browser.login("/review", "reviewer1", "reviewer1");
            browser.waitFor(By.id("review-queue"));
            WebElement cell = new WebDriverWait(browser.driver, Duration.ofSeconds(30)).until(d ->
                    d.findElements(By.cssSelector("#review-queue vaadin-grid-cell-content")).stream()
                            .filter(c -> c.getText().trim().equals(Long.toString(comparison))).findFirst().orElse(null));
            browser.click(cell);
            new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d ->
                    Long.toString(comparison).equals(d.findElement(By.id("review-detail")).getAttribute("data-comparison")));
            assertThat(browser.driver.findElements(By.cssSelector("#review-judgments vaadin-grid-cell-content")).stream()
                    .map(WebElement::getText).toList()).contains("critic");
            browser.screenshot("review-detail");
            browser.click(browser.driver.findElements(By.cssSelector("#resolve-verdict vaadin-radio-button")).stream()
                    .filter(r -> r.getText().contains("B better")).findFirst().orElseThrow());
            WebElement note = browser.driver.findElement(By.cssSelector("#resolve-note textarea"));
            browser.click(note);
            note.sendKeys("Answer A names a star that is not there.");
            browser.click(browser.driver.findElement(By.id("resolve")));
            new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d ->
                    d.findElement(By.id("review-resolution")).getText().startsWith("Resolved: B"));
            browser.screenshot("review-resolved");
            // The agreement tab: figures and both charts (PNG images rendered on the server).
            browser.click(browser.driver.findElement(By.id("review-tab-agreement")));
            for (String chart : List.of("agreement-chart-annotators", "agreement-chart-dataset")) {
                new WebDriverWait(browser.driver, Duration.ofSeconds(30)).until(d -> ((Number) browser.js(
                        "const i = document.getElementById(arguments[0]); return i && i.complete ? i.naturalWidth : 0;",
                        chart)).intValue() > 0);
            }
            assertThat(browser.driver.findElement(By.id("agreement-alpha")).getText()).isNotBlank();
            // The claim checker against the people's decided comparisons: accuracy and κ.
            new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d -> d.findElements(
                    By.cssSelector("#agreement-critics vaadin-grid-cell-content")).stream()
                    .anyMatch(c -> c.getText().startsWith("claims/claim-checker")));
            browser.screenshot("review-agreement");
        }
        assertThat(workbench.jdbc.queryForList("select verdict, resolved_by, note from resolution where comparison_id = ?", comparison))
                .singleElement().satisfies(r -> {
                    assertThat(r.get("VERDICT")).isEqualTo("B");
                    assertThat(r.get("RESOLVED_BY")).isEqualTo("reviewer1");
                    assertThat((String) r.get("NOTE")).contains("star");
                });
        assertThat(workbench.jdbc.queryForObject(
                "select count(*) from audit_log where action = 'review.resolve' and actor = 'reviewer1' and target = ?",
                Long.class, "comparison " + comparison)).isEqualTo(1L);
    }

    /**
     * More disagreements than one old page of the queue held (500): a dataset judged here through the
     * application's services, every comparison by annotator1 (A) and, alternately, annotator2 or
     * annotator3 (B).
     */
    private static List<Long> judgedPastFiveHundred(Path tmp) throws IOException {
        String name = "review-paging";
        var web = workbench.web;
        World.generate(WorldConfig.defaults(44, 77)).writeDataset(tmp.resolve(name), name);
        web.getBean(DatasetImporter.class).importDataset(tmp.resolve(name), Optional.of(name), "test");
        web.getBean(ComparisonService.class).createForDataset(name, PairingMode.FIRST_VS_REST, 5, "test");
        List<Long> ids = web.getBean(ComparisonRepository.class)
                .findByDataset(web.getBean(DatasetRepository.class).findByName(name).orElseThrow()).stream()
                .map(Comparison::getId).sorted().toList();
        assertThat(ids).hasSizeGreaterThan(520);
        String[] subjects = {Workbench.subjectOf("annotator1"), Workbench.subjectOf("annotator2"),
                Workbench.subjectOf("annotator3")};
        AssignmentService assignments = web.getBean(AssignmentService.class);
        List<RecordJudgment> judgments = new ArrayList<>();
        for (int second = 1; second <= 2; second++) {
            int parity = second - 1;
            List<Long> share = IntStream.range(0, ids.size()).filter(i -> i % 2 == parity)
                    .mapToObj(ids::get).toList();
            assignments.assign(name, share, List.of(subjects[0], subjects[second]), 2, 11, "test");
            for (long id : share) {
                judgments.add(new RecordJudgment(id, JudgeKind.HUMAN, subjects[0], Verdict.A, 1, List.of(), null, 900L,
                        "paging-1-" + id));
                judgments.add(new RecordJudgment(id, JudgeKind.HUMAN, subjects[second], Verdict.B, 1, List.of(), null, 900L,
                        "paging-" + (second + 1) + "-" + id));
            }
        }
        web.getBean(JudgmentService.class).recordAll(judgments);
        return ids;
    }

    @Test
    void a_reviewer_pages_past_item_500_and_filters_by_annotator_and_the_audit_log_finds_annotator1(@TempDir Path tmp)
            throws IOException {
        List<Long> ids = judgedPastFiveHundred(tmp);
        ReviewService review = workbench.web.getBean(ReviewService.class);
        QueueFilter paging = new QueueFilter(Optional.of("review-paging"), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Resolved.UNRESOLVED);
        List<Long> listed = review.queueIds(paging);
        assertThat(listed).containsExactlyElementsOf(ids);
        long last = listed.get(listed.size() - 1);
        List<Long> byAnnotator2 = review.queueIds(new QueueFilter(Optional.of("review-paging"), Optional.empty(),
                Optional.of(Workbench.subjectOf("annotator2")), Optional.empty(), Optional.empty(), Resolved.UNRESOLVED));
        assertThat(byAnnotator2).hasSize((ids.size() + 1) / 2);

        try (Browser browser = new Browser(workbench.appUrl)) {
            browser.login("/review", "reviewer1", "reviewer1");
            browser.waitFor(By.id("review-queue"));
            choose(browser, "review-dataset", "review-paging", "review-paging");
            WebDriverWait wait = new WebDriverWait(browser.driver, Duration.ofSeconds(30));
            wait.until(d -> d.findElement(By.id("review-queue-count")).getText().equals(listed.size() + " comparisons"));
            // Past row 500: the grid fetches that page when it is scrolled there.
            browser.js("document.getElementById('review-queue').scrollToIndex(arguments[0]);", listed.size() - 1);
            WebElement cell = wait.until(d -> d.findElements(By.cssSelector("#review-queue vaadin-grid-cell-content")).stream()
                    .filter(c -> c.getText().trim().equals(Long.toString(last))).findFirst().orElse(null));
            browser.click(cell);
            wait.until(d -> Long.toString(last).equals(d.findElement(By.id("review-detail")).getAttribute("data-comparison")));
            assertThat(listed.indexOf(last)).isGreaterThanOrEqualTo(500);
            browser.screenshot("review-past-500");

            // Filtered by annotator, shown by name and user name.
            choose(browser, "review-judge", "annotator2", "Ben Annotator (annotator2)");
            wait.until(d -> d.findElement(By.id("review-queue-count")).getText().equals(byAnnotator2.size() + " comparisons"));
            wait.until(d -> d.findElements(By.cssSelector("#review-queue vaadin-grid-cell-content")).stream()
                    .anyMatch(c -> c.getText().contains("Ben Annotator (annotator2): B")));
            assertThat(browser.driver.findElements(By.cssSelector("#review-queue vaadin-grid-cell-content")).stream()
                    .map(WebElement::getText).filter(t -> t.contains(": B")))
                    .isNotEmpty().allMatch(t -> t.contains("Ben Annotator (annotator2): B"));
            browser.screenshot("review-filtered-by-annotator");

            // Keys: Alt+2 picks "B better", Ctrl+Enter resolves and shows the next unresolved comparison.
            long first = byAnnotator2.get(0);
            browser.js("document.getElementById('review-queue').scrollToIndex(0);");
            browser.click(wait.until(d -> d.findElements(By.cssSelector("#review-queue vaadin-grid-cell-content")).stream()
                    .filter(c -> c.getText().trim().equals(Long.toString(first))).findFirst().orElse(null)));
            wait.until(d -> Long.toString(first).equals(d.findElement(By.id("review-detail")).getAttribute("data-comparison")));
            new Actions(browser.driver).keyDown(Keys.ALT).sendKeys("2").keyUp(Keys.ALT).perform();
            wait.until(d -> d.findElement(By.id("resolve-next")).isEnabled());
            new Actions(browser.driver).keyDown(Keys.CONTROL).sendKeys(Keys.ENTER).keyUp(Keys.CONTROL).perform();
            wait.until(d -> Long.toString(byAnnotator2.get(1))
                    .equals(d.findElement(By.id("review-detail")).getAttribute("data-comparison")));
            assertThat(review.detail(first).resolution()).get().extracting(r -> r.getVerdict()).isEqualTo(Verdict.B);
            browser.assertNoCspViolations();
        }

        try (Browser browser = new Browser(workbench.appUrl)) {
            browser.login("/audit", "admin", "admin");
            WebElement actor = browser.waitFor(By.cssSelector("#audit-actor input"));
            actor.sendKeys("annotator1");
            WebDriverWait wait = new WebDriverWait(browser.driver, Duration.ofSeconds(30));
            wait.until(d -> d.findElements(By.cssSelector("#audit-grid vaadin-grid-cell-content")).stream()
                    .anyMatch(c -> c.getText().equals("judgment.record")));
            List<String> cells = browser.driver.findElements(By.cssSelector("#audit-grid vaadin-grid-cell-content")).stream()
                    .map(WebElement::getText).toList();
            assertThat(cells).contains("Ada Annotator (annotator1)").doesNotContain("Ben Annotator (annotator2)");
            assertThat(browser.driver.findElement(By.id("audit-export")).getAttribute("href")).isNotBlank();
            browser.screenshot("audit-filtered-annotator1");
            browser.assertNoCspViolations();
        }
    }

    /** Types {@code text} into a combo box and picks the item labelled {@code label}. */
    private static void choose(Browser browser, String id, String text, String label) {
        WebElement input = browser.waitFor(By.cssSelector("#" + id + " input"));
        browser.click(input);
        input.sendKeys(text);
        WebElement item = new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d -> d.findElements(
                By.cssSelector("vaadin-combo-box-item")).stream().filter(i -> i.getText().trim().equals(label))
                .findFirst().orElse(null));
        item.click();
    }

    @Test
    void an_admin_imports_a_dataset_with_one_bad_image_sees_the_error_and_nothing_is_imported(@TempDir Path tmp) throws IOException {
        Path world = tmp.resolve("world");
        World.generate(WorldConfig.defaults(3, 99)).writeDataset(world, "broken-upload");
        Path victim;
        try (Stream<Path> files = Files.walk(world)) {
            victim = files.filter(p -> p.getFileName().toString().endsWith(".png")).sorted().findFirst().orElseThrow();
        }
        byte[] png = Files.readAllBytes(victim);
        Files.write(victim, java.util.Arrays.copyOf(png, png.length / 3));
        Path zip = tmp.resolve("broken-upload.zip");
        zipFolder(world, zip);
        long itemsBefore = workbench.jdbc.queryForObject("select count(*) from item", Long.class);
        try (Browser browser = new Browser(workbench.appUrl)) {
            browser.login("/datasets", "admin", "admin");
            WebElement upload = browser.waitFor(By.id("import-upload"));
            WebElement input = (WebElement) browser.js(
                    "const u = arguments[0]; return u.querySelector('input[type=file]') || u.shadowRoot.querySelector('input[type=file]');",
                    upload);
            input.sendKeys(zip.toAbsolutePath().toString());
            WebElement errors = new WebDriverWait(browser.driver, Duration.ofSeconds(60)).until(d -> {
                List<WebElement> grids = d.findElements(By.cssSelector("#import-errors"));
                return grids.isEmpty() || !grids.get(0).isDisplayed() ? null : grids.get(0);
            });
            String victimName = victim.getFileName().toString();
            new WebDriverWait(browser.driver, Duration.ofSeconds(30)).until(d -> errors.findElements(
                    By.xpath("//vaadin-grid-cell-content")).stream().anyMatch(c -> c.getText().contains(victimName)));
            browser.screenshot("datasets-import-error");
            assertThat(browser.driver.findElement(By.id("import-result")).getText()).isNotBlank();
        }
        assertThat(workbench.jdbc.queryForObject("select count(*) from item", Long.class)).isEqualTo(itemsBefore);
        assertThat(workbench.jdbc.queryForObject("select count(*) from dataset where name = 'broken-upload'", Long.class)).isZero();
    }

    @Test
    void an_admin_names_an_upload_as_typed_refusing_a_bad_name_then_renames_and_deletes_the_dataset(@TempDir Path tmp)
            throws IOException {
        Path world = tmp.resolve("world");
        World.generate(WorldConfig.defaults(3, 77)).writeDataset(world, "carried-name");
        Path zip = tmp.resolve("named-upload.zip");
        zipFolder(world, zip);
        long datasetsBefore = workbench.jdbc.queryForObject("select count(*) from dataset", Long.class);
        try (Browser browser = new Browser(workbench.appUrl)) {
            browser.login("/datasets", "admin", "admin");
            WebElement name = browser.waitFor(By.cssSelector("#import-name input"));

            // A bad name typed and the file chosen at once, without leaving the field: refused for the name.
            name.sendKeys("../../tmp/evil<img src=x>");
            chooseFile(browser, zip);
            new WebDriverWait(browser.driver, Duration.ofSeconds(30)).until(d ->
                    d.findElement(By.id("import-result")).getText().contains("is not allowed"));
            assertThat(browser.driver.findElement(By.id("import-name")).getAttribute("invalid")).isNotNull();
            browser.screenshot("datasets-bad-name");
            assertThat(workbench.jdbc.queryForObject("select count(*) from dataset", Long.class)).isEqualTo(datasetsBefore);

            // A good name, again straight to the file: the typed name wins over the one the manifest carries.
            name.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
            name.sendKeys("typed-name");
            // Another file: a file input fires no change when given the same file again.
            chooseFile(browser, Files.copy(zip, tmp.resolve("typed-upload.zip")));
            new WebDriverWait(browser.driver, Duration.ofSeconds(60))
                    .withMessage(() -> "import result: " + browser.driver.findElement(By.id("import-result")).getText()
                            + "; name field: " + browser.js("return arguments[0].value;", name))
                    .until(d -> d.findElement(By.id("import-result")).getText().startsWith("Imported 'typed-name'"));
            assertThat(workbench.jdbc.queryForObject("select count(*) from dataset where name in ('typed-name',"
                    + " 'carried-name')", Long.class)).isEqualTo(1L);

            // The new dataset is selected: rename it, then delete it (once the refusal's notification has gone).
            new WebDriverWait(browser.driver, Duration.ofSeconds(20)).until(d ->
                    d.findElements(By.cssSelector("vaadin-notification-card[theme~=error]")).isEmpty());
            WebElement renameTo = browser.waitFor(By.cssSelector("#rename-to input"));
            renameTo.sendKeys("renamed-upload");
            browser.click(browser.driver.findElement(By.id("rename-dataset")));
            new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d ->
                    d.findElement(By.id("dataset-admin-result")).getText().equals("Renamed 'typed-name' to 'renamed-upload'"));
            assertThat(browser.driver.findElement(By.id("selected-dataset")).getText()).isEqualTo("renamed-upload");
            browser.click(browser.driver.findElement(By.id("delete-dataset")));
            WebElement confirm = new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d -> (WebElement) browser.js(
                    "return [...document.querySelectorAll('[slot=confirm-button]')].find(b => b.offsetParent !== null) || null;"));
            browser.screenshot("datasets-confirm-delete");
            browser.click(confirm);
            new WebDriverWait(browser.driver, Duration.ofSeconds(30)).until(d -> workbench.jdbc.queryForObject(
                    "select count(*) from dataset where name = 'renamed-upload'", Long.class) == 0);
            new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d -> d.findElements(
                    By.cssSelector("#dataset-grid vaadin-grid-cell-content")).stream()
                    .noneMatch(c -> c.getText().equals("renamed-upload")));
        }
        assertThat(workbench.jdbc.queryForObject("select count(*) from dataset", Long.class)).isEqualTo(datasetsBefore);
        assertThat(workbench.jdbc.queryForList("select action from audit_log where actor = 'admin' and action in"
                + " ('dataset.import', 'dataset.rename', 'dataset.delete') and target in ('typed-name', 'renamed-upload')"
                + " order by id", String.class)).containsExactly("dataset.import", "dataset.rename", "dataset.delete");
    }

    private static void chooseFile(Browser browser, Path file) {
        WebElement upload = browser.waitFor(By.id("import-upload"));
        WebElement input = (WebElement) browser.js(
                "const u = arguments[0]; return u.querySelector('input[type=file]') || u.shadowRoot.querySelector('input[type=file]');",
                upload);
        input.sendKeys(file.toAbsolutePath().toString());
    }

    @Test
    void an_admin_starts_a_critic_job_and_follows_it_to_its_summary() {
        long before = workbench.jdbc.queryForObject("select count(*) from critic_job", Long.class);
        try (Browser browser = new Browser(workbench.appUrl)) {
            browser.login("/critic", "admin", "admin");
            browser.waitFor(By.id("critic-job-grid"));
            // The first dataset (the demo world) and the claim checker are chosen already.
            browser.waitFor(By.id("critic-dataset"));
            browser.click(browser.driver.findElement(By.id("critic-start")));
            // The critic service (its own process) judges the job; the view polls until it is done.
            new WebDriverWait(browser.driver, Duration.ofMinutes(3)).until(d -> workbench.jdbc.queryForObject(
                    "select count(*) from critic_job where status = 'SUCCEEDED'", Long.class) == before + 1);
            new WebDriverWait(browser.driver, Duration.ofSeconds(30)).until(d -> d.findElements(
                    By.cssSelector("#critic-job-grid vaadin-grid-cell-content")).stream()
                    .filter(c -> c.getText().equals("SUCCEEDED")).count() == before + 1);
            browser.screenshot("critic-jobs");
        }
        assertThat(workbench.jdbc.queryForObject("select count(*) from critic_job", Long.class)).isEqualTo(before + 1);
        assertThat(workbench.jdbc.queryForObject("select count(*) from audit_log where action = 'critic.job.create'"
                + " and actor = 'admin'", Long.class)).isEqualTo(1L);
    }

    @Test
    void an_admin_defines_a_training_job_runs_it_now_and_cancels_the_waiting_run() {
        try (Browser browser = new Browser(workbench.appUrl)) {
            browser.login("/jobs", "admin", "admin");
            WebElement name = browser.waitFor(By.cssSelector("#job-name input"));
            browser.click(name);
            name.sendKeys("browser-dpo");
            WebElement pairs = browser.driver.findElement(By.cssSelector("#job-min-pairs input"));
            browser.click(pairs);
            pairs.sendKeys(Keys.chord(Keys.CONTROL, "a"), "7");
            WebElement cron = browser.driver.findElement(By.cssSelector("#job-cron input"));
            browser.click(cron);
            cron.sendKeys("0 30 3 * * ?");
            browser.click(browser.driver.findElement(By.id("job-save")));
            WebDriverWait wait = new WebDriverWait(browser.driver, Duration.ofSeconds(30));
            wait.until(d -> !d.findElements(By.id("job-run-browser-dpo")).isEmpty());
            assertThat(browser.driver.findElements(By.cssSelector("#job-grid vaadin-grid-cell-content")).stream()
                    .map(WebElement::getText).toList()).contains("browser-dpo", "TRAINING", "0 30 3 * * ?");

            browser.click(browser.driver.findElement(By.id("job-run-browser-dpo")));
            // The run sends its command to the trainer service (not running in this fixture) and waits for its answer.
            wait.until(d -> workbench.jdbc.queryForObject("select count(*) from job_run where job_name = 'browser-dpo'"
                    + " and status = 'WAITING'", Long.class) == 1);
            long run = workbench.jdbc.queryForObject("select id from job_run where job_name = 'browser-dpo'", Long.class);
            wait.until(d -> d.findElements(By.id("job-cancel-" + run)).stream().anyMatch(WebElement::isDisplayed));
            browser.screenshot("jobs-waiting");
            // Found afresh at the click: the view may have redrawn the grid since.
            wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                    .ignoring(org.openqa.selenium.ElementClickInterceptedException.class).until(d -> {
                browser.click(d.findElement(By.id("job-cancel-" + run)));
                return true;
            });
            wait.until(d -> "CANCELLED".equals(workbench.jdbc.queryForObject(
                    "select status from job_run where id = ?", String.class, run)));
            // The text, not the visible text: clicking Cancel (the last column) may have scrolled the grid sideways,
            // away from the status column, when other tests' runs have long log lines.
            try {
                wait.until(d -> d.findElements(By.cssSelector("#job-run-grid vaadin-grid-cell-content")).stream()
                        .anyMatch(c -> "CANCELLED".equals(c.getDomProperty("textContent").strip())));
            } catch (org.openqa.selenium.TimeoutException e) {
                browser.screenshot("jobs-cancel-not-shown");
                throw new AssertionError("the runs grid never showed CANCELLED; its cells: " + browser.driver.findElements(
                        By.cssSelector("#job-run-grid vaadin-grid-cell-content")).stream()
                        .map(c -> c.getDomProperty("textContent")).toList()
                        + "; runs: " + workbench.jdbc.queryForList("select id, job_name, status from job_run order by id"), e);
            }
            browser.assertNoCspViolations();
        }
        assertThat(workbench.jdbc.queryForList("select action from audit_log where target = 'job browser-dpo' order by id",
                String.class)).containsExactly("job.schedule", "job.run", "job.request", "job.cancel");
        assertThat(workbench.jdbc.queryForObject("select count(*) from outbox_event where topic = 'groundwork.commands.v1'"
                + " and payload like '%job:browser-dpo%'", Long.class)).isEqualTo(1L);
    }

    private static void zipFolder(Path folder, Path zip) throws IOException {
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out);
                Stream<Path> files = Files.walk(folder)) {
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                z.putNextEntry(new ZipEntry(folder.relativize(p).toString().replace('\\', '/')));
                Files.copy(p, z);
                z.closeEntry();
            }
        }
    }
}
