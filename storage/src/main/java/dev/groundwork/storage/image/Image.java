package dev.groundwork.storage.image;

import dev.groundwork.storage.AbstractEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/** Metadata of an image whose bytes live in the {@link ImageStore} under their SHA-256. */
@Entity
@Table(name = "image")
public class Image extends AbstractEntity {

    @Column(nullable = false, length = 64)
    private String sha256;

    @Column(name = "media_type", nullable = false)
    private String mediaType;

    @Column(nullable = false)
    private int width;

    @Column(nullable = false)
    private int height;

    @Column(name = "byte_size", nullable = false)
    private long byteSize;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Image() {}

    public Image(ImageInfo info, Instant createdAt) {
        this.sha256 = info.sha256();
        this.mediaType = info.format().mediaType();
        this.width = info.width();
        this.height = info.height();
        this.byteSize = info.byteSize();
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    }

    public String getSha256() { return sha256; }
    public String getMediaType() { return mediaType; }
    public int getWidth() { return width; }
    public int getHeight() { return height; }
    public long getByteSize() { return byteSize; }
    public Instant getCreatedAt() { return createdAt; }
}
