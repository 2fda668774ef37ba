package dev.groundwork.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.annotation.judgment.JudgmentService;
import dev.groundwork.annotation.review.ReviewService;
import dev.groundwork.annotation.simulate.JudgmentSimulator;
import dev.groundwork.storage.world.World;
import dev.groundwork.storage.world.WorldConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
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
