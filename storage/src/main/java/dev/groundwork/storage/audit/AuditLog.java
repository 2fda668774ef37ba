package dev.groundwork.storage.audit;

import dev.groundwork.storage.SequencedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/** Who did what, when: judgments, imports, exports, assignment changes, training starts. */
@Entity
@Table(name = "audit_log")
public class AuditLog extends SequencedEntity {

    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;

    @Column(nullable = false)
    private String actor;

    @Column(nullable = false)
    private String action;

    private String target;

    private String detail;

    protected AuditLog() {}

    public AuditLog(Instant occurredAt, String actor, String action, String target, String detail) {
        this.occurredAt = Objects.requireNonNull(occurredAt, "occurredAt");
        this.actor = Objects.requireNonNull(actor, "actor");
        this.action = Objects.requireNonNull(action, "action");
        this.target = target;
        this.detail = detail;
    }

    public Instant getOccurredAt() { return occurredAt; }
    public String getActor() { return actor; }
    public String getAction() { return action; }
    public String getTarget() { return target; }
    public String getDetail() { return detail; }
}
