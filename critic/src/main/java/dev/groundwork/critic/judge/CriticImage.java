package dev.groundwork.critic.judge;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * An image by content hash, with its bytes read only when a critic needs them (the claim checker never does).
 *
 * @param sha256 lower-case hex SHA-256 of the bytes: the cache key of every critic
 * @param mediaType e.g. {@code image/png}
 */
public record CriticImage(String sha256, String mediaType, Supplier<byte[]> bytes) {

    public CriticImage {
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(bytes, "bytes");
    }

    /** An image whose bytes are already in memory. */
    public static CriticImage of(String sha256, String mediaType, byte[] content) {
        byte[] copy = content.clone();
        return new CriticImage(sha256, mediaType, copy::clone);
    }
}
