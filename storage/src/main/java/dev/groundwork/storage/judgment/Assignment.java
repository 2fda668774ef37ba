package dev.groundwork.storage.judgment;

import dev.groundwork.storage.AbstractEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A comparison given to one annotator, one of the k of its overlap; display order per assignment. */
@Entity
@Table(name = "assignment")
public class Assignment extends AbstractEntity {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "annotator_id")
    private Annotator annotator;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "comparison_id")
    private Comparison comparison;

    @Column(name = "overlap_k", nullable = false)
    private int overlapK;

    @Column(name = "display_swapped", nullable = false)
    private boolean displaySwapped;

    @Column(name = "assigned_at", nullable = false)
    private Instant assignedAt;

    @Column(name = "completed_at")
    private Instant completedAt;

    protected Assignment() {}

    public Assignment(Annotator annotator, Comparison comparison, int overlapK, boolean displaySwapped, Instant assignedAt) {
        if (overlapK < 1) {
            throw new IllegalArgumentException("overlap k must be at least 1, was " + overlapK);
        }
        this.annotator = Objects.requireNonNull(annotator, "annotator");
        this.comparison = Objects.requireNonNull(comparison, "comparison");
        this.overlapK = overlapK;
        this.displaySwapped = displaySwapped;
        this.assignedAt = Objects.requireNonNull(assignedAt, "assignedAt");
    }

    public Annotator getAnnotator() { return annotator; }
    public Comparison getComparison() { return comparison; }
    public int getOverlapK() { return overlapK; }
    public boolean isDisplaySwapped() { return displaySwapped; }
    public Instant getAssignedAt() { return assignedAt; }
    public Optional<Instant> getCompletedAt() { return Optional.ofNullable(completedAt); }

    public void complete(Instant at) {
        this.completedAt = Objects.requireNonNull(at, "at");
    }
}
