package dev.groundwork.storage.training;

import dev.groundwork.storage.AbstractEntity;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A saved model state of a run, with its provenance as JSON and its lineage: the judgment-topic offset ranges it
 * trained on and the judges who decided its pairs.
 */
@Entity
@Table(name = "checkpoint")
public class Checkpoint extends AbstractEntity {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "run_id")
    private TrainingRun run;

    @Column(nullable = false)
    private long step;

    @Column(nullable = false)
    private String path;

    @Column(nullable = false)
    private String provenance;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "pair_count")
    private Long pairCount;

    /** The judgment-topic offset ranges it trained on, as JSON ({@code [{"topic":…,"partition":0,"fromOffset":…}]}). */
    @Column(name = "offset_ranges")
    private String offsetRanges;

    @Column(name = "policy_version")
    private String policyVersion;

    /** Who decided the pairs it trained on, most pairs first within a kind; empty when the trainer did not say. */
    @ElementCollection(fetch = FetchType.LAZY)
    @CollectionTable(name = "checkpoint_judge", joinColumns = @JoinColumn(name = "checkpoint_id"))
    private List<CheckpointJudge> judges = new ArrayList<>();

    protected Checkpoint() {}

    public Checkpoint(TrainingRun run, long step, String path, String provenance, Instant createdAt) {
        this.run = Objects.requireNonNull(run, "run");
        this.step = step;
        this.path = Objects.requireNonNull(path, "path");
        this.provenance = Objects.requireNonNull(provenance, "provenance");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Records what the checkpoint trained on (from the trainer's CheckpointSaved event). */
    public Checkpoint withData(long pairs, String offsetRangesJson, String policy) {
        this.pairCount = pairs;
        this.offsetRanges = offsetRangesJson;
        this.policyVersion = policy;
        return this;
    }

    /** Replaces the judges who decided its pairs (a checkpoint reported again reports the same round). */
    public Checkpoint withJudges(List<CheckpointJudge> decidedBy) {
        judges.clear();
        judges.addAll(decidedBy);
        return this;
    }

    /** The judges in the order the trainer reported them (needs an open session: the collection is lazy). */
    public List<CheckpointJudge> getJudges() { return List.copyOf(judges); }
    public Optional<Long> getPairCount() { return Optional.ofNullable(pairCount); }
    public Optional<String> getOffsetRanges() { return Optional.ofNullable(offsetRanges); }
    public Optional<String> getPolicyVersion() { return Optional.ofNullable(policyVersion); }
    public TrainingRun getRun() { return run; }
    public long getStep() { return step; }
    public String getPath() { return path; }
    public String getProvenance() { return provenance; }
    public Instant getCreatedAt() { return createdAt; }
}
