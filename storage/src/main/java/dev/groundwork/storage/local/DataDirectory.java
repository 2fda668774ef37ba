package dev.groundwork.storage.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * The local data directory ({@code GW_DATA_DIR}, default {@code ./data}) of the embedded setup: readable by its owner
 * only (0700), with the secrets {@code ./gw up} generates under {@code secrets/}, one file per secret, each 0600.
 * A secret is generated once, on first use, and then read by every process of the same data directory.
 */
public final class DataDirectory {

    /** The embedded database's password. */
    public static final String DATABASE_PASSWORD = "db-password";

    static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path root;

    private DataDirectory(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The data directory at {@code root}, created (0700) if absent, and made owner-only if it was not. */
    public static DataDirectory open(Path root) {
        DataDirectory dir = new DataDirectory(root);
        ownerOnlyDirectory(dir.root);
        return dir;
    }

    public Path root() {
        return root;
    }

    /** Where the secret {@code name} is kept. */
    public Path secretFile(String name) {
        if (!name.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("a secret's name is lower-case letters, digits and dashes, was '" + name + "'");
        }
        return root.resolve("secrets").resolve(name);
    }

    /** The secret {@code name} if it was generated before. */
    public Optional<String> existingSecret(String name) {
        Path file = secretFile(name);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        ownerOnlyFile(file);
        try {
            String value = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (value.isEmpty()) {
                throw new IllegalStateException("the secret file " + file + " is empty; delete it to have a new secret generated");
            }
            return Optional.of(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the secret file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The secret {@code name}: the one stored before, else a new random one (256 bits, URL-safe Base64), stored 0600.
     * Two processes that ask at once get the same secret: the file appears complete or not at all.
     */
    public String secret(String name) {
        Optional<String> existing = existingSecret(name);
        if (existing.isPresent()) {
            return existing.get();
        }
        Path file = secretFile(name);
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        try {
            ownerOnlyDirectory(file.getParent());
            Path temp = POSIX
                    ? Files.createTempFile(file.getParent(), name, ".new", PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE))
                    : Files.createTempFile(file.getParent(), name, ".new");
            try {
                Files.writeString(temp, value + "\n", StandardCharsets.UTF_8);
                Files.createLink(file, temp); // atomic, and fails if another process stored it first
            } catch (FileAlreadyExistsException storedMeanwhile) {
                return existingSecret(name).orElseThrow();
            } finally {
                Files.deleteIfExists(temp);
            }
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the secret file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Creates {@code dir} (and its parents) if absent, and makes it owner-only (0700). */
    static void ownerOnlyDirectory(Path dir) {
        try {
            if (POSIX && !Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
            } else {
                Files.createDirectories(dir);
            }
            if (POSIX && !Files.getPosixFilePermissions(dir).equals(OWNER_ONLY_DIRECTORY)) {
                Files.setPosixFilePermissions(dir, OWNER_ONLY_DIRECTORY);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory " + dir + " readable by its owner only: "
                    + e.getMessage(), e);
        }
    }

    /** Makes {@code file}, if it exists, readable and writable by its owner only (0600). */
    static void ownerOnlyFile(Path file) {
        try {
            if (POSIX && Files.isRegularFile(file) && !Files.getPosixFilePermissions(file).equals(OWNER_ONLY_FILE)) {
                Files.setPosixFilePermissions(file, OWNER_ONLY_FILE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + file + " readable by its owner only: " + e.getMessage(), e);
        }
    }
}
