package dev.groundwork.annotation.judgment;

import dev.groundwork.storage.judgment.JudgeKind;
import dev.groundwork.storage.judgment.Judgment;
import dev.groundwork.storage.judgment.JudgmentRepository;
import dev.groundwork.storage.judgment.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The recorded judgments, read in id order with filters: what the API lists. */
@Service
public class JudgmentLog {

    /** Which judgments to read; each filter applies when present, {@code since} inclusive. */
    public record Filter(Optional<String> dataset, Optional<JudgeKind> judgeKind, Optional<String> judge,
            Optional<Instant> since) {}

    /** One judgment as read. */
    public record Entry(long id, long comparisonId, String dataset, int itemPosition, JudgeKind judgeKind, String judge,
            Verdict verdict, int strength, Optional<String> rationale, Optional<Long> supersedes, Instant createdAt) {
        static Entry of(Judgment j) {
            return new Entry(j.getId(), j.getComparison().getId(), j.getComparison().getItem().getDataset().getName(),
                    j.getComparison().getItem().getPosition(), j.getJudgeKind(), j.getJudgeId(), j.getVerdict(),
                    j.getStrength(), Optional.ofNullable(j.getRationale()), j.getSupersedesId(), j.getCreatedAt());
        }
    }

    private final JudgmentRepository judgments;

    public JudgmentLog(JudgmentRepository judgments) {
        this.judgments = judgments;
    }

    /** Up to {@code limit} judgments with ids above {@code afterId} that pass the filter, by id. */
    @Transactional(readOnly = true)
    public List<Entry> after(long afterId, Filter filter, int limit) {
        return judgments.findAfter(afterId, filter.dataset().isEmpty(), filter.dataset().orElse(""),
                        filter.judgeKind().isEmpty(), filter.judgeKind().orElse(JudgeKind.CRITIC),
                        filter.judge().isEmpty(), filter.judge().orElse(""), filter.since().orElse(Instant.EPOCH),
                        PageRequest.ofSize(limit))
                .stream().map(Entry::of).toList();
    }

    /** One judgment, by id. */
    @Transactional(readOnly = true)
    public Optional<Entry> find(long id) {
        return judgments.findById(id).map(Entry::of);
    }
}
