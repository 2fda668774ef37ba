package dev.groundwork.storage.outbox;

import dev.groundwork.storage.SequencedEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An event written in the same transaction as the change it describes, published to Kafka by the
 * relay afterwards (transactional outbox). {@code publishedAt} is set only after the producer commit.
 */
@Entity
@Table(name = "outbox_event")
public class OutboxEvent extends SequencedEntity {

    @Column(name = "event_id", nullable = false, length = 36)
    private String eventId;

    @Column(name = "event_type", nullable = false)
    private String eventType;

    @Column(nullable = false)
    private String topic;

    @Column(name = "message_key", nullable = false)
    private String messageKey;

    @Column(nullable = false)
    private String payload;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "claimed_by")
    private String claimedBy;

    @Column(name = "claimed_at")
    private Instant claimedAt;

    @Column(name = "published_at")
    private Instant publishedAt;

    @Column(nullable = false)
    private int attempts;

    protected OutboxEvent() {}

    public OutboxEvent(String eventId, String eventType, String topic, String messageKey, String payload, Instant createdAt) {
        this.eventId = Objects.requireNonNull(eventId, "eventId");
        this.eventType = Objects.requireNonNull(eventType, "eventType");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.messageKey = Objects.requireNonNull(messageKey, "messageKey");
        this.payload = Objects.requireNonNull(payload, "payload");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    }

    public String getEventId() { return eventId; }
    public String getEventType() { return eventType; }
    public String getTopic() { return topic; }
    public String getMessageKey() { return messageKey; }
    public String getPayload() { return payload; }
    public Instant getCreatedAt() { return createdAt; }
    public Optional<String> getClaimedBy() { return Optional.ofNullable(claimedBy); }
    public Optional<Instant> getClaimedAt() { return Optional.ofNullable(claimedAt); }
    public Optional<Instant> getPublishedAt() { return Optional.ofNullable(publishedAt); }
    public int getAttempts() { return attempts; }

    public void markPublished(Instant at) {
        this.publishedAt = Objects.requireNonNull(at, "at");
    }
}
