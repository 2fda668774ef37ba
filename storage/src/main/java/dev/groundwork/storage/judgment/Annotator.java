package dev.groundwork.storage.judgment;

import dev.groundwork.storage.AbstractEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A person known by their Keycloak subject, with the user name and display name last seen for it
 * (the user name may be unknown for rows recorded before it was kept). Roles are a comma-separated list.
 */
@Entity
@Table(name = "annotator")
public class Annotator extends AbstractEntity {

    @Column(nullable = false)
    private String subject;

    private String username;

    @Column(name = "display_name", nullable = false)
    private String displayName;

    @Column(nullable = false)
    private String roles;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Annotator() {}

    public Annotator(String subject, String displayName, String roles, Instant createdAt) {
        this.subject = Objects.requireNonNull(subject, "subject");
        this.displayName = Objects.requireNonNull(displayName, "displayName");
        this.roles = Objects.requireNonNull(roles, "roles");
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    }

    public String getSubject() { return subject; }
    public Optional<String> getUsername() { return Optional.ofNullable(username); }
    public String getDisplayName() { return displayName; }
    public String getRoles() { return roles; }
    public Instant getCreatedAt() { return createdAt; }

    /** Records the Keycloak user name (preferred_username) of this subject. */
    public void setUsername(String username) {
        this.username = Objects.requireNonNull(username, "username");
    }

    public void updateProfile(String displayName, String roles) {
        this.displayName = Objects.requireNonNull(displayName, "displayName");
        this.roles = Objects.requireNonNull(roles, "roles");
    }
}
