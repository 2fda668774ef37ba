package dev.groundwork.storage.training;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.util.List;
import java.util.Objects;

/**
 * A judge whose verdicts decided some of a checkpoint's pairs, and how many (from the trainer's
 * {@code CheckpointSaved.judges}).
 */
@Embeddable
public class CheckpointJudge {

    /** The judge kinds a checkpoint's pairs can be credited to. */
    public static final List<String> KINDS = List.of("HUMAN", "CRITIC", "REVIEWER");

    @Column(name = "judge_kind", nullable = false)
    private String judgeKind;

    @Column(name = "judge_id", nullable = false)
    private String judgeId;

    @Column(name = "pair_count", nullable = false)
    private long pairCount;

    protected CheckpointJudge() {}

    public CheckpointJudge(String judgeKind, String judgeId, long pairCount) {
        if (!KINDS.contains(judgeKind)) {
            throw new IllegalArgumentException("judge kind must be one of " + KINDS + ", was " + judgeKind);
        }
        this.judgeKind = judgeKind;
        this.judgeId = Objects.requireNonNull(judgeId, "judgeId");
        this.pairCount = pairCount;
    }

    /** {@code HUMAN}, {@code CRITIC} or {@code REVIEWER}. */
    public String getJudgeKind() { return judgeKind; }
    public String getJudgeId() { return judgeId; }
    public long getPairCount() { return pairCount; }

    @Override
    public boolean equals(Object o) {
        return o instanceof CheckpointJudge j && judgeKind.equals(j.judgeKind) && judgeId.equals(j.judgeId)
                && pairCount == j.pairCount;
    }

    @Override
    public int hashCode() {
        return Objects.hash(judgeKind, judgeId, pairCount);
    }
}
