package dev.groundwork.annotation.review;

import static dev.groundwork.annotation.review.ReviewService.Kind.HUMAN_CRITIC;
import static dev.groundwork.annotation.review.ReviewService.Kind.HUMAN_HUMAN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.annotation.TestAnnotationApplication;
import dev.groundwork.annotation.event.DisagreementResolved;
import dev.groundwork.annotation.event.EventCodec;
import dev.groundwork.annotation.event.Topics;
import dev.groundwork.annotation.preference.PreferencePolicy;
import dev.groundwork.annotation.export.TrlExporter;
import dev.groundwork.annotation.export.TrlStyle;
import dev.groundwork.annotation.judgment.JudgmentService;
import dev.groundwork.annotation.judgment.RecordJudgment;
import dev.groundwork.annotation.review.ReviewService.Disagreement;
import dev.groundwork.annotation.review.ReviewService.Kind;
import dev.groundwork.annotation.review.ReviewService.QueueFilter;
import dev.groundwork.annotation.review.ReviewService.Resolved;
import dev.groundwork.annotation.support.JudgedDataset;
import dev.groundwork.storage.audit.AuditLog;
import dev.groundwork.storage.audit.AuditLogRepository;
import dev.groundwork.storage.dataset.HallucinationType;
import dev.groundwork.storage.judgment.Comparison;
import dev.groundwork.storage.judgment.ComparisonRepository;
import dev.groundwork.storage.judgment.JudgeKind;
import dev.groundwork.storage.judgment.Judgment;
import dev.groundwork.storage.judgment.Resolution;
import dev.groundwork.storage.judgment.Verdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/** The review queue (who disagrees with whom), the detail of a comparison, and resolving it. */
// Its own context (and in-memory database): other classes count rows of the shared one.
@SpringBootTest(classes = TestAnnotationApplication.class, properties = "groundwork.test.fixture=judged-dataset")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReviewServiceTest {

    private static final String DATASET = "review-world";

    @Autowired ApplicationContext context;
    @Autowired ReviewService review;
    @Autowired ComparisonRepository comparisons;
    @Autowired AuditLogRepository auditLog;
    @Autowired JdbcTemplate jdbc;
    @Autowired TrlExporter exporter;
    @Autowired JudgmentService judgments;
    @TempDir static Path tmp;

    private JudgedDataset data;

    @BeforeAll
    void judge() throws Exception {
        data = JudgedDataset.create(JudgedDataset.Services.of(context), tmp.resolve("w"), DATASET, 8, List.of("rev-ann-1", "rev-ann-2"));
        assertThat(data.size()).isGreaterThanOrEqualTo(7);
        data.human(0, "rev-ann-1", Verdict.A).human(0, "rev-ann-2", Verdict.A);                      // agree
        data.human(1, "rev-ann-1", Verdict.A).human(1, "rev-ann-2", Verdict.B);                      // human-human
        data.human(2, "rev-ann-1", Verdict.B).human(2, "rev-ann-2", Verdict.B).critic(2, "critic-r", Verdict.A); // human-critic
        data.human(3, "rev-ann-1", Verdict.TIE).human(3, "rev-ann-2", Verdict.TIE).critic(3, "critic-r", Verdict.TIE); // agree
        // 4: not judged at all
        data.human(5, "rev-ann-1", Verdict.A).human(5, "rev-ann-2", Verdict.B).critic(5, "critic-r", Verdict.A); // both
        data.critic(6, "critic-r", Verdict.BOTH_BAD);                                                // critic alone
    }

    private Judgment judgment(JudgeKind kind, String judge, Verdict verdict) {
        Comparison c = comparisons.findById(data.comparison(0)).orElseThrow();
        return new Judgment(c, kind, judge, verdict, 1, null, null, judge + verdict, Instant.EPOCH);
    }

    private Set<Kind> kinds(Judgment... judgments) {
        return ReviewService.kinds(List.of(judgments));
    }

    private Judgment human(String judge, Verdict verdict) {
        return judgment(JudgeKind.HUMAN, judge, verdict);
    }

    private Judgment critic(Verdict verdict) {
        return judgment(JudgeKind.CRITIC, "critic", verdict);
    }

    @Test
    void kinds_name_who_disagrees_with_whom() {
        assertThat(kinds(human("h1", Verdict.A), human("h2", Verdict.A))).isEmpty();
        assertThat(kinds(human("h1", Verdict.A), human("h2", Verdict.B))).containsExactly(HUMAN_HUMAN);
        assertThat(kinds(human("h1", Verdict.A), human("h2", Verdict.A), critic(Verdict.B))).containsExactly(HUMAN_CRITIC);
        assertThat(kinds(human("h1", Verdict.A), human("h2", Verdict.A), critic(Verdict.A))).isEmpty();
        // A 2:1 human majority that matches the critic is a human-human disagreement only.
        assertThat(kinds(human("h1", Verdict.A), human("h2", Verdict.A), human("h3", Verdict.B), critic(Verdict.A)))
                .containsExactly(HUMAN_HUMAN);
        // A tied human vote has no majority for the critic to agree with.
        assertThat(kinds(human("h1", Verdict.A), human("h2", Verdict.B), critic(Verdict.A)))
                .containsExactlyInAnyOrder(HUMAN_HUMAN, HUMAN_CRITIC);
        assertThat(kinds(critic(Verdict.TIE))).isEmpty();
        assertThat(kinds(human("h1", Verdict.BOTH_BAD))).isEmpty();
    }

    @Test
    void the_queue_lists_disagreements_oldest_first_with_kinds_and_verdicts_in_judgment_order() {
        List<Disagreement> queue = review.queue(Optional.of(DATASET), true, 100);
        assertThat(queue).extracting(Disagreement::comparisonId)
                .containsExactly(data.comparison(1), data.comparison(2), data.comparison(5));
        assertThat(queue).extracting(Disagreement::kinds).containsExactly(EnumSet.of(HUMAN_HUMAN), EnumSet.of(HUMAN_CRITIC),
                EnumSet.of(HUMAN_HUMAN, HUMAN_CRITIC));
        assertThat(queue).allSatisfy(d -> {
            assertThat(d.dataset()).isEqualTo(DATASET);
            assertThat(d.prompt()).isNotBlank();
        });
        Map<String, Verdict> expected = new LinkedHashMap<>();
        expected.put("rev-ann-1", Verdict.A);
        expected.put("rev-ann-2", Verdict.B);
        expected.put("critic-r", Verdict.A);
        assertThat(queue.get(2).verdicts()).containsExactlyEntriesOf(expected);
        assertThat(review.queue(Optional.of(DATASET), true, 2)).extracting(Disagreement::comparisonId)
                .containsExactly(data.comparison(1), data.comparison(2));
        assertThat(review.queue(Optional.of("no-such-dataset"), true, 100)).isEmpty();
        assertThat(review.queue(Optional.empty(), true, 10_000)).extracting(Disagreement::comparisonId)
                .contains(data.comparison(1), data.comparison(2), data.comparison(5));
    }

    @Test
    void the_queue_is_filtered_by_text_judge_kind_tag_and_resolution_and_pages_by_its_ids() throws Exception {
        JudgedDataset tagged = JudgedDataset.create(JudgedDataset.Services.of(context), tmp.resolve("t"), "review-filters", 6,
                List.of("flt-ann-1", "flt-ann-2"));
        tagged.human(0, "flt-ann-1", Verdict.A).human(0, "flt-ann-2", Verdict.B);                     // human-human
        tagged.human(1, "flt-ann-1", Verdict.B).human(1, "flt-ann-2", Verdict.B).critic(1, "critic-f", Verdict.A); // human-critic
        tagged.human(2, "flt-ann-1", Verdict.A);                                                     // no disagreement
        long withTag = tagged.comparison(3);
        long responseA = comparisons.findById(withTag).orElseThrow().getResponseA().getId();
        judgments.record(new RecordJudgment(withTag, JudgeKind.HUMAN, "flt-ann-1", Verdict.B, 2,
                List.of(new RecordJudgment.TagInput(responseA, HallucinationType.OBJECT, null, null)), null, null, "flt-tag"));
        tagged.human(3, "flt-ann-2", Verdict.A);                                                     // human-human, tagged
        String name = tagged.name();
        Function<QueueFilter, List<Long>> ids = review::queueIds;
        QueueFilter all = new QueueFilter(Optional.of(name), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Resolved.ANY);

        assertThat(ids.apply(all)).containsExactly(tagged.comparison(0), tagged.comparison(1), withTag);
        assertThat(ids.apply(new QueueFilter(Optional.of(name), Optional.empty(), Optional.of("critic-f"), Optional.empty(),
                Optional.empty(), Resolved.ANY))).containsExactly(tagged.comparison(1));
        assertThat(ids.apply(new QueueFilter(Optional.of(name), Optional.empty(), Optional.of("flt-ann-2"),
                Optional.of(Kind.HUMAN_HUMAN), Optional.empty(), Resolved.ANY))).containsExactly(tagged.comparison(0), withTag);
        assertThat(ids.apply(new QueueFilter(Optional.of(name), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(HallucinationType.OBJECT), Resolved.ANY))).containsExactly(withTag);
        assertThat(ids.apply(new QueueFilter(Optional.of(name), Optional.of(Long.toString(withTag)), Optional.empty(),
                Optional.empty(), Optional.empty(), Resolved.ANY))).containsExactly(withTag);
        String prompt = review.detail(tagged.comparison(1)).prompt();
        String word = prompt.substring(0, Math.min(12, prompt.length())).toUpperCase();
        assertThat(ids.apply(new QueueFilter(Optional.of(name), Optional.of(word), Optional.empty(), Optional.empty(),
                Optional.empty(), Resolved.ANY))).contains(tagged.comparison(1));
        assertThat(ids.apply(new QueueFilter(Optional.of(name), Optional.of("100%_\\"), Optional.empty(), Optional.empty(),
                Optional.empty(), Resolved.ANY))).isEmpty();

        review.resolve(tagged.comparison(1), Verdict.B, null, "reviewer-f");
        assertThat(ids.apply(all.with(Resolved.RESOLVED))).containsExactly(tagged.comparison(1));
        assertThat(ids.apply(all.with(Resolved.UNRESOLVED))).containsExactly(tagged.comparison(0), withTag);

        // A page of the queue: its rows in the order of the ids given, with their resolution.
        assertThat(review.disagreements(List.of(withTag, tagged.comparison(1)))).extracting(Disagreement::comparisonId,
                Disagreement::resolution).containsExactly(tuple(withTag, Optional.empty()),
                tuple(tagged.comparison(1), Optional.of(Verdict.B)));
        assertThat(review.disagreements(List.of())).isEmpty();
        assertThat(review.judges()).contains("flt-ann-1", "flt-ann-2", "critic-f");
    }

    @Test
    void the_detail_shows_both_responses_and_every_judgment_with_the_critic() {
        ReviewService.Detail d = review.detail(data.comparison(5));
        assertThat(d.dataset()).isEqualTo(DATASET);
        assertThat(d.imageSha256()).matches("[0-9a-f]{64}");
        assertThat(d.responseA()).isNotBlank();
        assertThat(d.responseB()).isNotBlank();
        assertThat(d.responseAId()).isNotEqualTo(d.responseBId());
        assertThat(d.judgments()).extracting(ReviewService.JudgmentView::judgeId)
                .containsExactly("rev-ann-1", "rev-ann-2", "critic-r");
        assertThat(d.judgments()).extracting(ReviewService.JudgmentView::judgeKind)
                .containsExactly(JudgeKind.HUMAN, JudgeKind.HUMAN, JudgeKind.CRITIC);
        assertThat(d.judgments().get(0).timeSpentMs()).isEqualTo(1500L);
        assertThatThrownBy(() -> review.detail(987_654_321L)).hasMessage("no comparison with id 987654321");
    }

    @Test
    void resolving_takes_a_comparison_off_the_queue_and_a_second_resolution_replaces_the_first() {
        long id = data.comparison(1);
        assertThat(review.queue(Optional.of(DATASET), false, 100)).extracting(Disagreement::comparisonId).contains(id);

        review.resolve(id, Verdict.B, "the second answer is right", "reviewer-1");
        assertThat(review.queue(Optional.of(DATASET), false, 100)).extracting(Disagreement::comparisonId)
                .doesNotContain(id).contains(data.comparison(2), data.comparison(5));
        Disagreement listed = review.queue(Optional.of(DATASET), true, 100).stream()
                .filter(d -> d.comparisonId() == id).findFirst().orElseThrow();
        assertThat(listed.resolution()).contains(Verdict.B);
        var first = review.detail(id).resolution().orElseThrow();
        assertThat(first.getVerdict()).isEqualTo(Verdict.B);
        assertThat(first.getNote()).isEqualTo("the second answer is right");
        assertThat(first.getResolvedBy()).isEqualTo("reviewer-1");

        review.resolve(id, Verdict.TIE, "  ", "reviewer-2");
        assertThat(jdbc.queryForObject("select count(*) from resolution where comparison_id = ?", Long.class, id)).isEqualTo(1);
        var second = review.detail(id).resolution().orElseThrow();
        assertThat(second.getVerdict()).isEqualTo(Verdict.TIE);
        assertThat(second.getNote()).isNull();
        assertThat(second.getResolvedBy()).isEqualTo("reviewer-2");

        List<AuditLog> entries = new ArrayList<>(auditLog.findByActionOrderByOccurredAt("review.resolve").stream()
                .filter(a -> ("comparison " + id).equals(a.getTarget())).toList());
        entries.sort(Comparator.comparing(AuditLog::getId));
        assertThat(entries).extracting(AuditLog::getActor).containsExactly("reviewer-1", "reviewer-2");
        assertThat(entries).extracting(AuditLog::getDetail).containsExactly("B", "TIE (was B by reviewer-1)");
    }

    @Test
    void resolving_an_unknown_comparison_is_refused_and_writes_nothing() {
        long before = jdbc.queryForObject("select count(*) from audit_log where action = 'review.resolve'", Long.class);
        long events = resolutionEvents();
        assertThatThrownBy(() -> review.resolve(987_654_321L, Verdict.A, null, "reviewer-1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("no comparison with id 987654321");
        assertThatThrownBy(() -> review.resolve(data.comparison(2), Verdict.A, "x".repeat(4001), "reviewer-1"))
                .hasMessageContaining("note is longer than");
        assertThat(jdbc.queryForObject("select count(*) from audit_log where action = 'review.resolve'", Long.class)).isEqualTo(before);
        assertThat(resolutionEvents()).isEqualTo(events);
        assertThat(review.detail(data.comparison(2)).resolution()).isEmpty();
    }

    @Test
    void each_resolution_is_published_through_the_outbox_and_outranks_the_votes_in_the_trl_export() throws Exception {
        long id = data.comparison(0); // both humans chose A
        ReviewService.Detail d = review.detail(id);
        assertThat(exportedPair(d, "t0")).containsExactly(d.responseA(), d.responseB());

        Resolution first = review.resolve(id, Verdict.B, "B is right", "reviewer-3");
        assertThat(first.getRevision()).isEqualTo(1);
        DisagreementResolved e1 = outboxEvent(DisagreementResolved.eventId(id, 1));
        assertThat(e1.comparisonId()).isEqualTo(id);
        assertThat(e1.revision()).isEqualTo(1);
        assertThat(e1.verdict()).isEqualTo("B");
        assertThat(e1.reviewerId()).isEqualTo("reviewer-3");
        assertThat(e1.note()).isEqualTo("B is right");
        assertThat(e1.occurredAt()).isEqualTo(first.getResolvedAt());
        assertThat(e1.dataset()).isEqualTo(DATASET);
        assertThat(e1.prompt()).isEqualTo(d.prompt());
        assertThat(e1.image().sha256()).isEqualTo(d.imageSha256());
        assertThat(e1.responseA().text()).isEqualTo(d.responseA());
        assertThat(e1.responseB().text()).isEqualTo(d.responseB());
        assertThat(exportedPair(d, "t1")).containsExactly(d.responseB(), d.responseA());

        Resolution second = review.resolve(id, Verdict.TIE, null, "reviewer-4");
        assertThat(second.getRevision()).isEqualTo(2);
        DisagreementResolved e2 = outboxEvent(DisagreementResolved.eventId(id, 2));
        assertThat(e2.verdict()).isEqualTo("TIE");
        assertThat(e2.revision()).isEqualTo(2);
        assertThat(e2.note()).isNull();
        assertThat(e2.eventId()).isNotEqualTo(e1.eventId());
        assertThat(exportedPair(d, "t2")).isEmpty();
    }

    /** The outbox row of an event: on the judgments topic, keyed by comparison id, typed; decoded. */
    private DisagreementResolved outboxEvent(String eventId) {
        Map<String, Object> row = jdbc.queryForMap(
                "select event_type, topic, message_key, payload from outbox_event where event_id = ?", eventId);
        assertThat(row.get("EVENT_TYPE")).isEqualTo(DisagreementResolved.TYPE);
        assertThat(row.get("TOPIC")).isEqualTo(Topics.JUDGMENTS);
        DisagreementResolved e = (DisagreementResolved) EventCodec.decode(
                ((String) row.get("PAYLOAD")).getBytes(StandardCharsets.UTF_8));
        assertThat(row.get("MESSAGE_KEY")).isEqualTo(Long.toString(e.comparisonId()));
        assertThat(e.eventId()).isEqualTo(eventId);
        return e;
    }

    private long resolutionEvents() {
        return jdbc.queryForObject("select count(*) from outbox_event where event_type = ?", Long.class, DisagreementResolved.TYPE);
    }

    /** [chosen, rejected] of the comparison's line in a fresh TRL export, or empty when it has none. */
    private List<String> exportedPair(ReviewService.Detail d, String dir) throws Exception {
        Path out = tmp.resolve("trl-" + dir);
        exporter.export(DATASET, out, PreferencePolicy.DEFAULT, TrlStyle.PLAIN, "test");
        ObjectMapper json = new ObjectMapper();
        List<List<String>> found = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve(TrlExporter.FILE_NAME))) {
            JsonNode n = json.readTree(line);
            List<String> pair = List.of(n.get("chosen").asText(), n.get("rejected").asText());
            if (n.get("images").get(0).asText().contains(d.imageSha256())
                    && Set.copyOf(pair).equals(Set.of(d.responseA(), d.responseB()))) {
                found.add(pair);
            }
        }
        assertThat(found).hasSizeLessThanOrEqualTo(1);
        return found.isEmpty() ? List.of() : found.get(0);
    }

    @Test
    void a_corrected_verdict_is_replaced_by_its_correction_in_the_queue_and_the_detail() throws Exception {
        JudgedDataset fix = JudgedDataset.create(JudgedDataset.Services.of(context), tmp.resolve("fix"), "review-fix", 4,
                List.of("rf-1", "rf-2"));
        fix.human(0, "rf-1", Verdict.A).human(0, "rf-2", Verdict.B);
        assertThat(review.queue(Optional.of("review-fix"), true, 100)).extracting(Disagreement::comparisonId)
                .containsExactly(fix.comparison(0));
        fix.correct(0, "rf-2", Verdict.A);
        assertThat(review.queue(Optional.of("review-fix"), true, 100)).as("the two now agree").isEmpty();
        assertThat(review.detail(fix.comparison(0)).judgments()).extracting(ReviewService.JudgmentView::judgeId, ReviewService.JudgmentView::verdict)
                .containsExactlyInAnyOrder(tuple("rf-1", Verdict.A),
                        tuple("rf-2", Verdict.A));
        fix.correct(0, "rf-2", Verdict.TIE);
        assertThat(review.queue(Optional.of("review-fix"), true, 100)).singleElement()
                .extracting(Disagreement::verdicts).isEqualTo(Map.of("rf-1", Verdict.A, "rf-2", Verdict.TIE));
    }
}
