package dev.groundwork.storage.judgment;

import dev.groundwork.storage.SequencedEntity;
import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A pairwise verdict on a comparison by a human or the critic, stored once per idempotency key. A
 * correction is a new judgment by the same judge on the same comparison that {@linkplain #getSupersedesId()
 * supersedes} the earlier one; only a judgment no other supersedes counts.
 */
@Entity
@Table(name = "judgment")
public class Judgment extends SequencedEntity {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "comparison_id")
    private Comparison comparison;

    @Enumerated(EnumType.STRING)
    @Column(name = "judge_kind", nullable = false)
    private JudgeKind judgeKind;

    @Column(name = "judge_id", nullable = false)
    private String judgeId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Verdict verdict;

    @Column(nullable = false)
    private int strength;

    private String rationale;

    @Column(name = "time_spent_ms")
    private Long timeSpentMs;

    @Column(name = "idempotency_key", nullable = false)
    private String idempotencyKey;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "supersedes_id")
    private Long supersedesId;

    @OneToMany(mappedBy = "judgment", cascade = CascadeType.ALL, orphanRemoval = true)
    private List<JudgmentTag> tags = new ArrayList<>();

    protected Judgment() {}

    public Judgment(Comparison comparison, JudgeKind judgeKind, String judgeId, Verdict verdict, int strength,
            String rationale, Long timeSpentMs, String idempotencyKey, Instant createdAt) {
        this.comparison = Objects.requireNonNull(comparison, "comparison");
        this.judgeKind = Objects.requireNonNull(judgeKind, "judgeKind");
        this.judgeId = Objects.requireNonNull(judgeId, "judgeId");
        this.verdict = Objects.requireNonNull(verdict, "verdict");
        this.strength = strength;
        this.rationale = rationale;
        this.timeSpentMs = timeSpentMs;
        this.idempotencyKey = Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Marks this judgment as the correction of {@code earlier}, which it replaces. */
    public void supersede(Judgment earlier) {
        if (!earlier.getComparison().getId().equals(comparison.getId()) || !earlier.getJudgeId().equals(judgeId)) {
            throw new IllegalArgumentException("a judgment can only supersede its own judge's judgment of the same comparison");
        }
        this.supersedesId = Objects.requireNonNull(earlier.getId(), "the superseded judgment's id");
    }

    public JudgmentTag addTag(JudgmentTag.Spec spec) {
        JudgmentTag tag = new JudgmentTag(this, spec);
        tags.add(tag);
        return tag;
    }

    public Comparison getComparison() { return comparison; }
    public JudgeKind getJudgeKind() { return judgeKind; }
    public String getJudgeId() { return judgeId; }
    public Verdict getVerdict() { return verdict; }
    public int getStrength() { return strength; }
    public String getRationale() { return rationale; }
    public Long getTimeSpentMs() { return timeSpentMs; }
    public String getIdempotencyKey() { return idempotencyKey; }
    public Instant getCreatedAt() { return createdAt; }
    /** The judgment this one corrects, if it is a correction. */
    public Optional<Long> getSupersedesId() { return Optional.ofNullable(supersedesId); }
    public List<JudgmentTag> getTags() { return Collections.unmodifiableList(tags); }
}
