package dev.groundwork.storage.idempotency;

import dev.groundwork.storage.AbstractEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** The answer the API gave to one caller's request under one Idempotency-Key, replayed on a retry. */
@Entity
@Table(name = "idempotency_key")
public class StoredAnswer extends AbstractEntity {

    @Column(nullable = false)
    private String caller;

    @Column(name = "idem_key", nullable = false)
    private String key;

    @Column(name = "request_hash", nullable = false)
    private String requestHash;

    @Column(nullable = false)
    private int status;

    @Column(name = "content_type")
    private String contentType;

    @Column(nullable = false)
    private String body;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected StoredAnswer() {}

    public StoredAnswer(String caller, String key, String requestHash, int status, Optional<String> contentType,
            String body, Instant createdAt) {
        this.caller = Objects.requireNonNull(caller, "caller");
        this.key = Objects.requireNonNull(key, "key");
        this.requestHash = Objects.requireNonNull(requestHash, "requestHash");
        this.status = status;
        this.contentType = contentType.orElse(null);
        this.body = Objects.requireNonNull(body, "body");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    }

    public String getCaller() { return caller; }
    public String getKey() { return key; }
    public String getRequestHash() { return requestHash; }
    public int getStatus() { return status; }
    public Optional<String> getContentType() { return Optional.ofNullable(contentType); }
    public String getBody() { return body; }
    public Instant getCreatedAt() { return createdAt; }
}
