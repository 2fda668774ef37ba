package dev.groundwork.annotation.judgment;

import dev.groundwork.annotation.event.EventCodec;
import dev.groundwork.annotation.event.JudgmentRecorded;
import dev.groundwork.annotation.event.Topics;
import dev.groundwork.storage.audit.AuditLog;
import dev.groundwork.storage.dataset.Response;
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
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records judgments. The judgment, its tags, the assignment's completion, an audit entry and the
 * outbox event are written in one database transaction, so an event exists exactly when its
 * judgment does; the outbox relay publishes it afterwards.
 *
 * <p>Validation: the comparison exists; a human judge must hold an assignment for it (a critic
 * needs none) and may judge it once; tags must name response A or B of the comparison and spans
 * must lie inside the response text. Idempotency: a resubmission with a known key returns the
 * stored judgment and writes nothing, also when two submissions race.
 *
 * <p>Corrections: {@link #correct} records a new judgment that supersedes the judge's earlier one of
 * the same comparison (its tags and rationale carried over, the verdict changed). It needs no open
 * assignment; the earlier judgment must be the judge's own and not corrected already (a unique
 * constraint on {@code judgment.supersedes_id} keeps two racing corrections from both being stored).
 * Its event carries {@code supersedes}; consumers count only the latest judgment.
 *
 * <p>{@link #recordAll} records many judgments in one transaction (all or none), with bulk
 * look-ups and batched inserts: the path for critic workers and bulk imports.
 */
@Service
public class JudgmentService {

    private static final int MAX_CACHED_SNAPSHOTS = 100_000;

    private final Map<Long, ComparisonSnapshot> snapshotCache = new java.util.concurrent.ConcurrentHashMap<>();
    private final ComparisonRepository comparisons;
    private final AssignmentRepository assignments;
    private final JudgmentRepository judgments;
    private final EntityManager em;
    private final TransactionTemplate tx;
    private final Clock clock;

    public JudgmentService(ComparisonRepository comparisons, AssignmentRepository assignments, JudgmentRepository judgments,
            EntityManager em, PlatformTransactionManager txManager, Clock clock) {
        this.comparisons = comparisons;
        this.assignments = assignments;
        this.judgments = judgments;
        this.em = em;
        this.tx = new TransactionTemplate(txManager);
        this.clock = clock;
    }

    public RecordedJudgment record(RecordJudgment command) {
        return recordAll(List.of(command)).get(0);
    }

    /**
     * Records all commands in one transaction, or none of them.
     *
     * @throws JudgmentRejectedException naming the first invalid command (by position when there are several)
     */
    public List<RecordedJudgment> recordAll(List<RecordJudgment> commands) {
        if (commands.isEmpty()) {
            return List.of();
        }
        try {
            return tx.execute(status -> recordInTransaction(commands));
        } catch (RuntimeException e) {
            if (!isUniqueViolation(e)) {
                throw e;
            }
            // A submission with one of these keys committed meanwhile: retry, now finding it.
            if (commands.size() > 1) {
                return commands.stream().map(c -> recordAll(List.of(c)).get(0)).toList();
            }
            return tx.execute(status -> recordInTransaction(commands));
        }
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DataIntegrityViolationException) {
                return true;
            }
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }

    private List<RecordedJudgment> recordInTransaction(List<RecordJudgment> commands) {
        Map<String, Judgment> earlier = new HashMap<>();
        judgments.findByIdempotencyKeyIn(commands.stream().map(RecordJudgment::idempotencyKey).distinct().toList())
                .forEach(j -> earlier.put(j.getIdempotencyKey(), j));
        List<Long> ids = commands.stream().map(RecordJudgment::comparisonId).distinct().toList();
        Map<Long, ComparisonSnapshot> byId = snapshots(ids);
        Map<String, Assignment> assignmentOf = new HashMap<>();
        if (commands.stream().anyMatch(c -> c.judgeKind() == JudgeKind.HUMAN)) {
            assignments.findByComparisonIds(ids).forEach(a ->
                    assignmentOf.put(a.getAnnotator().getSubject() + "\u0000" + a.getComparison().getId(), a));
        }
        Instant now = clock.instant();
        List<RecordedJudgment> results = new ArrayList<>(commands.size());
        Map<String, RecordedJudgment> inThisBatch = new HashMap<>();
        for (int i = 0; i < commands.size(); i++) {
            RecordJudgment command = commands.get(i);
            String where = commands.size() == 1 ? "" : "judgment " + (i + 1) + " of " + commands.size() + ": ";
            try {
                RecordedJudgment repeated = inThisBatch.get(command.idempotencyKey());
                Judgment prior = earlier.get(command.idempotencyKey());
                if (repeated != null) {
                    results.add(new RecordedJudgment(repeated.judgmentId(), repeated.eventId(), false));
                } else if (prior != null) {
                    results.add(replay(prior, command));
                } else {
                    RecordedJudgment r = store(command, byId, assignmentOf, earlier, now);
                    inThisBatch.put(command.idempotencyKey(), r);
                    results.add(r);
                }
            } catch (JudgmentRejectedException e) {
                throw new JudgmentRejectedException(where + e.getMessage());
            }
        }
        em.flush();
        return results;
    }

    private RecordedJudgment store(RecordJudgment command, Map<Long, ComparisonSnapshot> byId, Map<String, Assignment> assignmentOf,
            Map<String, Judgment> earlier, Instant now) {
        ComparisonSnapshot snapshot = byId.get(command.comparisonId());
        if (snapshot == null) {
            throw new JudgmentRejectedException("no comparison with id " + command.comparisonId());
        }
        Comparison comparison = em.getReference(Comparison.class, snapshot.comparisonId());
        Judgment corrected = null;
        if (command.supersedes().isPresent()) {
            corrected = correctable(command, snapshot.comparisonId());
        } else if (command.judgeKind() == JudgeKind.HUMAN) {
            Assignment assignment = assignmentOf.get(command.judgeId() + "\u0000" + snapshot.comparisonId());
            if (assignment == null) {
                throw new JudgmentRejectedException("comparison " + snapshot.comparisonId() + " is not assigned to " + command.judgeId());
            }
            if (assignment.getCompletedAt().isPresent()) {
                // A resubmission that raced with its first submission finds the judgment now.
                return judgments.findByIdempotencyKey(command.idempotencyKey()).map(j -> replay(j, command))
                        .orElseThrow(() -> new JudgmentRejectedException(
                                command.judgeId() + " has already judged comparison " + snapshot.comparisonId()));
            }
            assignment.complete(now);
        }
        Judgment judgment = new Judgment(comparison, command.judgeKind(), command.judgeId(), command.verdict(),
                command.strength(), command.rationale(), command.timeSpentMs(), command.idempotencyKey(), now);
        if (corrected != null) {
            judgment.supersede(corrected);
        }
        List<JudgmentRecorded.Tag> eventTags = new ArrayList<>();
        for (RecordJudgment.TagInput t : command.tags()) {
            String side = snapshot.side(t.responseId());
            checkSpan(snapshot.response(side), t);
            judgment.addTag(new JudgmentTag.Spec(em.getReference(Response.class, t.responseId()), t.tag(), t.spanStart(), t.spanEnd()));
            eventTags.add(new JudgmentRecorded.Tag(side, t.tag().name(), t.spanStart(), t.spanEnd()));
        }
        em.persist(judgment);
        JudgmentRecorded event = JudgmentEvents.of(judgment, snapshot, eventTags);
        em.persist(new OutboxEvent(event.eventId(), event.type(), Topics.JUDGMENTS, Long.toString(snapshot.comparisonId()),
                EventCodec.encodeToString(event), now));
        if (corrected == null) {
            em.persist(new AuditLog(now, command.judgeId(), "judgment.record", "comparison " + snapshot.comparisonId(),
                    command.judgeKind() + " " + command.verdict() + " (judgment " + judgment.getId() + ")"));
        } else {
            em.persist(new AuditLog(now, command.judgeId(), "judgment.correct", "comparison " + snapshot.comparisonId(),
                    command.judgeKind() + " " + corrected.getVerdict() + " -> " + command.verdict() + " (judgment "
                            + judgment.getId() + " supersedes " + corrected.getId() + ")"));
        }
        earlier.put(command.idempotencyKey(), judgment);
        return new RecordedJudgment(judgment.getId(), event.eventId(), true);
    }

    /** The judgment a correction supersedes, once it is known to be the judge's own, uncorrected, of this comparison. */
    private Judgment correctable(RecordJudgment command, long comparisonId) {
        long id = command.supersedes().getAsLong();
        Judgment earlier = judgments.findById(id)
                .orElseThrow(() -> new JudgmentRejectedException("there is no judgment " + id + " to correct"));
        if (!earlier.getComparison().getId().equals(comparisonId) || !earlier.getJudgeId().equals(command.judgeId())
                || earlier.getJudgeKind() != command.judgeKind()) {
            throw new JudgmentRejectedException("judgment " + id + " is not " + command.judgeId() + "'s judgment of comparison "
                    + comparisonId + ", so they cannot correct it");
        }
        if (judgments.existsBySupersedesId(id)) {
            throw new JudgmentRejectedException("judgment " + id + " was corrected already; correct the latest verdict instead");
        }
        return earlier;
    }

    /**
     * Corrects a judge's earlier judgment: a new judgment of the same comparison with {@code verdict}
     * and {@code strength}, the earlier tags and rationale, that supersedes it. Idempotent by
     * {@code idempotencyKey} like {@link #record}.
     *
     * @throws JudgmentRejectedException when the judgment is not the judge's or was corrected already
     */
    public RecordedJudgment correct(long judgmentId, String judgeId, Verdict verdict, int strength, String idempotencyKey) {
        RecordJudgment command = tx.execute(s -> {
            Judgment earlier = judgments.findById(judgmentId)
                    .orElseThrow(() -> new JudgmentRejectedException("there is no judgment " + judgmentId + " to correct"));
            List<RecordJudgment.TagInput> tags = earlier.getTags().stream().map(t -> new RecordJudgment.TagInput(
                    t.getResponse().getId(), t.getTag(), t.getSpanStart(), t.getSpanEnd())).toList();
            return new RecordJudgment(earlier.getComparison().getId(), earlier.getJudgeKind(), judgeId, verdict, strength,
                    tags, earlier.getRationale(), earlier.getTimeSpentMs(), idempotencyKey, OptionalLong.of(judgmentId));
        });
        return record(command);
    }

    private static RecordedJudgment replay(Judgment j, RecordJudgment command) {
        if (!j.getComparison().getId().equals(command.comparisonId()) || !j.getJudgeId().equals(command.judgeId())) {
            throw new JudgmentRejectedException("idempotency key '" + command.idempotencyKey() + "' was already used for another judgment");
        }
        return new RecordedJudgment(j.getId(), JudgmentEvents.eventId(j.getIdempotencyKey()), false);
    }

    /** Reads back a stored judgment by its key. */
    public Optional<RecordedJudgment> find(String idempotencyKey) {
        return tx.execute(s -> judgments.findByIdempotencyKey(idempotencyKey)
                .map(j -> new RecordedJudgment(j.getId(), JudgmentEvents.eventId(idempotencyKey), false)));
    }

    private static void checkSpan(JudgmentRecorded.ResponseRef r, RecordJudgment.TagInput t) {
        if (t.spanStart() != null || t.spanEnd() != null) {
            if (t.spanStart() == null || t.spanEnd() == null || t.spanStart() < 0 || t.spanEnd() <= t.spanStart()
                    || t.spanEnd() > r.text().length()) {
                throw new JudgmentRejectedException("tag span [" + t.spanStart() + ", " + t.spanEnd()
                        + ") does not lie inside the text of response " + r.responseId() + " (" + r.text().length() + " characters)");
            }
        }
    }

    /** Snapshots of the comparisons, from memory where possible (comparisons are immutable). */
    private Map<Long, ComparisonSnapshot> snapshots(List<Long> ids) {
        Map<Long, ComparisonSnapshot> result = new HashMap<>();
        List<Long> missing = new ArrayList<>();
        for (Long id : ids) {
            ComparisonSnapshot s = snapshotCache.get(id);
            if (s == null) {
                missing.add(id);
            } else {
                result.put(id, s);
            }
        }
        if (!missing.isEmpty()) {
            if (snapshotCache.size() > MAX_CACHED_SNAPSHOTS) {
                snapshotCache.clear();
            }
            for (Comparison c : comparisons.findWithContent(missing)) {
                ComparisonSnapshot s = ComparisonSnapshot.of(c);
                snapshotCache.put(c.getId(), s);
                result.put(c.getId(), s);
            }
        }
        return result;
    }
}
