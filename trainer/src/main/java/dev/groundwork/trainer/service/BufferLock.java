package dev.groundwork.trainer.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The pair buffer has one owner process: the trainer service, or a {@code gw train --from stream} acting as it.
 * The owner holds an OS file lock on {@code <trainer dir>/buffer.lock}; the OS drops it when the process ends, even
 * by SIGKILL, so a crash never leaves a stale lock.
 */
public final class BufferLock implements AutoCloseable {

    public static final String FILE = "buffer.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private BufferLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock, or empty when another process holds it. */
    public static Optional<BufferLock> tryAcquire(Path trainerDir) {
        try {
            Files.createDirectories(trainerDir);
            FileChannel channel = FileChannel.open(trainerDir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            channel.truncate(0);
            channel.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
            return Optional.of(new BufferLock(channel, lock));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + trainerDir.resolve(FILE) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // the process ends soon; the OS releases the lock then
        }
    }
}
