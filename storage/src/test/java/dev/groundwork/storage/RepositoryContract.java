package dev.groundwork.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundwork.storage.audit.AuditLog;
import dev.groundwork.storage.audit.AuditLogRepository;
import dev.groundwork.storage.dataset.Dataset;
import dev.groundwork.storage.dataset.DatasetRepository;
import dev.groundwork.storage.dataset.HallucinationType;
import dev.groundwork.storage.dataset.Item;
import dev.groundwork.storage.dataset.ItemRepository;
import dev.groundwork.storage.dataset.Response;
import dev.groundwork.storage.dataset.ResponseRepository;
import dev.groundwork.storage.dataset.TaskType;
import dev.groundwork.storage.image.GroundTruthObject;
import dev.groundwork.storage.image.GroundTruthObjectRepository;
import dev.groundwork.storage.image.GroundTruthRelation;
import dev.groundwork.storage.image.GroundTruthRelationRepository;
import dev.groundwork.storage.image.Image;
import dev.groundwork.storage.image.ImageFormat;
import dev.groundwork.storage.image.ImageInfo;
import dev.groundwork.storage.image.ImageRepository;
import dev.groundwork.storage.judgment.Annotator;
import dev.groundwork.storage.judgment.AnnotatorRepository;
import dev.groundwork.storage.judgment.Assignment;
import dev.groundwork.storage.judgment.AssignmentRepository;
import dev.groundwork.storage.judgment.Comparison;
import dev.groundwork.storage.judgment.ComparisonRepository;
import dev.groundwork.storage.judgment.JudgeKind;
import dev.groundwork.storage.judgment.Judgment;
import dev.groundwork.storage.judgment.JudgmentRepository;
import dev.groundwork.storage.judgment.JudgmentTag;
import dev.groundwork.storage.judgment.Verdict;
import dev.groundwork.storage.outbox.OutboxEvent;
import dev.groundwork.storage.outbox.OutboxEventRepository;
import dev.groundwork.storage.training.Checkpoint;
import dev.groundwork.storage.training.CheckpointRepository;
import dev.groundwork.storage.training.ComparedCheckpoint;
import dev.groundwork.storage.training.EvaluationReport;
import dev.groundwork.storage.training.EvaluationReportRepository;
import dev.groundwork.storage.training.MetricPoint;
import dev.groundwork.storage.training.MetricPointRepository;
import dev.groundwork.storage.training.TrainingRun;
import dev.groundwork.storage.training.TrainingRunRepository;
import jakarta.persistence.EntityManager;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.PageRequest;
import org.springframework.transaction.annotation.Transactional;

/**
 * The repositories against a real database, run once on H2 ({@link H2RepositoryTest}) and once on
 * PostgreSQL ({@link PostgresRepositoryIT}) with the same Flyway migrations and
 * {@code ddl-auto=validate}. Each test runs in a transaction that is rolled back.
 */
@Transactional
abstract class RepositoryContract {

    static final Instant T0 = Instant.parse("2026-11-01T10:15:30.123456Z");

    @Autowired DataSource dataSource;
    @Autowired EntityManager em;
    @Autowired DatasetRepository datasets;
    @Autowired ImageRepository images;
    @Autowired GroundTruthObjectRepository objects;
    @Autowired GroundTruthRelationRepository relations;
    @Autowired ItemRepository items;
    @Autowired ResponseRepository responses;
    @Autowired AnnotatorRepository annotators;
    @Autowired ComparisonRepository comparisons;
    @Autowired AssignmentRepository assignments;
    @Autowired JudgmentRepository judgments;
    @Autowired OutboxEventRepository outbox;
    @Autowired TrainingRunRepository runs;
    @Autowired CheckpointRepository checkpoints;
    @Autowired MetricPointRepository metrics;
    @Autowired EvaluationReportRepository reports;
    @Autowired AuditLogRepository auditLogs;

    /** The database product these tests must be running on. */
    abstract String expectedProduct();

    private Dataset dataset;
    private Image image;
    private Item item;
    private Response good;
    private Response bad;

    @BeforeEach
    void seed() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            String product = c.getMetaData().getDatabaseProductName();
            System.out.println("[repository tests] running against " + product + " "
                    + c.getMetaData().getDatabaseProductVersion() + " at " + c.getMetaData().getURL());
            assertThat(product).isEqualTo(expectedProduct());
        }
        String suffix = UUID.randomUUID().toString();
        dataset = datasets.save(new Dataset("ds-" + suffix, "d", "groundwork-v1", "{}", T0));
        image = images.save(new Image(new ImageInfo(sha(suffix), ImageFormat.PNG, 80, 64, 1234), T0));
        item = items.save(new Item(dataset, "item-1", 0, image, "images/a.png", "Describe the image.", TaskType.CAPTION, "caption", null));
        good = responses.save(new Response(item, "faithful", 0, "world-faithful", null, "A red circle.", null, null));
        bad = responses.save(new Response(item, "object", 1, "world-perturbed", "ckpt-3", "A red circle and a star.",
                HallucinationType.OBJECT, "{\"type\":\"OBJECT\",\"label\":\"star\"}"));
        em.flush();
        em.clear();
    }

    private static String sha(String seed) {
        return dev.groundwork.storage.image.ImageInspector.sha256(seed.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void dataset_items_and_responses_round_trip_with_all_fields() {
        Dataset d = datasets.findByName(dataset.getName()).orElseThrow();
        List<Item> stored = items.findByDatasetOrderByPosition(d);
        assertThat(stored).hasSize(1);
        Item i = stored.get(0);
        assertThat(i.getImage().getSha256()).isEqualTo(image.getSha256());
        assertThat(i.getTaskType()).isEqualTo(TaskType.CAPTION);
        List<Response> rs = responses.findByItemOrderByPosition(i);
        assertThat(rs).extracting(Response::getExternalId).containsExactly("faithful", "object");
        assertThat(rs.get(1).getHallucinationType()).isEqualTo(HallucinationType.OBJECT);
        assertThat(rs.get(1).getCheckpoint()).isEqualTo("ckpt-3");
        assertThat(responses.countByDataset(d)).isEqualTo(2);
        assertThat(items.countImagesOfDataset(d)).isEqualTo(1);
    }

    @Test
    void image_is_found_by_sha256_and_its_ground_truth_is_kept_in_order() {
        Image img = images.findBySha256(image.getSha256()).orElseThrow();
        assertThat(img.getWidth()).isEqualTo(80);
        assertThat(img.getMediaType()).isEqualTo("image/png");
        objects.save(new GroundTruthObject(img, 1, "square", "blue", "small", 40.0, 30.0, 12.0, 12.0));
        objects.save(new GroundTruthObject(img, 0, "circle", null, null, null, null, null, null));
        relations.save(new GroundTruthRelation(img, 0, "left_of", 1));
        em.flush();
        assertThat(objects.findByImageOrderByObjectKey(img)).extracting(GroundTruthObject::getLabel).containsExactly("circle", "square");
        assertThat(objects.findByImageOrderByObjectKey(img).get(0).getColour()).isNull();
        assertThat(relations.findByImageOrderById(img)).extracting(GroundTruthRelation::getPredicate).containsExactly("left_of");
    }

    @Test
    void duplicate_image_sha256_is_rejected_by_the_schema() {
        assertThatThrownBy(() -> images.saveAndFlush(new Image(new ImageInfo(image.getSha256(), ImageFormat.JPEG, 1, 1, 1), T0)))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void duplicate_item_id_within_a_dataset_is_rejected_by_the_schema() {
        Dataset d = datasets.findByName(dataset.getName()).orElseThrow();
        Image img = images.findBySha256(image.getSha256()).orElseThrow();
        assertThatThrownBy(() -> items.saveAndFlush(new Item(d, "item-1", 1, img, "images/a.png", "again", TaskType.YES_NO, null, "yes")))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void judgment_with_tags_is_stored_once_per_idempotency_key() {
        Comparison cmp = comparisons.save(new Comparison(ref(Item.class, item), ref(Response.class, good), ref(Response.class, bad), true, T0));
        Judgment j = new Judgment(cmp, JudgeKind.HUMAN, "alice", Verdict.A, 2, "B adds a star", 4200L, "key-1", T0);
        j.addTag(new JudgmentTag.Spec(ref(Response.class, bad), HallucinationType.OBJECT, 16, 22));
        judgments.saveAndFlush(j);
        em.clear();
        Judgment back = judgments.findByIdempotencyKey("key-1").orElseThrow();
        assertThat(back.getVerdict()).isEqualTo(Verdict.A);
        assertThat(back.getTags()).singleElement().satisfies(t -> {
            assertThat(t.getTag()).isEqualTo(HallucinationType.OBJECT);
            assertThat(t.getSpanStart()).isEqualTo(16);
            assertThat(t.getResponse().getId()).isEqualTo(bad.getId());
        });
        Comparison c2 = em.getReference(Comparison.class, cmp.getId());
        assertThatThrownBy(() -> judgments.saveAndFlush(new Judgment(c2, JudgeKind.CRITIC, "critic", Verdict.B, 1, null, null, "key-1", T0)))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void an_annotator_gets_a_comparison_at_most_once() {
        Comparison cmp = comparisons.save(new Comparison(ref(Item.class, item), ref(Response.class, good), ref(Response.class, bad), false, T0));
        Annotator alice = annotators.save(new Annotator("sub-alice", "Alice", "annotator", T0));
        assignments.saveAndFlush(new Assignment(alice, cmp, 3, false, T0));
        assertThat(assignments.findByAnnotatorAndCompletedAtIsNullOrderById(alice)).hasSize(1);
        assertThat(assignments.countByComparison(cmp)).isEqualTo(1);
        assertThatThrownBy(() -> assignments.saveAndFlush(new Assignment(alice, cmp, 3, true, T0)))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void outbox_lists_unpublished_events_in_order() {
        outbox.save(new OutboxEvent(UUID.randomUUID().toString(), "JudgmentRecorded", "groundwork.judgments.v1", "1", "{}", T0));
        OutboxEvent second = outbox.save(new OutboxEvent(UUID.randomUUID().toString(), "JudgmentRecorded", "groundwork.judgments.v1", "2", "{}", T0));
        second.markPublished(T0.plusSeconds(1));
        outbox.flush();
        assertThat(outbox.findByPublishedAtIsNullOrderById(Limit.of(10))).extracting(OutboxEvent::getMessageKey).containsExactly("1");
        assertThat(outbox.countByPublishedAtIsNull()).isEqualTo(1);
    }

    @Test
    void training_run_checkpoints_and_metrics_are_linked() {
        TrainingRun run = runs.save(new TrainingRun("dpo", "{\"beta\":0.1}", 42, "cpu", "bob", T0));
        checkpoints.save(new Checkpoint(run, 100, "runs/1/step-100", "{\"seed\":42}", T0));
        metrics.save(new MetricPoint(run, 1, "rewards/margins", 0.25, T0));
        metrics.save(new MetricPoint(run, 2, "rewards/margins", 0.5, T0));
        assertThat(checkpoints.findByRunOrderByStep(run)).extracting(Checkpoint::getStep).containsExactly(100L);
        run.finish(TrainingRun.Status.SUCCEEDED, T0.plusSeconds(60));
        em.flush();
        em.clear();
        assertThat(metrics.findByRunAndNameOrderByStep(runs.findById(run.getId()).orElseThrow(), "rewards/margins"))
                .extracting(MetricPoint::getValue).containsExactly(0.25, 0.5);
        assertThat(runs.findById(run.getId()).orElseThrow().getStatus()).isEqualTo(TrainingRun.Status.SUCCEEDED);
    }

    @Test
    void a_checkpoint_keeps_its_judges_and_its_run_s_progress_is_counted() {
        TrainingRun run = runs.save(new TrainingRun("mdpo", "{}", 1, "cpu", "trainer", T0.plusSeconds(400L * 86400)));
        checkpoints.save(new Checkpoint(run, 6, "file:///a/round-1/", "{}", T0).withData(9, "[]", "policy-v3")
                .withJudges(List.of(new dev.groundwork.storage.training.CheckpointJudge("HUMAN", "alice", 6),
                        new dev.groundwork.storage.training.CheckpointJudge("CRITIC", "claims", 3))));
        metrics.save(new MetricPoint(run, 1, "loss", 0.7, T0));
        metrics.save(new MetricPoint(run, 2, "loss", 0.6, T0));
        metrics.save(new MetricPoint(run, 2, "rewards/imageless_margins", 0.1, T0));
        em.flush();
        em.clear();
        Checkpoint back = checkpoints.findByRunAndStep(runs.findById(run.getId()).orElseThrow(), 6).orElseThrow();
        assertThat(back.getJudges()).extracting(j -> j.getJudgeKind() + " " + j.getJudgeId() + " " + j.getPairCount())
                .containsExactlyInAnyOrder("HUMAN alice 6", "CRITIC claims 3");
        assertThat(metrics.progressOf(List.of(run.getId()))).singleElement()
                .satisfies(p -> assertThat(List.of(p.getRunId(), p.getLastStep(), p.getPoints()))
                        .containsExactly(run.getId(), 2L, 3L));
        assertThat(runs.findAllByOrderByStartedAtDescIdDesc(org.springframework.data.domain.Limit.of(1)))
                .extracting(TrainingRun::getId).containsExactly(run.getId());
    }

    @Test
    void an_evaluation_report_keeps_its_checkpoints_and_files_and_is_stored_once_per_evaluation_key() {
        String key = UUID.randomUUID().toString();
        List<ComparedCheckpoint> compared = List.of(
                new ComparedCheckpoint("sft", "file:///a/runs/sft/", "sft", java.util.Map.of("chair_i", 0.31, "pope_f1_score_adversarial", 0.7)),
                new ComparedCheckpoint("dpo", "file:///a/runs/dpo/", "dpo", java.util.Map.of("chair_i", 0.12)));
        EvaluationReport.ReportFiles files = new EvaluationReport.ReportFiles("file:///a/evals/e/report.html",
                "file:///a/evals/e/report.pdf", java.util.Optional.of("file:///a/evals/e/metrics.json"), java.util.Optional.empty());
        reports.save(new EvaluationReport(key, "world-heldout", "sft vs dpo", 40, 7, compared, files, T0, T0.plusSeconds(1)));
        reports.save(new EvaluationReport(UUID.randomUUID().toString(), "pope", "later", 10, 7, List.of(), files,
                T0.plusSeconds(60), T0.plusSeconds(61)).withDataset(datasets.findByName(dataset.getName()).orElseThrow()));
        em.flush();
        em.clear();

        EvaluationReport back = reports.findByEvaluationKey(key).orElseThrow();
        assertThat(back.getCheckpoints()).containsExactlyElementsOf(compared);
        assertThat(back.getCheckpoints().get(0).figure("pope_f1_score_adversarial")).contains(0.7);
        assertThat(back.getFiles()).isEqualTo(files);
        assertThat(back.getDataset()).isEmpty();
        assertThat(back.getOccurredAt()).isEqualTo(T0.truncatedTo(ChronoUnit.MICROS));
        assertThat(reports.findAllByOrderByOccurredAtDescIdDesc(Limit.of(2))).extracting(EvaluationReport::getTitle)
                .containsExactly("later", "sft vs dpo");
        assertThatThrownBy(() -> reports.saveAndFlush(new EvaluationReport(key, "pope", "again", 1, 1, List.of(), files, T0, T0)))
                .isInstanceOf(DataIntegrityViolationException.class);
    }

    @Test
    void the_audit_actions_are_listed_once_each_in_order() {
        for (String action : List.of("contract.c", "contract.a", "contract.c", "contract.b", "contract.a")) {
            auditLogs.saveAndFlush(new AuditLog(T0, "alice", action, "demo", "x"));
        }
        List<String> actions = auditLogs.findActions();
        assertThat(actions).doesNotHaveDuplicates();
        assertThat(actions).filteredOn(a -> a.startsWith("contract.")).containsExactly("contract.a", "contract.b",
                "contract.c");
    }

    @Test
    void audit_entries_keep_microsecond_time() {
        auditLogs.saveAndFlush(new AuditLog(T0, "alice", "dataset.import", "demo", "12 items"));
        em.clear();
        AuditLog back = auditLogs.findByActionOrderByOccurredAt("dataset.import").get(0);
        assertThat(back.getOccurredAt()).isEqualTo(T0.truncatedTo(ChronoUnit.MICROS));
        assertThat(back.getActor()).isEqualTo("alice");
    }

    @Test
    void audit_entries_are_found_by_the_user_name_and_display_name_of_the_subject_they_were_recorded_under() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String subject = UUID.randomUUID().toString();
        Annotator ada = new Annotator(subject, "Ada Annotator " + suffix, "annotator", T0);
        ada.setUsername("annotator-" + suffix);
        annotators.save(ada);
        Annotator rita = new Annotator(UUID.randomUUID().toString(), "Rita Reviewer " + suffix, "reviewer", T0);
        rita.setUsername("reviewer-" + suffix);
        annotators.save(rita);
        auditLogs.save(new AuditLog(T0, subject, "judgment.record", "comparison 1", "A"));
        auditLogs.save(new AuditLog(T0.plusSeconds(1), "reviewer-" + suffix, "review.resolve", "comparison 1", "B"));
        auditLogs.saveAndFlush(new AuditLog(T0.plusSeconds(2), "someone-else-" + suffix, "dataset.import", "demo", ""));
        em.clear();

        Function<String, List<String>> actors = like -> auditLogs.search(like, "%", "%",
                Instant.EPOCH, T0.plusSeconds(60), PageRequest.of(0, 50))
                .getContent().stream().map(AuditLog::getActor).toList();
        assertThat(actors.apply("%annotator-" + suffix + "%")).containsExactly(subject);
        assertThat(actors.apply("%ada annotator " + suffix + "%")).containsExactly(subject);
        assertThat(actors.apply("%" + subject.substring(0, 8) + "%")).containsExactly(subject);
        // Recorded under the user name itself: found by it and by the display name.
        assertThat(actors.apply("%rita reviewer " + suffix + "%")).containsExactly("reviewer-" + suffix);
        assertThat(actors.apply("%" + suffix + "%")).containsExactly("someone-else-" + suffix, "reviewer-" + suffix, subject);
        assertThat(annotators.findByUsername("annotator-" + suffix)).get().extracting(Annotator::getSubject).isEqualTo(subject);
    }

    private <T> T ref(Class<T> type, BaseEntity entity) {
        return em.getReference(type, entity.getId());
    }
}
