package dev.groundwork.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.web.reports.ArtifactFiles;
import dev.groundwork.web.reports.ReportEndpoint;
import dev.groundwork.web.reports.TestReports;
import dev.groundwork.web.training.TrainingEventStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Reports view in headless Chromium, signed in through the real Keycloak: an evaluation report (small real
 * report.html and report.pdf in the workbench's artifact store, announced by an EvaluationCompleted event applied
 * through the training events store, as the consumer does) is listed, shown inline and downloaded by a reviewer, and
 * refused to an annotator on the server.
 */
class ReportsBrowserIT {

    static Workbench workbench;
    static String key;
    static final String TITLE = "sft vs dpo on world-heldout (browser test)";

    @BeforeAll
    static void aReportInTheArtifactStore() throws IOException {
        workbench = Workbench.get();
        key = UUID.randomUUID().toString();
        Path dir = workbench.web.getBean(ArtifactFiles.class).root().resolve("evals").resolve(key);
        TestReports.writeFiles(dir, TITLE);
        assertThat(workbench.web.getBean(TrainingEventStore.class)
                .apply(TestReports.event(key, TITLE, "world-heldout", dir, Instant.now()))).isTrue();
    }

    @Test
    void a_reviewer_opens_a_report_in_the_view_and_downloads_its_pdf() {
        String pdfHref;
        try (Browser browser = new Browser(workbench.appUrl)) {
            browser.login("/reports", "reviewer1", "reviewer1");
            browser.waitFor(By.id("reports-grid"));
            WebElement cell = new WebDriverWait(browser.driver, Duration.ofSeconds(30)).until(d ->
                    d.findElements(By.cssSelector("#reports-grid vaadin-grid-cell-content")).stream()
                            .filter(c -> c.getText().trim().equals(TITLE)).findFirst().orElse(null));
            assertThat(browser.driver.findElements(By.cssSelector("#reports-grid vaadin-grid-cell-content")).stream()
                    .map(c -> c.getText().trim()).toList())
                    .contains("world-heldout", "sft (sft) · dpo (dpo)", "sft 0.312 · dpo 0.125", "sft 0.701 · dpo 0.802");
            browser.click(cell);
            new WebDriverWait(browser.driver, Duration.ofSeconds(15)).until(d ->
                    key.equals(d.findElement(By.id("report-detail")).getAttribute("data-report")));
            WebElement frame = browser.waitFor(By.id("report-frame"));
            new WebDriverWait(browser.driver, Duration.ofSeconds(30)).until(d -> {
                d.switchTo().frame(frame);
                try {
                    return d.findElements(By.tagName("body")).stream().anyMatch(h -> h.getText().contains(TestReports.HEADLINE));
                } finally {
                    d.switchTo().defaultContent();
                }
            });
            browser.screenshot("reports-detail");
            pdfHref = browser.driver.findElement(By.id("report-pdf")).getAttribute("href");
        }
        assertThat(pdfHref).endsWith(ReportEndpoint.pdfPath(key));
        HttpSession reviewer = new HttpSession(workbench.appUrl).login("reviewer1", "reviewer1");
        HttpResponse<byte[]> pdf = reviewer.getBytes(URI.create(pdfHref).getPath());
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type").orElse("")).isEqualTo("application/pdf");
        assertThat(pdf.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment")
                .contains(".pdf");
        assertThat(new String(Arrays.copyOf(pdf.body(), 5), StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
        HttpResponse<byte[]> html = reviewer.getBytes("/" + ReportEndpoint.htmlPath(key));
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Disposition").orElse("")).startsWith("inline");
        assertThat(html.headers().firstValue("X-Frame-Options").orElse("")).isEqualTo("SAMEORIGIN");
    }

    @Test
    void an_annotator_is_refused_the_view_and_the_report_files() {
        try (Browser browser = new Browser(workbench.appUrl)) {
            browser.login("/annotate", "annotator3", "annotator3");
            browser.waitFor(By.id("annotate"));
            assertThat(browser.driver.findElements(By.cssSelector("vaadin-side-nav-item")).stream().map(WebElement::getText))
                    .isNotEmpty().noneMatch(label -> label.contains("Reports"));
            browser.open("/reports");
            browser.waitFor(By.cssSelector("#access-denied, #not-found"));
            assertThat(browser.driver.findElements(By.id("reports"))).isEmpty();
            browser.screenshot("annotator-refused-reports");
        }
        HttpSession annotator = new HttpSession(workbench.appUrl).login("annotator3", "annotator3");
        for (String path : new String[] {ReportEndpoint.htmlPath(key), ReportEndpoint.pdfPath(key)}) {
            HttpResponse<byte[]> response = annotator.getBytes("/" + path);
            assertThat(response.statusCode()).as(path).isEqualTo(403);
            assertThat(new String(response.body(), StandardCharsets.UTF_8)).as(path)
                    .doesNotContain(TestReports.HEADLINE).doesNotStartWith("%PDF");
        }
    }
}
