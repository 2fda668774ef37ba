package dev.groundwork.storage.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Content-addressed image bytes on the filesystem: {@code root/ab/abcdef...} where the name is the
 * SHA-256 of the bytes. Identical images are stored once.
 *
 * <p>Writes go through a {@link Batch}: files are first staged under {@code root/.staging}, then
 * {@link Batch#publish() published} by atomic renames, and a failed import calls
 * {@link Batch#rollback()} to remove exactly the files it created. Files that existed before are
 * never touched.
 */
public final class ImageStore {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final String STAGING = ".staging";

    private final Path root;

    public ImageStore(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create image store at " + this.root, e);
        }
    }

    public Path root() {
        return root;
    }

    public Path pathOf(String sha256) {
        if (!SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a SHA-256 hex digest: '" + sha256 + "'");
        }
        return root.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    public boolean contains(String sha256) {
        return Files.isRegularFile(pathOf(sha256));
    }

    public Optional<byte[]> read(String sha256) {
        Path p = pathOf(sha256);
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(p));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read image " + sha256, e);
        }
    }

    /** All stored digests (staging excluded). */
    public List<String> list() {
        try (Stream<Path> files = Files.walk(root, 2)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> !root.relativize(p).startsWith(STAGING))
                    .map(p -> p.getFileName().toString())
                    .filter(n -> SHA256.matcher(n).matches())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list image store " + root, e);
        }
    }

    public Batch newBatch() {
        return new Batch();
    }

    /** A set of images written all together or not at all. Not thread-safe. */
    public final class Batch implements AutoCloseable {
        private final Path stagingDir = root.resolve(STAGING).resolve(UUID.randomUUID().toString());
        private final Map<String, Path> staged = new LinkedHashMap<>();
        private final List<Path> created = new ArrayList<>();
        private boolean published;

        private Batch() {}

        /**
         * Stages bytes whose digest the caller has verified; returns false when this batch staged them already. Bytes
         * already in the store are staged too: should the stored file be removed as unused before this batch publishes
         * (see {@code DatasetRemoval}), publishing puts it back; when it is still there, publishing keeps it.
         */
        public boolean stage(String sha256, byte[] bytes) {
            if (published) {
                throw new IllegalStateException("batch already published");
            }
            if (staged.containsKey(sha256)) {
                return false;
            }
            try {
                Files.createDirectories(stagingDir);
                Path file = stagingDir.resolve(sha256);
                Files.write(file, bytes);
                staged.put(sha256, file);
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot stage image " + sha256, e);
            }
        }

        public int stagedCount() {
            return staged.size();
        }

        /** Moves the staged files into place. On failure, what this batch moved is removed again. */
        public void publish() {
            published = true;
            try {
                for (var e : staged.entrySet()) {
                    Path target = pathOf(e.getKey());
                    Files.createDirectories(target.getParent());
                    try {
                        moveAtomically(e.getValue(), target);
                        created.add(target);
                    } catch (FileAlreadyExistsException raced) {
                        // Another writer stored the same content meanwhile: identical bytes, keep theirs.
                        Files.deleteIfExists(e.getValue());
                    }
                }
            } catch (IOException e) {
                rollback();
                throw new UncheckedIOException("cannot publish images into " + root, e);
            } finally {
                deleteStaging();
            }
        }

        /** Removes every file this batch created and its staging area. */
        public void rollback() {
            for (Path p : created) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort; reported by the caller's failure already
                }
            }
            created.clear();
            deleteStaging();
        }

        @Override
        public void close() {
            deleteStaging();
        }

        private void deleteStaging() {
            if (!Files.exists(stagingDir)) {
                return;
            }
            try (Stream<Path> files = Files.walk(stagingDir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot clean staging " + stagingDir, e);
            }
        }
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        if (Files.exists(to)) {
            throw new FileAlreadyExistsException(to.toString());
        }
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }
}
