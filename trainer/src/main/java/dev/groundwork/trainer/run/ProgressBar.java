package dev.groundwork.trainer.run;

import dev.groundwork.trainer.train.StepResult;
import java.io.PrintStream;
import java.io.PrintWriter;

/** A one-line progress bar with ETA and the live loss on a terminal; a line per tenth of the run otherwise. */
public final class ProgressBar {
    private final PrintWriter out;
    private final long first;
    private final long total;
    private final long started = System.nanoTime();
    private final boolean tty = System.console() != null;
    private long lastPrinted = -1;

    public ProgressBar(PrintStream out, long first, long total) {
        this(new PrintWriter(out, true), first, total);
    }

    public ProgressBar(PrintWriter out, long first, long total) {
        this.out = out;
        this.first = first;
        this.total = total;
    }

    public void update(StepResult r) {
        long done = r.step() - first;
        double seconds = (System.nanoTime() - started) / 1e9;
        double rate = done / Math.max(seconds, 1e-9);
        long eta = rate > 0 ? Math.round((total - r.step()) / rate) : 0;
        int width = 30;
        int filled = (int) Math.min(width, width * r.step() / Math.max(1, total));
        String bar = "#".repeat(filled) + ".".repeat(width - filled);
        Double acc = r.metrics().get("rewards/accuracies");
        String line = String.format("[%s] %d/%d  loss %.4f%s  %.2f steps/s  ETA %d:%02d", bar, r.step(), total,
                r.metrics().getOrDefault("loss", Double.NaN), acc == null ? "" : String.format("  acc %.2f", acc), rate,
                eta / 60, eta % 60);
        if (tty) {
            out.print("\r" + line);
            out.flush();
        } else if (r.step() == total || r.step() * 10 / Math.max(1, total) != lastPrinted) {
            out.println(line);
            lastPrinted = r.step() * 10 / Math.max(1, total);
        }
    }

    public void line(String text) {
        if (!text.isEmpty()) {
            out.print(tty ? "\n  " + text + "\n" : "  " + text + "\n");
            out.flush();
        }
    }
}
