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

/**
 * An annotator's flag on a comparison, with a comment for the reviewers ("image unclear", "both
 * answers identical"). A note, not a verdict: it leaves the assignment open.
 */
@Entity
@Table(name = "item_flag")
public class ItemFlag extends AbstractEntity {

    public static final int MAX_COMMENT = 2000;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "comparison_id")
    private Comparison comparison;

    @Column(name = "flagged_by", nullable = false, length = 200)
    private String flaggedBy;

    @Column(name = "comment", nullable = false, length = MAX_COMMENT)
    private String comment;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected ItemFlag() {}

    public ItemFlag(Comparison comparison, String flaggedBy, String comment, Instant createdAt) {
        this.comparison = Objects.requireNonNull(comparison, "comparison");
        this.flaggedBy = Objects.requireNonNull(flaggedBy, "flaggedBy");
        this.comment = Objects.requireNonNull(comment, "comment");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    }

    public Comparison getComparison() { return comparison; }
    public String getFlaggedBy() { return flaggedBy; }
    public String getComment() { return comment; }
    public Instant getCreatedAt() { return createdAt; }
}
