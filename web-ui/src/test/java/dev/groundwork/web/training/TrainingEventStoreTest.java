package dev.groundwork.web.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.groundwork.annotation.AnnotationConfiguration;
import dev.groundwork.annotation.event.CheckpointSaved;
import dev.groundwork.annotation.event.CheckpointSaved.JudgeCount;
import dev.groundwork.annotation.event.CheckpointSaved.OffsetRange;
import dev.groundwork.annotation.event.EvaluationCompleted;
import dev.groundwork.annotation.event.TrainingMetrics;
import dev.groundwork.annotation.event.TrainingRunStarted;
import dev.groundwork.storage.training.ComparedCheckpoint;
import dev.groundwork.storage.training.EvaluationReport;
import dev.groundwork.storage.training.EvaluationReportRepository;
import dev.groundwork.web.reports.TestReports;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
    @Import({AnnotationConfiguration.class, TrainingEventStore.class, TrainingRuns.class})
    static class Context {}

    static final Path DIR = Path.of("/srv/groundwork/artifacts/evals/e1");
    static final Instant AT = Instant.parse("2026-12-01T10:12:00Z");

    @Autowired TrainingEventStore store;
    @Autowired EvaluationReportRepository reports;
    @Autowired JdbcTemplate jdbc;
    @Autowired TrainingRuns training;

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

    static final String TOPIC = "groundwork.judgments.v1";

    static TrainingRunStarted started(String runId, Instant at) {
        return new TrainingRunStarted(UUID.randomUUID().toString(), TrainingRunStarted.TYPE, 1, at, runId, "mdpo",
                Map.of("beta", "0.1"), 1, "cpu", "judgment stream " + TOPIC + "-0 [0, 12)", "service:follow", 2, 6);
    }

    static TrainingMetrics metrics(String runId, long step, Map<String, Double> values) {
        return new TrainingMetrics(UUID.randomUUID().toString(), TrainingMetrics.TYPE, 1, AT.plusSeconds(step), runId, step, 6,
                values);
    }

    static CheckpointSaved checkpoint(String runId, long step, List<JudgeCount> judges) {
        return new CheckpointSaved(UUID.randomUUID().toString(), CheckpointSaved.TYPE, 1, AT.plusSeconds(60), runId, step,
                "file:///srv/groundwork/artifacts/runs/follow/round-2/", "{\"objective\":\"mdpo\"}",
                List.of(new OffsetRange(TOPIC, 0, 12, 30)), 7, "policy-v3: latest correction", 2, judges);
    }

    private List<TrainingRuns.Lineage> lineage(String runKey) {
        long id = training.newestFirst(500).stream().filter(r -> r.runKey().equals(Optional.of(runKey))).findFirst()
                .orElseThrow().id();
        return training.checkpoints(id);
    }

    @Test
    void a_checkpoint_is_stored_with_its_offset_ranges_and_the_judges_who_decided_its_pairs() {
        String run = UUID.randomUUID().toString();
        store.apply(started(run, AT));
        store.apply(checkpoint(run, 6, List.of(new JudgeCount("HUMAN", "alice", 5), new JudgeCount("CRITIC", "claims", 2),
                new JudgeCount("HUMAN", "bob", 6), new JudgeCount("REVIEWER", "reviewer-1", 1))));

        TrainingRuns.Lineage saved = lineage(run).get(0);
        assertThat(saved.step()).isEqualTo(6);
        assertThat(saved.pairs()).contains(7L);
        assertThat(saved.offsetRanges()).containsExactly(new OffsetRange(TOPIC, 0, 12, 30));
        assertThat(saved.judges()).as("humans, critics, reviewers; most pairs first").containsExactly(
                new TrainingRuns.Judge("HUMAN", "bob", 6), new TrainingRuns.Judge("HUMAN", "alice", 5),
                new TrainingRuns.Judge("CRITIC", "claims", 2), new TrainingRuns.Judge("REVIEWER", "reviewer-1", 1));
        assertThat(saved.judgesUnreported()).isFalse();
        assertThat(jdbc.queryForObject("select count(*) from checkpoint_judge", Long.class)).isGreaterThanOrEqualTo(4);
    }

    @Test
    void a_checkpoint_reported_again_keeps_one_set_of_judges() {
        String run = UUID.randomUUID().toString();
        store.apply(started(run, AT));
        store.apply(checkpoint(run, 6, List.of(new JudgeCount("HUMAN", "alice", 5))));
        assertThat(store.apply(checkpoint(run, 6, List.of(new JudgeCount("HUMAN", "alice", 7))))).isTrue();

        assertThat(lineage(run)).singleElement().extracting(TrainingRuns.Lineage::judges)
                .isEqualTo(List.of(new TrainingRuns.Judge("HUMAN", "alice", 7)));
    }

    @Test
    void a_checkpoint_event_of_an_older_trainer_without_judges_is_stored_and_says_they_were_not_reported() {
        String run = UUID.randomUUID().toString();
        store.apply(started(run, AT));
        CheckpointSaved withJudges = checkpoint(run, 6, List.of());
        String json = dev.groundwork.annotation.event.EventCodec.encodeToString(withJudges).replace(",\"judges\":[]", "");
        assertThat(json).doesNotContain("judges");
        assertThat(store.apply((CheckpointSaved) dev.groundwork.annotation.event.EventCodec.decode(
                json.getBytes(java.nio.charset.StandardCharsets.UTF_8)))).isTrue();

        TrainingRuns.Lineage saved = lineage(run).get(0);
        assertThat(saved.judges()).isEmpty();
        assertThat(saved.offsetRanges()).isNotEmpty();
        assertThat(saved.judgesUnreported()).isTrue();
    }

    @Test
    void a_run_s_metric_points_are_read_once_each_as_they_arrive() {
        String run = UUID.randomUUID().toString();
        store.apply(started(run, AT.plusSeconds(3600)));
        store.apply(metrics(run, 1, Map.of("loss", 0.69, "rewards/imageless_margins", 0.01)));
        TrainingRuns.RunSummary summary = training.newestFirst(1).get(0);
        assertThat(summary.runKey()).contains(run);
        assertThat(summary).extracting(TrainingRuns.RunSummary::lastStep, TrainingRuns.RunSummary::points,
                TrainingRuns.RunSummary::totalSteps).containsExactly(1L, 2L, Optional.of(6L));

        MetricCurves curves = new MetricCurves(summary.id());
        assertThat(curves.add(training.samplesAfter(summary.id(), curves.lastId()))).isTrue();
        store.apply(metrics(run, 2, Map.of("loss", 0.61, "rewards/imageless_margins", 0.05)));
        List<TrainingRuns.Sample> next = training.samplesAfter(summary.id(), curves.lastId());
        assertThat(next).extracting(TrainingRuns.Sample::step).containsOnly(2L).hasSize(2);
        curves.add(next);
        assertThat(curves.points()).isEqualTo(4);
        assertThat(curves.of("loss")).containsExactly(Map.entry(1L, 0.69), Map.entry(2L, 0.61));
        assertThat(training.samplesAfter(summary.id(), curves.lastId())).isEmpty();
    }
}
