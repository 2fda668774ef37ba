package dev.groundwork.storage.dataset;

import dev.groundwork.storage.AbstractEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/** A named collection of items, created by one import. */
@Entity
@Table(name = "dataset")
public class Dataset extends AbstractEntity {

    @Column(nullable = false, length = 200)
    private String name;

    private String description;

    @Column(name = "source_format", nullable = false)
    private String sourceFormat;

    @Column(name = "source_info")
    private String sourceInfo;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Dataset() {}

    public Dataset(String name, String description, String sourceFormat, String sourceInfo, Instant createdAt) {
        this.name = Objects.requireNonNull(name, "name");
        this.description = description;
        this.sourceFormat = Objects.requireNonNull(sourceFormat, "sourceFormat");
        this.sourceInfo = sourceInfo;
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Gives the dataset a new name, which must follow {@link DatasetName}. */
    public void rename(String newName) {
        this.name = DatasetName.require(newName);
    }

    public String getName() { return name; }
    public String getDescription() { return description; }
    public String getSourceFormat() { return sourceFormat; }
    public String getSourceInfo() { return sourceInfo; }
    public Instant getCreatedAt() { return createdAt; }
}
