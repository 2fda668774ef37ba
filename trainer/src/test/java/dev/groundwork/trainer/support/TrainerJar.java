package dev.groundwork.trainer.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The trainer's runnable jar ({@code target/trainer-VERSION-exec.jar}, built in the package phase before failsafe
 * runs) started as its own process, as {@code gw up} and production start it. One engine thread, so that two runs
 * are bit-identical.
 */
public final class TrainerJar implements AutoCloseable {

    private final Process process;
    private final Path log;

    private TrainerJar(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    public static Path jar() {
        Path target = Path.of("target").toAbsolutePath();
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(p -> p.getFileName().toString().matches("trainer-.*-exec\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no trainer-*-exec.jar in " + target + " (mvn package builds it)"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static TrainerJar start(List<String> args, Map<String, String> env, Path log) {
        return startWithThreads(args, env, log, 1);
    }

    /** With {@code threads} engine (intra-op) threads. */
    public static TrainerJar startWithThreads(List<String> args, Map<String, String> env, Path log, int threads) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=" + threads, "-Dai.djl.pytorch.num_interop_threads=1",
                "-Xmx2g", "-jar", jar().toString()));
        command.addAll(args);
        try {
            Files.createDirectories(log.getParent());
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().putAll(env);
            pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
            return new TrainerJar(pb.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the output satisfies {@code condition}; fails with the output's tail otherwise. */
    public void awaitOutput(String what, Duration timeout, Predicate<String> condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(output())) {
            if (!process.isAlive()) {
                throw new AssertionError("the trainer exited (" + process.exitValue() + ") before " + what + ":\n" + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what + ":\n" + tail());
            }
            Thread.sleep(100);
        }
    }

    public String tail() {
        String out = output();
        return out.length() > 4000 ? out.substring(out.length() - 4000) : out;
    }

    public int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the trainer did not exit within " + timeout.toSeconds() + " s:\n" + tail());
        }
        return process.exitValue();
    }

    /** SIGKILL, as a crash. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }
}
