package dev.groundwork.annotation.judgment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.annotation.TestAnnotationApplication;
import dev.groundwork.annotation.assignment.AssignmentService;
import dev.groundwork.annotation.assignment.ComparisonService;
import dev.groundwork.annotation.assignment.PairingMode;
import dev.groundwork.annotation.assignment.WorkQueue;
import dev.groundwork.annotation.event.EventCodec;
import dev.groundwork.annotation.event.JudgmentRecorded;
import dev.groundwork.annotation.event.Topics;
import dev.groundwork.storage.dataset.DatasetImporter;
import dev.groundwork.storage.dataset.DatasetRepository;
import dev.groundwork.storage.dataset.HallucinationType;
import dev.groundwork.storage.judgment.Comparison;
import dev.groundwork.storage.judgment.ComparisonRepository;
import dev.groundwork.storage.judgment.JudgeKind;
import dev.groundwork.storage.judgment.Verdict;
import dev.groundwork.storage.world.World;
import dev.groundwork.storage.world.WorldConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/** Recording judgments: validation, idempotency, the outbox event, assignment with overlap. */
@SpringBootTest(classes = TestAnnotationApplication.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JudgmentServiceTest {

    @Autowired DatasetImporter importer;
    @Autowired ComparisonService comparisonService;
    @Autowired AssignmentService assignmentService;
    @Autowired ComparisonRepository comparisons;
    @Autowired DatasetRepository datasets;
    @Autowired JudgmentService judgments;
    @Autowired JdbcTemplate jdbc;
    @Autowired WorkQueue workQueue;
    @TempDir static Path tmp;

    private List<Comparison> all;

    @BeforeAll
    void seed() throws Exception {
        World.generate(WorldConfig.defaults(8, 3)).writeDataset(tmp.resolve("w"), "judge-world");
        importer.importDataset(tmp.resolve("w"), Optional.empty(), "test");
        int created = comparisonService.createForDataset("judge-world", PairingMode.FIRST_VS_REST, 1, "test");
        assertThat(created).isPositive();
        assertThat(comparisonService.createForDataset("judge-world", PairingMode.FIRST_VS_REST, 1, "test")).isZero();
        for (String s : List.of("alice", "bob", "carol", "dave")) {
            assignmentService.ensureAnnotator(s, s, "annotator");
        }
        var report = assignmentService.assign("judge-world", List.of("alice", "bob", "carol", "dave"), 3, 42, "test");
        assertThat(report.created()).isEqualTo(3 * created);
        // Only this class's dataset: other test classes share the cached context and its database.
        all = comparisons.findByDataset(datasets.findByName("judge-world").orElseThrow());
    }

    private long count(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Long.class);
    }

    private String assignee(Comparison c) {
        return jdbc.queryForObject("select min(an.subject) from assignment a join annotator an on an.id = a.annotator_id "
                + "where a.comparison_id = ? and a.completed_at is null", String.class, c.getId());
    }

    private RecordJudgment command(Comparison c, String judge, String key) {
        return new RecordJudgment(c.getId(), JudgeKind.HUMAN, judge, Verdict.A, 1, List.of(), "because", 1200L, key);
    }

    /** Runs {@code n} calls at once on four threads: each outcome is the recorded judgment or the rejection's message. */
    private static List<Object> race(int n, IntFunction<RecordedJudgment> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Object> outcomes = new ArrayList<>();
        try {
            List<Callable<Object>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                calls.add(() -> {
                    try {
                        return call.apply(index);
                    } catch (JudgmentRejectedException e) {
                        return e.getMessage();
                    }
                });
            }
            for (Future<Object> f : pool.invokeAll(calls)) {
                outcomes.add(f.get());
            }
        } finally {
            pool.shutdown();
        }
        return outcomes;
    }

    @Test
    void each_comparison_goes_to_k_distinct_annotators_and_never_twice_to_one() {
        // Only this test's comparisons: other test classes may share the Spring context and its database.
        Set<Long> mine = new HashSet<>();
        all.forEach(c -> mine.add(c.getId()));
        Map<Long, Set<String>> holders = new HashMap<>();
        long[] rows = {0};
        jdbc.query("select a.comparison_id, an.subject from assignment a join annotator an on an.id = a.annotator_id",
                rs -> {
                    if (mine.contains(rs.getLong(1))) {
                        rows[0]++;
                        holders.computeIfAbsent(rs.getLong(1), k -> new HashSet<>()).add(rs.getString(2));
                    }
                });
        assertThat(holders).hasSize(all.size());
        assertThat(holders.values()).allSatisfy(s -> assertThat(s).hasSize(3));
        assertThat(rows[0]).as("assignment rows, none twice to one annotator").isEqualTo(3L * all.size());
        assertThatThrownBy(() -> assignmentService.assign("judge-world", List.of("alice", "bob"), 3, 1, "test"))
                .hasMessageContaining("needs at least 3 annotators");
    }

    @Test
    void a_resubmitted_judgment_is_stored_once_with_one_event() {
        Comparison c = all.get(0);
        String judge = assignee(c);
        long judgmentsBefore = count("judgment");
        long outboxBefore = count("outbox_event");
        RecordedJudgment first = judgments.record(command(c, judge, "idem-1"));
        RecordedJudgment again = judgments.record(command(c, judge, "idem-1"));
        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.judgmentId()).isEqualTo(first.judgmentId());
        assertThat(again.eventId()).isEqualTo(first.eventId());
        assertThat(count("judgment")).isEqualTo(judgmentsBefore + 1);
        assertThat(count("outbox_event")).isEqualTo(outboxBefore + 1);
    }

    @Test
    void concurrent_resubmissions_with_one_key_store_one_judgment() throws Exception {
        Comparison c = all.get(1);
        String judge = assignee(c);
        long before = count("judgment");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<RecordedJudgment>> calls = new ArrayList<>(Collections.nCopies(8, () -> judgments.record(command(c, judge, "race-1"))));
            List<RecordedJudgment> results = new ArrayList<>();
            for (Future<RecordedJudgment> f : pool.invokeAll(calls)) {
                results.add(f.get());
            }
            assertThat(results).extracting(RecordedJudgment::judgmentId).containsOnly(results.get(0).judgmentId());
            assertThat(results).filteredOn(RecordedJudgment::created).hasSize(1);
        } finally {
            pool.shutdown();
        }
        assertThat(count("judgment")).isEqualTo(before + 1);
        assertThat(jdbc.queryForObject("select count(*) from outbox_event where event_id = ?", Long.class,
                JudgmentEvents.eventId("race-1"))).isEqualTo(1);
    }

    @Test
    void the_outbox_event_is_self_contained_and_valid() throws Exception {
        Comparison c = all.get(2);
        var responses = jdbc.queryForList("select response_a_id, response_b_id from comparison where id = ?", c.getId()).get(0);
        long bId = ((Number) responses.get("RESPONSE_B_ID")).longValue();
        String judge = assignee(c);
        RecordedJudgment r = judgments.record(new RecordJudgment(c.getId(), JudgeKind.HUMAN, judge, Verdict.A, 2,
                List.of(new RecordJudgment.TagInput(bId, HallucinationType.OBJECT, 0, 5)), "B invents a shape", 3000L, "event-1"));
        Map<String, Object> row = jdbc.queryForMap("select * from outbox_event where event_id = ?", r.eventId());
        assertThat(row.get("TOPIC")).isEqualTo(Topics.JUDGMENTS);
        assertThat(row.get("MESSAGE_KEY")).isEqualTo(Long.toString(c.getId()));
        JudgmentRecorded event = (JudgmentRecorded) EventCodec.decode(((String) row.get("PAYLOAD")).getBytes(StandardCharsets.UTF_8));
        assertThat(event.violations()).isEmpty();
        assertThat(event.judgmentId()).isEqualTo(r.judgmentId());
        assertThat(event.dataset()).isEqualTo("judge-world");
        assertThat(event.image().sha256()).hasSize(64);
        assertThat(event.responseA().text()).isNotBlank();
        assertThat(event.tags()).singleElement().satisfies(t -> {
            assertThat(t.response()).isEqualTo("B");
            assertThat(t.tag()).isEqualTo("OBJECT");
        });
        var json = new ObjectMapper().readTree((String) row.get("PAYLOAD"));
        assertThat(json.has("eventId") && json.has("type") && json.has("schemaVersion") && json.has("occurredAt")).isTrue();
        assertThat(count("audit_log")).isPositive();
    }

    @Test
    void invalid_judgments_are_refused_with_a_reason_and_write_nothing() {
        Comparison c = all.get(3);
        String judge = assignee(c);
        long before = count("judgment");
        long outboxBefore = count("outbox_event");
        assertThatThrownBy(() -> judgments.record(new RecordJudgment(999_999, JudgeKind.HUMAN, judge, Verdict.A, 1, List.of(), null, null, "bad-1")))
                .isInstanceOf(JudgmentRejectedException.class).hasMessage("no comparison with id 999999");
        assertThatThrownBy(() -> judgments.record(command(c, "mallory", "bad-2")))
                .hasMessage("comparison " + c.getId() + " is not assigned to mallory");
        assertThatThrownBy(() -> judgments.record(new RecordJudgment(c.getId(), JudgeKind.HUMAN, judge, Verdict.A, 1,
                List.of(new RecordJudgment.TagInput(123_456, HallucinationType.COUNT, null, null)), null, null, "bad-3")))
                .hasMessageContaining("tag names response 123456, which is neither A nor B");
        long aId = jdbc.queryForObject("select response_a_id from comparison where id = ?", Long.class, c.getId());
        assertThatThrownBy(() -> judgments.record(new RecordJudgment(c.getId(), JudgeKind.HUMAN, judge, Verdict.A, 1,
                List.of(new RecordJudgment.TagInput(aId, HallucinationType.COUNT, 0, 100_000)), null, null, "bad-4")))
                .hasMessageContaining("does not lie inside the text");
        assertThatThrownBy(() -> command(c, judge, "")).hasMessageContaining("idempotency key");
        assertThatThrownBy(() -> new RecordJudgment(c.getId(), JudgeKind.HUMAN, judge, Verdict.A, 3, List.of(), null, null, "k"))
                .hasMessageContaining("strength");
        assertThat(count("judgment")).isEqualTo(before);
        assertThat(count("outbox_event")).isEqualTo(outboxBefore);
        assertThat(jdbc.queryForObject("select count(*) from assignment where comparison_id = ? and completed_at is not null",
                Long.class, c.getId())).isZero();
    }

    @Test
    void an_annotator_cannot_judge_a_comparison_twice_and_a_key_cannot_be_reused() {
        Comparison c = all.get(4);
        String judge = assignee(c);
        judgments.record(command(c, judge, "twice-1"));
        assertThatThrownBy(() -> judgments.record(command(c, judge, "twice-2")))
                .hasMessage(judge + " has already judged comparison " + c.getId());
        Comparison other = all.get(5);
        assertThatThrownBy(() -> judgments.record(command(other, assignee(other), "twice-1")))
                .hasMessageContaining("was already used for another judgment");
    }

    @Test
    void a_correction_is_a_new_judgment_with_its_own_event_that_supersedes_the_earlier_one() throws Exception {
        Comparison c = all.get(6);
        String judge = assignee(c);
        long bId = jdbc.queryForObject("select response_b_id from comparison where id = ?", Long.class, c.getId());
        RecordedJudgment first = judgments.record(new RecordJudgment(c.getId(), JudgeKind.HUMAN, judge, Verdict.A, 1,
                List.of(new RecordJudgment.TagInput(bId, HallucinationType.COUNT, null, null)), "B miscounts", 900L, "fix-1"));
        long judgmentsBefore = count("judgment");
        long outboxBefore = count("outbox_event");

        RecordedJudgment fix = judgments.correct(first.judgmentId(), judge, Verdict.B, 2, "fix-1-correction");
        assertThat(fix.created()).isTrue();
        assertThat(fix.judgmentId()).isNotEqualTo(first.judgmentId());
        RecordedJudgment again = judgments.correct(first.judgmentId(), judge, Verdict.B, 2, "fix-1-correction");
        assertThat(again).as("the same correction resubmitted").isEqualTo(new RecordedJudgment(fix.judgmentId(), fix.eventId(), false));
        assertThat(count("judgment")).isEqualTo(judgmentsBefore + 1);
        assertThat(count("outbox_event")).isEqualTo(outboxBefore + 1);

        Map<String, Object> row = jdbc.queryForMap("select verdict, strength, rationale, supersedes_id from judgment where id = ?",
                fix.judgmentId());
        assertThat(row).containsEntry("VERDICT", "B").containsEntry("STRENGTH", 2).containsEntry("RATIONALE", "B miscounts");
        assertThat(((Number) row.get("SUPERSEDES_ID")).longValue()).isEqualTo(first.judgmentId());
        assertThat(jdbc.queryForObject("select count(*) from judgment_tag where judgment_id = ?", Long.class, fix.judgmentId()))
                .as("the tags carried over").isEqualTo(1);
        String payload = jdbc.queryForObject("select payload from outbox_event where event_id = ?", String.class, fix.eventId());
        JudgmentRecorded event = (JudgmentRecorded) EventCodec.decode(payload.getBytes(StandardCharsets.UTF_8));
        assertThat(event.superseded()).hasValue(first.judgmentId());
        assertThat(event).extracting(JudgmentRecorded::verdict, JudgmentRecorded::judgeId, JudgmentRecorded::comparisonId)
                .containsExactly("B", judge, c.getId());
        assertThat(event.tags()).singleElement().extracting(JudgmentRecorded.Tag::response).isEqualTo("B");
        String firstPayload = jdbc.queryForObject("select payload from outbox_event where event_id = ?", String.class, first.eventId());
        assertThat(firstPayload).as("a first verdict's event is unchanged").doesNotContain("supersedes");
        assertThat(jdbc.queryForObject("select detail from audit_log where action = 'judgment.correct' and target = ?",
                String.class, "comparison " + c.getId()))
                .isEqualTo("HUMAN A -> B (judgment " + fix.judgmentId() + " supersedes " + first.judgmentId() + ")");
    }

    @Test
    void a_judgment_is_corrected_only_by_its_judge_once_and_two_racing_corrections_store_one() throws Exception {
        Comparison c = all.get(7);
        String judge = assignee(c);
        RecordedJudgment first = judgments.record(command(c, judge, "race-fix-1"));
        long before = count("judgment");
        long outboxBefore = count("outbox_event");
        assertThatThrownBy(() -> judgments.correct(first.judgmentId(), "mallory", Verdict.B, 1, "mallory-fix"))
                .isInstanceOf(JudgmentRejectedException.class)
                .hasMessage("judgment " + first.judgmentId() + " is not mallory's judgment of comparison " + c.getId()
                        + ", so they cannot correct it");
        assertThatThrownBy(() -> judgments.correct(999_999_999L, judge, Verdict.B, 1, "nothing-fix"))
                .hasMessage("there is no judgment 999999999 to correct");
        assertThat(count("judgment")).isEqualTo(before);

        List<Object> outcomes = race(6, i -> judgments.correct(first.judgmentId(), judge, Verdict.TIE, 1, "race-fix-1-by-tab-" + i));
        assertThat(outcomes).filteredOn(o -> o instanceof RecordedJudgment).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o instanceof String).hasSize(5).allSatisfy(m -> assertThat(m)
                .isEqualTo("judgment " + first.judgmentId() + " was corrected already; correct the latest verdict instead"));
        assertThat(count("judgment")).isEqualTo(before + 1);
        assertThat(count("outbox_event")).isEqualTo(outboxBefore + 1);
        long latest = ((RecordedJudgment) outcomes.stream().filter(o -> o instanceof RecordedJudgment).findFirst().orElseThrow())
                .judgmentId();
        RecordedJudgment second = judgments.correct(latest, judge, Verdict.A, 1, "race-fix-1-again");
        assertThat(second.created()).as("the latest verdict can be corrected in turn").isTrue();
    }

    @Test
    void a_judgments_rows_hold_its_event_its_audit_entry_and_the_completed_assignment() {
        Comparison c = all.get(all.size() - 1);
        String judge = assignee(c);
        long aId = jdbc.queryForObject("select response_a_id from comparison where id = ?", Long.class, c.getId());
        RecordedJudgment r = judgments.record(new RecordJudgment(c.getId(), JudgeKind.HUMAN, judge, Verdict.TIE, 2,
                List.of(new RecordJudgment.TagInput(aId, HallucinationType.COUNT, 1, 4)), "both \"fine\"", null, "rows-1"));
        Map<String, Object> j = jdbc.queryForMap("select * from judgment where id = ?", r.judgmentId());
        assertThat(j).containsEntry("COMPARISON_ID", c.getId()).containsEntry("JUDGE_KIND", "HUMAN").containsEntry("JUDGE_ID", judge)
                .containsEntry("VERDICT", "TIE").containsEntry("STRENGTH", 2).containsEntry("RATIONALE", "both \"fine\"")
                .containsEntry("TIME_SPENT_MS", null).containsEntry("IDEMPOTENCY_KEY", "rows-1").containsEntry("SUPERSEDES_ID", null);
        Map<String, Object> tag = jdbc.queryForMap("select * from judgment_tag where judgment_id = ?", r.judgmentId());
        assertThat(tag).containsEntry("RESPONSE_ID", aId).containsEntry("TAG", "COUNT").containsEntry("SPAN_START", 1)
                .containsEntry("SPAN_END", 4);
        Map<String, Object> out = jdbc.queryForMap("select * from outbox_event where event_id = ?", r.eventId());
        assertThat(out).containsEntry("EVENT_TYPE", JudgmentRecorded.TYPE).containsEntry("TOPIC", Topics.JUDGMENTS)
                .containsEntry("MESSAGE_KEY", Long.toString(c.getId())).containsEntry("CLAIMED_BY", null)
                .containsEntry("CLAIMED_AT", null).containsEntry("PUBLISHED_AT", null).containsEntry("ATTEMPTS", 0);
        JudgmentRecorded event = (JudgmentRecorded) EventCodec.decode(((String) out.get("PAYLOAD")).getBytes(StandardCharsets.UTF_8));
        ComparisonSnapshot snapshot = ComparisonSnapshot.of(comparisons.findWithContent(c.getId()).orElseThrow());
        JudgmentRecorded expected = new JudgmentRecorded(r.eventId(), JudgmentRecorded.TYPE, JudgmentRecorded.SCHEMA_VERSION,
                event.occurredAt(), r.judgmentId(), "rows-1", c.getId(), snapshot.dataset(), snapshot.itemId(), snapshot.prompt(),
                snapshot.taskType(), snapshot.image(), snapshot.responseA(), snapshot.responseB(), "HUMAN", judge, "TIE", 2,
                List.of(new JudgmentRecorded.Tag("A", "COUNT", 1, 4)), "both \"fine\"", null, null);
        assertThat(out.get("PAYLOAD")).as("the payload, byte for byte").isEqualTo(EventCodec.encodeToString(expected));
        Map<String, Object> audit = jdbc.queryForMap("select * from audit_log where action = 'judgment.record' and target = ?",
                "comparison " + c.getId());
        assertThat(audit).containsEntry("ACTOR", judge).containsEntry("DETAIL", "HUMAN TIE (judgment " + r.judgmentId() + ")");
        Object completed = jdbc.queryForObject("select a.completed_at from assignment a join annotator an on an.id = a.annotator_id"
                + " where an.subject = ? and a.comparison_id = ?", Object.class, judge, c.getId());
        assertThat(List.of(audit.get("OCCURRED_AT"), out.get("CREATED_AT"), completed)).as("one instant for all rows")
                .containsOnly(j.get("CREATED_AT"));
        assertThat(Set.of(j.get("ID"), tag.get("ID"), out.get("ID"), audit.get("ID"))).as("ids from the pooled sequence, distinct")
                .hasSize(4).allSatisfy(id -> assertThat(((Number) id).longValue()).isGreaterThanOrEqualTo(100_000_000L));
    }

    @Test
    void two_submissions_of_one_assignment_with_different_keys_racing_store_one() throws Exception {
        Comparison c = all.get(all.size() - 2);
        String judge = assignee(c);
        long before = count("judgment");
        List<Object> outcomes = race(6, i -> judgments.record(command(c, judge, "tab-race-" + i)));
        assertThat(outcomes).filteredOn(o -> o instanceof RecordedJudgment).hasSize(1);
        assertThat(outcomes).filteredOn(o -> o instanceof String).hasSize(5)
                .allSatisfy(m -> assertThat(m).isEqualTo(judge + " has already judged comparison " + c.getId()));
        assertThat(count("judgment")).isEqualTo(before + 1);
    }

    @Test
    void the_work_queue_lists_an_annotators_latest_judgments_as_they_saw_them() {
        String judge = "dave";
        List<Comparison> daves = all.stream().filter(c -> jdbc.queryForObject("""
                select count(*) from assignment a join annotator an on an.id = a.annotator_id
                where a.comparison_id = ? and an.subject = ? and a.completed_at is null""", Long.class, c.getId(), judge) == 1)
                .limit(2).toList();
        assertThat(daves).hasSize(2);
        RecordedJudgment one = judgments.record(command(daves.get(0), judge, "dave-recent-1"));
        RecordedJudgment two = judgments.record(command(daves.get(1), judge, "dave-recent-2"));
        RecordedJudgment fixed = judgments.correct(one.judgmentId(), judge, Verdict.B, 1, "dave-recent-1-fix");
        List<WorkQueue.Recent> recent = workQueue.recent(judge, 20);
        assertThat(recent).extracting(WorkQueue.Recent::judgmentId).contains(fixed.judgmentId(), two.judgmentId())
                .doesNotContain(one.judgmentId());
        WorkQueue.Recent r = recent.stream().filter(x -> x.judgmentId() == fixed.judgmentId()).findFirst().orElseThrow();
        assertThat(r.task().comparisonId()).isEqualTo(daves.get(0).getId());
        assertThat(r.task().stored(r.verdict())).as("shown as the annotator saw it, stored as B").isEqualTo(Verdict.B);
        assertThat(recent.get(0).judgmentId()).as("newest first").isEqualTo(fixed.judgmentId());
        assertThat(workQueue.recent(judge, 1)).hasSize(1);
    }
}
