package dev.groundwork.storage.judgment;

import dev.groundwork.storage.AbstractEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/** A reviewer's final label for a comparison on which its judges disagreed. */
@Entity
@Table(name = "resolution")
public class Resolution extends AbstractEntity {

    public static final int MAX_NOTE = 4000;

    @OneToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "comparison_id")
    private Comparison comparison;

    @Enumerated(EnumType.STRING)
    @Column(name = "verdict", nullable = false, length = 10)
    private Verdict verdict;

    @Column(name = "note", length = MAX_NOTE)
    private String note;

    @Column(name = "resolved_by", nullable = false, length = 200)
    private String resolvedBy;

    @Column(name = "resolved_at", nullable = false)
    private Instant resolvedAt;

    @Column(name = "revision", nullable = false)
    private int revision;

    protected Resolution() {}

    public Resolution(Comparison comparison, Verdict verdict, String note, String resolvedBy, Instant resolvedAt) {
        this.comparison = Objects.requireNonNull(comparison, "comparison");
        revise(verdict, note, resolvedBy, resolvedAt);
    }

    /** A later resolution of the same comparison replaces this one; the revision counts up. */
    public void revise(Verdict verdict, String note, String resolvedBy, Instant resolvedAt) {
        if (note != null && note.length() > MAX_NOTE) {
            throw new IllegalArgumentException("note is longer than " + MAX_NOTE + " characters");
        }
        this.verdict = Objects.requireNonNull(verdict, "verdict");
        this.note = note == null || note.isBlank() ? null : note;
        this.resolvedBy = Objects.requireNonNull(resolvedBy, "resolvedBy");
        this.resolvedAt = Objects.requireNonNull(resolvedAt, "resolvedAt");
        this.revision++;
    }

    public Comparison getComparison() { return comparison; }
    public Verdict getVerdict() { return verdict; }
    public String getNote() { return note; }
    public String getResolvedBy() { return resolvedBy; }
    public Instant getResolvedAt() { return resolvedAt; }
    /** 1 for the first resolution of the comparison, one more for each replacement. */
    public int getRevision() { return revision; }
}
