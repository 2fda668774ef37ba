package dev.groundwork.web.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.trainer.bench.TrainerBench;
import dev.groundwork.trainer.model.VlmConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code gw bench trainer}: DPO and mDPO pairs/s on DJL against the same model and step in
 * PyTorch eager (Debian's python3-torch with OpenBLAS), same thread count, each side's sgemm rate
 * printed; the ratio is refused when the peer's sgemm is below half of the JVM side's (a
 * reference-BLAS strawman). Also the RSS of a long {@code tiny} run.
 */
final class BenchTrainer {

    private BenchTrainer() {}

    static void run(GroundworkCli.Args a, PrintStream out) {
        a.allowOnly("--size", "--batch", "--text", "--steps", "--warmup", "--threads", "--peer", "--rss-steps", "--rss-batch");
        String size = a.option("--size").orElse("small");
        VlmConfig config;
        try {
            config = VlmConfig.preset(size);
        } catch (IllegalArgumentException e) {
            throw new GroundworkCli.UsageException("--" + e.getMessage());
        }
        int batch = a.intOption("--batch", 16);
        int text = a.intOption("--text", 24);
        int steps = a.intOption("--steps", 20);
        int warmup = a.intOption("--warmup", 3);
        int threads = a.intOption("--threads", Runtime.getRuntime().availableProcessors());
        int rssSteps = a.intOption("--rss-steps", 2000);
        int rssBatch = a.intOption("--rss-batch", 8);

        out.printf("bench trainer: %s model, batch %d pairs, %d text tokens, %d timed steps after %d warm-up, %d threads%n",
                size, batch, text, steps, warmup, threads);
        // First, in a fresh process: native memory must stay flat over a long run.
        if (rssSteps > 0) {
            int early = Math.max(1, rssSteps / 10);
            List<TrainerBench.Rss> rss = TrainerBench.rss(rssBatch, text, new int[] {early, rssSteps});
            double growth = 100.0 * (rss.get(1).kib() - rss.get(0).kib()) / rss.get(0).kib();
            out.printf("RSS over a tiny DPO run (batch %d): %,d KiB after %d steps, %,d KiB after %d steps: %+.1f %% (target within 10 %%)%n",
                    rssBatch, rss.get(0).kib(), rss.get(0).steps(), rss.get(1).kib(), rss.get(1).steps(), growth);
        }

        TrainerBench.Result jvm = TrainerBench.run(config, size, batch, text, warmup, steps);
        double flopsPerPair = jvm.dpoFlopsPerStep() / batch;
        out.printf("DJL %s on %s: %,d parameters, sgemm 1024^3 %.1f GFLOP/s%n", "0.36.0 (PyTorch 2.7.1)", jvm.device(),
                jvm.parameters(), jvm.sgemmGflops());
        out.printf("  DPO : %6.1f pairs/s, %.2f GFLOP per step, %.1f GFLOP/s = %.0f %% of sgemm%n", jvm.dpoPairsPerSecond(),
                jvm.dpoFlopsPerStep() / 1e9, jvm.dpoGflops(), 100 * jvm.dpoGflops() / jvm.sgemmGflops());
        out.printf("  mDPO: %6.1f pairs/s, %.2f GFLOP per step, %.1f GFLOP/s = %.0f %% of sgemm%n", jvm.mdpoPairsPerSecond(),
                jvm.mdpoFlopsPerStep() / 1e9, jvm.mdpoGflops(), 100 * jvm.mdpoGflops() / jvm.sgemmGflops());

        a.option("--peer").ifPresentOrElse(script -> peer(script, size, batch, text, steps, warmup, threads, jvm, flopsPerPair, out),
                () -> out.println("PyTorch peer: skipped (no --peer script given)"));

    }

    private static void peer(String script, String size, int batch, int text, int steps, int warmup, int threads,
            TrainerBench.Result jvm, double flopsPerPair, PrintStream out) {
        if (!Files.isRegularFile(Path.of(script))) {
            throw new IllegalArgumentException("PyTorch peer script not found: " + script);
        }
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", script, "--size", size, "--batch", Integer.toString(batch),
                "--text", Integer.toString(text), "--steps", Integer.toString(steps), "--warmup", Integer.toString(warmup),
                "--threads", Integer.toString(threads));
        pb.environment().put("OMP_NUM_THREADS", Integer.toString(threads));
        pb.redirectErrorStream(false);
        JsonNode r;
        try {
            Process p = pb.start();
            byte[] stdout = p.getInputStream().readAllBytes();
            String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("PyTorch peer failed: " + stderr.lines().reduce((x, y) -> y).orElse(""));
            }
            String json = new String(stdout, StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("{")).reduce((x, y) -> y)
                    .orElseThrow(() -> new IllegalStateException("PyTorch peer printed no result"));
            r = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run /usr/bin/python3 (install python3-torch): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        double peerSgemm = r.get("sgemm_gflops").asDouble();
        double peerDpo = r.get("dpo_pairs_per_s").asDouble();
        double peerMdpo = r.get("mdpo_pairs_per_s").asDouble();
        out.printf("PyTorch %s eager, %d threads: %,d parameters, sgemm 1024^3 %.1f GFLOP/s%n", r.get("torch").asText(),
                r.get("threads").asInt(), r.get("parameters").asLong(), peerSgemm);
        out.printf("  DPO : %6.1f pairs/s (%.1f GFLOP/s)%n", peerDpo, flopsPerPair * peerDpo / 1e9);
        out.printf("  mDPO: %6.1f pairs/s (%.1f GFLOP/s)%n", peerMdpo, jvm.mdpoFlopsPerStep() / batch * peerMdpo / 1e9);
        if (peerSgemm < 0.5 * jvm.sgemmGflops()) {
            out.printf("ratio refused: the peer's sgemm (%.1f GFLOP/s) is below half of the JVM side's (%.1f GFLOP/s); "
                    + "install libopenblas0-pthread so Debian's torch does not use reference BLAS%n", peerSgemm, jvm.sgemmGflops());
            return;
        }
        out.printf("ratio DJL / PyTorch: DPO %.2f, mDPO %.2f (target >= 1.0)%n", jvm.dpoPairsPerSecond() / peerDpo,
                jvm.mdpoPairsPerSecond() / peerMdpo);
    }
}
