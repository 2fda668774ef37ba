package dev.groundwork.annotation.judgment;

import dev.groundwork.annotation.event.EventCodec;
import dev.groundwork.annotation.event.JudgmentRecorded;
import dev.groundwork.annotation.event.Topics;
import dev.groundwork.storage.audit.AuditTrail;
import dev.groundwork.storage.dataset.Response;
import dev.groundwork.storage.judgment.Assignment;
import dev.groundwork.storage.judgment.AssignmentRepository;
import dev.groundwork.storage.judgment.Comparison;
import dev.groundwork.storage.judgment.ComparisonRepository;
import dev.groundwork.storage.judgment.JudgeKind;
import dev.groundwork.storage.judgment.Judgment;
import dev.groundwork.storage.judgment.JudgmentRepository;
import dev.groundwork.storage.judgment.JudgmentTag;
import dev.groundwork.storage.outbox.OutboxEvent;
import dev.groundwork.storage.outbox.OutboxEventRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Records judgments. The judgment, its tags, the assignment's completion, an audit entry and the
 * outbox event are written in one database transaction, so an event exists exactly when its
 * judgment does; the outbox relay publishes it afterwards.
 *
 * <p>Validation: the comparison exists; a human judge must hold an open assignment for it (a
 * critic needs none); tags must name response A or B of the comparison and spans must lie
 * inside the response text. Idempotency: a resubmission with a known key returns the stored
 * judgment and writes nothing, also when two submissions race.
 */
@Service
public class JudgmentService {

    private final ComparisonRepository comparisons;
    private final AssignmentRepository assignments;
    private final JudgmentRepository judgments;
    private final OutboxEventRepository outbox;
    private final AuditTrail audit;
    private final TransactionTemplate tx;
    private final Clock clock;

    public JudgmentService(ComparisonRepository comparisons, AssignmentRepository assignments, JudgmentRepository judgments,
            OutboxEventRepository outbox, AuditTrail audit, PlatformTransactionManager txManager, Clock clock) {
        this.comparisons = comparisons;
        this.assignments = assignments;
        this.judgments = judgments;
        this.outbox = outbox;
        this.audit = audit;
        this.tx = new TransactionTemplate(txManager);
        this.clock = clock;
    }

    public RecordedJudgment record(RecordJudgment command) {
        try {
            return tx.execute(status -> recordInTransaction(command));
        } catch (DataIntegrityViolationException race) {
            // Another request with the same idempotency key committed first: answer with its result.
            return tx.execute(status -> existing(command))
                    .orElseThrow(() -> new JudgmentRejectedException("judgment could not be stored: " + race.getMostSpecificCause().getMessage()));
        }
    }

    private RecordedJudgment recordInTransaction(RecordJudgment command) {
        Optional<RecordedJudgment> earlier = existing(command);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        Comparison comparison = comparisons.findWithContent(command.comparisonId())
                .orElseThrow(() -> new JudgmentRejectedException("no comparison with id " + command.comparisonId()));
        Instant now = clock.instant();
        if (command.judgeKind() == JudgeKind.HUMAN) {
            Assignment assignment = assignments.findBySubjectAndComparison(command.judgeId(), comparison.getId())
                    .orElseThrow(() -> new JudgmentRejectedException(
                            "comparison " + comparison.getId() + " is not assigned to " + command.judgeId()));
            if (assignment.getCompletedAt().isPresent()) {
                // A resubmission that raced with its first submission finds the judgment now.
                return existing(command).orElseThrow(() -> new JudgmentRejectedException(
                        command.judgeId() + " has already judged comparison " + comparison.getId()));
            }
            assignment.complete(now);
        }
        Judgment judgment = new Judgment(comparison, command.judgeKind(), command.judgeId(), command.verdict(),
                command.strength(), command.rationale(), command.timeSpentMs(), command.idempotencyKey(), now);
        for (RecordJudgment.TagInput t : command.tags()) {
            judgment.addTag(new JudgmentTag.Spec(side(comparison, t), t.tag(), t.spanStart(), t.spanEnd()));
        }
        judgments.saveAndFlush(judgment);
        JudgmentRecorded event = JudgmentEvents.of(judgment, comparison);
        outbox.save(new OutboxEvent(event.eventId(), event.type(), Topics.JUDGMENTS, Long.toString(comparison.getId()),
                EventCodec.encodeToString(event), now));
        audit.record(command.judgeId(), "judgment.record", "comparison " + comparison.getId(),
                command.judgeKind() + " " + command.verdict() + " (judgment " + judgment.getId() + ")");
        return new RecordedJudgment(judgment.getId(), event.eventId(), true);
    }

    private Optional<RecordedJudgment> existing(RecordJudgment command) {
        return judgments.findByIdempotencyKey(command.idempotencyKey()).map(j -> {
            if (!j.getComparison().getId().equals(command.comparisonId()) || !j.getJudgeId().equals(command.judgeId())) {
                throw new JudgmentRejectedException("idempotency key '" + command.idempotencyKey()
                        + "' was already used for another judgment");
            }
            return new RecordedJudgment(j.getId(), JudgmentEvents.eventId(j.getIdempotencyKey()), false);
        });
    }

    private static Response side(Comparison c, RecordJudgment.TagInput t) {
        Response r;
        if (c.getResponseA().getId() == t.responseId()) {
            r = c.getResponseA();
        } else if (c.getResponseB().getId() == t.responseId()) {
            r = c.getResponseB();
        } else {
            throw new JudgmentRejectedException("tag names response " + t.responseId()
                    + ", which is neither A nor B of comparison " + c.getId());
        }
        if (t.spanStart() != null || t.spanEnd() != null) {
            if (t.spanStart() == null || t.spanEnd() == null || t.spanStart() < 0 || t.spanEnd() <= t.spanStart()
                    || t.spanEnd() > r.getText().length()) {
                throw new JudgmentRejectedException("tag span [" + t.spanStart() + ", " + t.spanEnd()
                        + ") does not lie inside the text of response " + r.getId() + " (" + r.getText().length() + " characters)");
            }
        }
        return r;
    }
}
