package dev.groundwork.trainer.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Fetched image bytes on local disk, named by SHA-256, holding at most {@code maxBytes} bytes: when a new image would
 * exceed the bound, the least recently used images are deleted first. Use is recorded in the files' modification
 * times too, so a restarted trainer evicts in the same order. Writes are atomic (temporary file, then rename), so a
 * crash leaves no half-written image under a digest's name; the resolver also checks what it reads from here.
 * Thread-safe.
 */
public final class ImageCache {

    private static final String TEMP_SUFFIX = ".part";

    private final Path dir;
    private final long maxBytes;
    private final Clock clock;
    /** digest → size, in access order (eldest first). */
    private final LinkedHashMap<String, Long> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long totalBytes;

    /**
     * Opens (creating if needed) the cache directory and takes stock of what an earlier run left there, oldest use
     * first; evicts at once if that exceeds {@code maxBytes}.
     */
    public ImageCache(Path dir, long maxBytes, Clock clock) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be >= 0, was " + maxBytes);
        }
        this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
        this.maxBytes = maxBytes;
        this.clock = Objects.requireNonNull(clock, "clock");
        try {
            Files.createDirectories(this.dir);
            load();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the image cache at " + this.dir, e);
        }
        synchronized (this) {
            evictDownTo(maxBytes);
        }
    }

    private void load() throws IOException {
        record Found(String sha256, long size, FileTime used) {}
        List<Found> found;
        try (Stream<Path> files = Files.list(dir)) {
            found = files.filter(Files::isRegularFile).flatMap(p -> {
                String name = p.getFileName().toString();
                if (name.endsWith(TEMP_SUFFIX)) {
                    deleteQuietly(p); // left by a crash mid-write
                    return Stream.empty();
                }
                if (!Sha256.isDigest(name)) {
                    return Stream.empty();
                }
                try {
                    return Stream.of(new Found(name, Files.size(p), Files.getLastModifiedTime(p)));
                } catch (IOException e) {
                    return Stream.empty();
                }
            }).sorted(Comparator.comparing(Found::used).thenComparing(Found::sha256)).toList();
        }
        for (Found f : found) {
            entries.put(f.sha256(), f.size());
            totalBytes += f.size();
        }
    }

    /** The cached bytes of {@code sha256}, marking them used; empty when not cached. */
    public synchronized Optional<byte[]> get(String sha256) {
        Sha256.require(sha256);
        if (entries.get(sha256) == null) { // get, not containsKey: only get marks the entry used
            return Optional.empty();
        }
        Path file = dir.resolve(sha256);
        try {
            byte[] bytes = Files.readAllBytes(file);
            touch(file);
            return Optional.of(bytes);
        } catch (NoSuchFileException gone) {
            forget(sha256);
            return Optional.empty();
        } catch (IOException e) {
            remove(sha256);
            return Optional.empty();
        }
    }

    /**
     * Keeps {@code bytes} (already verified against {@code sha256}), evicting least recently used images to stay within
     * the bound. An image larger than the bound itself is not kept. Failing to write only costs a later re-fetch.
     *
     * @return whether the image is now cached
     */
    public synchronized boolean put(String sha256, byte[] bytes) {
        Sha256.require(sha256);
        if (entries.containsKey(sha256)) {
            entries.get(sha256); // marks it used
            return true;
        }
        if (bytes.length > maxBytes) {
            return false;
        }
        evictDownTo(maxBytes - bytes.length);
        Path file = dir.resolve(sha256);
        Path temp = dir.resolve(sha256 + TEMP_SUFFIX);
        try {
            Files.write(temp, bytes);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            touch(file);
        } catch (IOException e) {
            deleteQuietly(temp);
            return false;
        }
        entries.put(sha256, (long) bytes.length);
        totalBytes += bytes.length;
        return true;
    }

    /** Deletes a cached image, e.g. one that no longer matches its digest. */
    public synchronized void remove(String sha256) {
        deleteQuietly(dir.resolve(Sha256.require(sha256)));
        forget(sha256);
    }

    public synchronized long totalBytes() {
        return totalBytes;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public synchronized boolean contains(String sha256) {
        return entries.containsKey(sha256);
    }

    public Path directory() {
        return dir;
    }

    private void evictDownTo(long bound) {
        Iterator<Map.Entry<String, Long>> eldest = entries.entrySet().iterator();
        while (totalBytes > bound && eldest.hasNext()) {
            Map.Entry<String, Long> e = eldest.next();
            deleteQuietly(dir.resolve(e.getKey()));
            totalBytes -= e.getValue();
            eldest.remove();
        }
    }

    private void forget(String sha256) {
        Long size = entries.remove(sha256);
        if (size != null) {
            totalBytes -= size;
        }
    }

    private void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.from(clock.instant()));
        } catch (IOException ignored) {
            // only the order after a restart suffers
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // an undeletable file is counted out anyway; the next start sees it again
        }
    }

    @Override
    public String toString() {
        return "ImageCache[" + dir + ", " + maxBytes + " bytes]";
    }
}
