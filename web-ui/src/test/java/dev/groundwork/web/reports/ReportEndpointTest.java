package dev.groundwork.web.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import dev.groundwork.annotation.AnnotationConfiguration;
import dev.groundwork.annotation.event.EvaluationCompleted;
import dev.groundwork.web.training.TrainingEventStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * The report endpoint on a real storage context (in-memory H2, no web server, no login: SecurityConfiguration's role
 * rule is checked by RoleMatrixIT and ReportsBrowserIT), with report files in a temporary artifact store.
 */
@SpringBootTest(classes = ReportEndpointTest.Context.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                "spring.datasource.url=jdbc:h2:mem:report-endpoint-${random.uuid};DB_CLOSE_DELAY=-1",
                "spring.jpa.hibernate.ddl-auto=validate",
                "spring.jpa.open-in-view=false",
                "spring.main.banner-mode=off",
                "groundwork.storage.image-root=${java.io.tmpdir}/gw-report-endpoint-images",
                "groundwork.artifacts.root=${java.io.tmpdir}/gw-report-endpoint-artifacts",
                "logging.level.root=WARN"})
class ReportEndpointTest {

    @SpringBootConfiguration
    @ImportAutoConfiguration({DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
            HibernateJpaAutoConfiguration.class, TransactionAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
            JacksonAutoConfiguration.class})
    @Import({AnnotationConfiguration.class, TrainingEventStore.class, EvaluationReports.class, ArtifactFiles.class,
            ReportEndpoint.class})
    static class Context {}

    @Autowired ReportEndpoint endpoint;
    @Autowired TrainingEventStore store;
    @Autowired ArtifactFiles artifacts;

    private MockMvc mvc;
    private String key;
    private Path dir;

    @BeforeEach
    void aReportInTheStore() throws Exception {
        mvc = MockMvcBuilders.standaloneSetup(endpoint).build();
        key = UUID.randomUUID().toString();
        dir = artifacts.root().resolve("evals").resolve(key);
        TestReports.writeFiles(dir, "sft vs dpo");
        store.apply(TestReports.event(key, "sft vs dpo on world-heldout", "world-heldout", dir, Instant.now()));
    }

    private MockHttpServletResponse fetch(String path) throws Exception {
        return mvc.perform(get("/" + path)).andReturn().getResponse();
    }

    @Test
    void the_html_report_is_served_inline_as_html_under_a_policy_that_runs_no_script() throws Exception {
        MockHttpServletResponse response = fetch(ReportEndpoint.htmlPath(key));

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentType()).startsWith("text/html");
        assertThat(response.getHeader("Content-Disposition")).startsWith("inline");
        assertThat(response.getHeader("Content-Security-Policy")).startsWith("sandbox").contains("default-src 'none'");
        assertThat(response.getContentAsString(StandardCharsets.UTF_8)).contains(TestReports.HEADLINE);
    }

    @Test
    void the_pdf_is_a_download_named_after_the_report() throws Exception {
        MockHttpServletResponse response = fetch(ReportEndpoint.pdfPath(key));

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentType()).isEqualTo("application/pdf");
        assertThat(response.getHeader("Content-Disposition")).startsWith("attachment")
                .contains("sft-vs-dpo-on-world-heldout-" + key.substring(0, 8) + ".pdf");
        byte[] body = response.getContentAsByteArray();
        assertThat(new String(body, 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
        assertThat(response.getContentLengthLong()).isEqualTo(body.length);
    }

    @Test
    void a_report_whose_file_is_gone_is_404_saying_so() throws Exception {
        Files.delete(dir.resolve("report.pdf"));

        MockHttpServletResponse response = fetch(ReportEndpoint.pdfPath(key));

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getContentType()).startsWith("text/plain");
        assertThat(response.getContentAsString(StandardCharsets.UTF_8)).contains("is gone").contains("report.pdf");
    }

    @Test
    void an_unknown_report_is_404() throws Exception {
        MockHttpServletResponse response = fetch(ReportEndpoint.htmlPath("no-such-report"));

        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getContentAsString(StandardCharsets.UTF_8)).contains("no evaluation report 'no-such-report'");
    }

    @Test
    void report_uris_outside_the_artifact_store_are_refused(@TempDir Path elsewhere) throws Exception {
        TestReports.writeFiles(elsewhere, "outside");
        Path inside = artifacts.root().resolve("evals").resolve("sneaky-" + UUID.randomUUID());
        Files.createDirectories(inside);
        Files.createSymbolicLink(inside.resolve("report.html"), elsewhere.resolve("report.html"));
        String[] uris = {
                elsewhere.resolve("report.html").toUri().toString(),
                artifacts.root().toUri() + "evals/../../" + elsewhere.getFileName() + "/report.html",
                inside.resolve("report.html").toUri().toString(),
                "http://example.org/report.html",
                "/etc/passwd"};
        for (String uri : uris) {
            String other = UUID.randomUUID().toString();
            var event = TestReports.event(other, "outside", "world-heldout", elsewhere, Instant.now());
            store.apply(new EvaluationCompleted(event.eventId(), event.type(),
                    event.schemaVersion(), event.occurredAt(), other, event.suite(), event.title(), event.items(),
                    event.seed(), event.checkpoints(), null, null, uri, uri));

            MockHttpServletResponse response = fetch(ReportEndpoint.htmlPath(other));

            assertThat(response.getStatus()).as(uri).isEqualTo(403);
            assertThat(response.getContentAsString(StandardCharsets.UTF_8)).as(uri).contains("artifact store")
                    .doesNotContain(TestReports.HEADLINE);
        }
    }
}
