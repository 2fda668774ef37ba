package dev.groundwork.web.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.groundwork.annotation.AnnotationConfiguration;
import dev.groundwork.annotation.event.EvaluationCompleted;
import dev.groundwork.storage.training.ComparedCheckpoint;
import dev.groundwork.storage.training.EvaluationReport;
import dev.groundwork.storage.training.EvaluationReportRepository;
import dev.groundwork.web.reports.TestReports;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/** The training events store on a real storage context (in-memory H2 with the Flyway migrations). */
@SpringBootTest(classes = TrainingEventStoreTest.Context.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                "spring.datasource.url=jdbc:h2:mem:training-event-store-${random.uuid};DB_CLOSE_DELAY=-1",
                "spring.jpa.hibernate.ddl-auto=validate",
                "spring.jpa.open-in-view=false",
                "spring.main.banner-mode=off",
                "groundwork.storage.image-root=${java.io.tmpdir}/gw-training-event-store-images",
                "logging.level.root=WARN"})
class TrainingEventStoreTest {

    @SpringBootConfiguration
    @ImportAutoConfiguration({DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
            HibernateJpaAutoConfiguration.class, TransactionAutoConfiguration.class, JdbcTemplateAutoConfiguration.class})
    @Import({AnnotationConfiguration.class, TrainingEventStore.class})
    static class Context {}

    static final Path DIR = Path.of("/srv/groundwork/artifacts/evals/e1");
    static final Instant AT = Instant.parse("2026-12-01T10:12:00Z");

    @Autowired TrainingEventStore store;
    @Autowired EvaluationReportRepository reports;
    @Autowired JdbcTemplate jdbc;

    private long rows(String key) {
        return jdbc.queryForObject("select count(*) from evaluation_report where evaluation_key = ?", Long.class, key);
    }

    @Test
    void an_evaluation_is_stored_with_its_checkpoints_figures_and_files() {
        String key = UUID.randomUUID().toString();
        EvaluationCompleted event = TestReports.event(key, "sft vs dpo", "world-heldout", DIR, AT);

        assertThat(store.apply(event)).isTrue();

        EvaluationReport report = reports.findByEvaluationKey(key).orElseThrow();
        assertThat(report.getTitle()).isEqualTo("sft vs dpo");
        assertThat(report.getSuite()).isEqualTo("world-heldout");
        assertThat(report.getItemCount()).isEqualTo(40);
        assertThat(report.getSeed()).isEqualTo(7);
        assertThat(report.getOccurredAt()).isEqualTo(AT);
        assertThat(report.getCheckpoints()).extracting(ComparedCheckpoint::label, ComparedCheckpoint::objective)
                .containsExactly(tuple("sft", "sft"), tuple("dpo", "dpo"));
        assertThat(report.getCheckpoints().get(1).headline()).containsEntry("chair_i", 0.125)
                .containsEntry("pope_f1_score_adversarial", 0.802);
        assertThat(report.getFiles()).isEqualTo(new EvaluationReport.ReportFiles(event.reportHtmlUri(), event.reportPdfUri(),
                Optional.of(event.metricsUri()), Optional.of(event.samplesUri())));
        assertThat(report.getDataset()).isEmpty();
    }

    @Test
    void an_event_delivered_twice_is_applied_once() {
        String key = UUID.randomUUID().toString();
        EvaluationCompleted event = TestReports.event(key, "twice", "pope", DIR, AT);

        assertThat(store.apply(event)).isTrue();
        assertThat(store.apply(event)).isFalse();

        assertThat(rows(key)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from processed_event where event_id = ?", Long.class, event.eventId()))
                .isEqualTo(1);
    }

    @Test
    void the_same_evaluation_under_another_event_id_stays_one_report_with_the_latest_content() {
        String key = UUID.randomUUID().toString();
        store.apply(TestReports.event(key, "first", "pope", DIR, AT));

        assertThat(store.apply(TestReports.event(key, "redone", "pope", DIR, AT.plusSeconds(60)))).isTrue();
        assertThat(store.apply(TestReports.event(key, "stale", "pope", DIR, AT.minusSeconds(60)))).isTrue();

        assertThat(rows(key)).isEqualTo(1);
        assertThat(reports.findByEvaluationKey(key).orElseThrow().getTitle()).isEqualTo("redone");
    }

    @Test
    void an_evaluation_without_metrics_or_samples_files_is_stored_without_them() {
        String key = UUID.randomUUID().toString();
        EvaluationCompleted full = TestReports.event(key, "bare", "pope", DIR, AT);
        store.apply(new EvaluationCompleted(full.eventId(), full.type(), full.schemaVersion(), full.occurredAt(), key,
                full.suite(), full.title(), 0, 0, List.of(), null, null, full.reportHtmlUri(), full.reportPdfUri()));

        EvaluationReport report = reports.findByEvaluationKey(key).orElseThrow();
        assertThat(report.getCheckpoints()).isEmpty();
        assertThat(report.getFiles().metricsUri()).isEmpty();
        assertThat(report.getFiles().samplesUri()).isEmpty();
    }
}
