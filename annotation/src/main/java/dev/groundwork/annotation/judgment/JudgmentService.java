package dev.groundwork.annotation.judgment;

import dev.groundwork.annotation.event.EventCodec;
import dev.groundwork.annotation.event.JudgmentRecorded;
import dev.groundwork.annotation.event.Topics;
import dev.groundwork.annotation.ops.Meters;
import dev.groundwork.storage.HotIds;
import dev.groundwork.storage.judgment.Comparison;
import dev.groundwork.storage.judgment.ComparisonRepository;
import dev.groundwork.storage.judgment.JudgeKind;
import dev.groundwork.storage.judgment.Judgment;
import dev.groundwork.storage.judgment.JudgmentRepository;
import dev.groundwork.storage.judgment.Verdict;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
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
 *
 * <p>The write path is plain JDBC ({@link JudgmentRows}): two look-ups per call (judgments by key,
 * assignments by comparison), then one batch per table, with ids from {@link HotIds}. An
 * assignment is completed only if it still is open ({@code completed_at is null}); a call that
 * finds it completed by a concurrent one is retried like a key race.
 */
@Service
public class JudgmentService {

    private static final int MAX_CACHED_SNAPSHOTS = 100_000;

    private final Map<Long, ComparisonSnapshot> snapshotCache = new ConcurrentHashMap<>();
    private final ComparisonRepository comparisons;
    private final JudgmentRepository judgments;
    private final JudgmentRows rows;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Map<JudgeKind, Counter> recorded = new ConcurrentHashMap<>();

    public JudgmentService(ComparisonRepository comparisons, JudgmentRepository judgments, DataSource dataSource, HotIds ids,
            PlatformTransactionManager txManager, Clock clock) {
        this.comparisons = comparisons;
        this.judgments = judgments;
        this.rows = new JudgmentRows(dataSource, ids);
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
        List<RecordedJudgment> results = recordAllOnce(commands);
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i).created()) { // a replayed idempotency key recorded nothing
                recorded.computeIfAbsent(commands.get(i).judgeKind(), kind -> Counter.builder(Meters.JUDGMENTS_RECORDED)
                        .tag("judge", kind.name()).description("judgments recorded").register(Metrics.globalRegistry))
                        .increment();
            }
        }
        return results;
    }

    private List<RecordedJudgment> recordAllOnce(List<RecordJudgment> commands) {
        try {
            return tx.execute(status -> recordInTransaction(commands));
        } catch (RuntimeException e) {
            if (!isRace(e)) {
                throw e;
            }
            // A submission with one of these keys (or of this assignment) committed meanwhile: retry, now finding it.
            if (commands.size() > 1) {
                return commands.stream().map(c -> recordAllOnce(List.of(c)).get(0)).toList();
            }
            return tx.execute(status -> recordInTransaction(commands));
        }
    }

    private static boolean isRace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DataIntegrityViolationException || t instanceof JudgmentRows.CompletedConcurrently) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("23")) {
                return true;
            }
        }
        return false;
    }

    private List<RecordedJudgment> recordInTransaction(List<RecordJudgment> commands) {
        Map<String, JudgmentRows.Stored> earlier = rows.byKeys(commands.stream().map(RecordJudgment::idempotencyKey).distinct().toList());
        List<Long> ids = commands.stream().map(RecordJudgment::comparisonId).distinct().toList();
        Map<Long, ComparisonSnapshot> byId = snapshots(ids);
        Map<String, JudgmentRows.Assigned> assignmentOf = commands.stream().anyMatch(c -> c.judgeKind() == JudgeKind.HUMAN)
                ? rows.assignments(ids) : Map.of();
        Call call = new Call(rows.batch(), byId, assignmentOf, earlier, clock.instant(), idsNeeded(commands));
        List<RecordedJudgment> results = new ArrayList<>(commands.size());
        Map<String, RecordedJudgment> inThisBatch = new HashMap<>();
        for (int i = 0; i < commands.size(); i++) {
            RecordJudgment command = commands.get(i);
            String where = commands.size() == 1 ? "" : "judgment " + (i + 1) + " of " + commands.size() + ": ";
            try {
                RecordedJudgment repeated = inThisBatch.get(command.idempotencyKey());
                JudgmentRows.Stored prior = earlier.get(command.idempotencyKey());
                if (repeated != null) {
                    results.add(new RecordedJudgment(repeated.judgmentId(), repeated.eventId(), false));
                } else if (prior != null) {
                    results.add(replay(prior, command));
                } else {
                    RecordedJudgment r = store(command, call);
                    inThisBatch.put(command.idempotencyKey(), r);
                    results.add(r);
                }
            } catch (JudgmentRejectedException e) {
                throw new JudgmentRejectedException(where + e.getMessage());
            }
        }
        call.batch().write();
        return results;
    }

    /** Ids a call takes at most: a judgment, its outbox event and audit entry, and its tags. */
    private static int idsNeeded(List<RecordJudgment> commands) {
        int n = 0;
        for (RecordJudgment c : commands) {
            n += 3 + c.tags().size();
        }
        return n;
    }

    /** What one call has read and is about to write; judgments and corrections stored in it count as stored. */
    private record Call(JudgmentRows.Batch batch, Map<Long, ComparisonSnapshot> snapshots,
            Map<String, JudgmentRows.Assigned> assignments, Map<String, JudgmentRows.Stored> earlier, Instant now,
            int idsNeeded, Set<Long> completedNow, Set<Long> supersededNow, Map<Long, JudgmentRows.Stored> storedNow) {
        Call(JudgmentRows.Batch batch, Map<Long, ComparisonSnapshot> snapshots, Map<String, JudgmentRows.Assigned> assignments,
                Map<String, JudgmentRows.Stored> earlier, Instant now, int idsNeeded) {
            this(batch, snapshots, assignments, earlier, now, idsNeeded, new HashSet<>(), new HashSet<>(), new HashMap<>());
        }
    }

    private RecordedJudgment store(RecordJudgment command, Call call) {
        ComparisonSnapshot snapshot = call.snapshots().get(command.comparisonId());
        if (snapshot == null) {
            throw new JudgmentRejectedException("no comparison with id " + command.comparisonId());
        }
        JudgmentRows.Stored corrected = null;
        if (command.supersedes().isPresent()) {
            corrected = correctable(command, snapshot.comparisonId(), call);
        } else if (command.judgeKind() == JudgeKind.HUMAN) {
            JudgmentRows.Assigned assignment = call.assignments().get(JudgmentRows.key(command.judgeId(), snapshot.comparisonId()));
            if (assignment == null) {
                throw new JudgmentRejectedException("comparison " + snapshot.comparisonId() + " is not assigned to " + command.judgeId());
            }
            if (assignment.completed() || call.completedNow().contains(assignment.id())) {
                // A resubmission that raced with its first submission finds the judgment now.
                return rows.byKey(command.idempotencyKey()).map(j -> replay(j, command))
                        .orElseThrow(() -> new JudgmentRejectedException(
                                command.judgeId() + " has already judged comparison " + snapshot.comparisonId()));
            }
            call.completedNow().add(assignment.id());
            call.batch().complete(assignment.id(), call.now());
        }
        List<JudgmentRecorded.Tag> eventTags = new ArrayList<>();
        for (RecordJudgment.TagInput t : command.tags()) {
            String side = snapshot.side(t.responseId());
            checkSpan(snapshot.response(side), t);
            eventTags.add(new JudgmentRecorded.Tag(side, t.tag().name(), t.spanStart(), t.spanEnd()));
        }
        JudgmentRows.Batch batch = call.batch();
        long id = batch.id(call.idsNeeded());
        Long supersedes = corrected == null ? null : corrected.id();
        batch.judgment(id, snapshot.comparisonId(), command.judgeKind().name(), command.judgeId(), command.verdict().name(),
                command.strength(), command.rationale(), command.timeSpentMs(), command.idempotencyKey(), call.now(), supersedes);
        for (RecordJudgment.TagInput t : command.tags()) {
            batch.tag(batch.id(call.idsNeeded()), id, t.responseId(), t.tag().name(), t.spanStart(), t.spanEnd());
        }
        JudgmentRecorded event = JudgmentEvents.of(id, command, call.now(), snapshot, eventTags, supersedes);
        batch.outbox(batch.id(call.idsNeeded()), event.eventId(), event.type(), Topics.JUDGMENTS, Long.toString(snapshot.comparisonId()),
                EventCodec.encodeToString(event), call.now());
        if (corrected == null) {
            batch.audit(batch.id(call.idsNeeded()), call.now(), command.judgeId(), "judgment.record", "comparison " + snapshot.comparisonId(),
                    command.judgeKind() + " " + command.verdict() + " (judgment " + id + ")");
        } else {
            call.supersededNow().add(corrected.id());
            batch.audit(batch.id(call.idsNeeded()), call.now(), command.judgeId(), "judgment.correct", "comparison " + snapshot.comparisonId(),
                    command.judgeKind() + " " + corrected.verdict() + " -> " + command.verdict() + " (judgment "
                            + id + " supersedes " + corrected.id() + ")");
        }
        JudgmentRows.Stored stored = new JudgmentRows.Stored(id, snapshot.comparisonId(), command.judgeKind().name(),
                command.judgeId(), command.verdict().name(), command.idempotencyKey());
        call.earlier().put(command.idempotencyKey(), stored);
        call.storedNow().put(id, stored);
        return new RecordedJudgment(id, event.eventId(), true);
    }

    /** The judgment a correction supersedes, once it is known to be the judge's own, uncorrected, of this comparison. */
    private JudgmentRows.Stored correctable(RecordJudgment command, long comparisonId, Call call) {
        long id = command.supersedes().getAsLong();
        JudgmentRows.Stored earlier = Optional.ofNullable(call.storedNow().get(id)).or(() -> rows.byId(id))
                .orElseThrow(() -> new JudgmentRejectedException("there is no judgment " + id + " to correct"));
        if (earlier.comparisonId() != comparisonId || !earlier.judgeId().equals(command.judgeId())
                || !earlier.judgeKind().equals(command.judgeKind().name())) {
            throw new JudgmentRejectedException("judgment " + id + " is not " + command.judgeId() + "'s judgment of comparison "
                    + comparisonId + ", so they cannot correct it");
        }
        if (call.supersededNow().contains(id) || rows.superseded(id)) {
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

    private static RecordedJudgment replay(JudgmentRows.Stored j, RecordJudgment command) {
        if (j.comparisonId() != command.comparisonId() || !j.judgeId().equals(command.judgeId())) {
            throw new JudgmentRejectedException("idempotency key '" + command.idempotencyKey() + "' was already used for another judgment");
        }
        return new RecordedJudgment(j.id(), JudgmentEvents.eventId(j.idempotencyKey()), false);
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
