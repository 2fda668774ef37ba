package dev.groundwork.critic.cli;

import dev.groundwork.annotation.criticjob.CriticJobs;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/** How the command line prints critic jobs. */
final class Jobs {

    private Jobs() {
    }

    static void print(PrintWriter out, CriticJobs.Progress p) {
        CriticJobs.Job j = p.job();
        out.printf(Locale.ROOT, "job %s  %s  critic %s on %s: %d of %d decided (%d judged, %d dead-lettered, %d skipped)%n",
                j.key(), j.status(), j.critic(), j.dataset(), p.decided(), j.requested(), p.judged(), p.deadLettered(),
                p.skipped());
        if (p.judged() > 0) {
            out.printf(Locale.ROOT, "  position consistency %.3f (%d of %d verdicts survived swapping the answers)%n",
                    p.consistencyRate(), p.consistent(), p.judged());
        }
        if (p.promptTokens() + p.completionTokens() > 0) {
            out.printf(Locale.ROOT, "  tokens: %d prompt + %d completion%n", p.promptTokens(), p.completionTokens());
        }
        for (Map.Entry<String, Integer> e : p.reasons().entrySet()) {
            out.printf(Locale.ROOT, "  dead-lettered %s: %d%n", e.getKey(), e.getValue());
        }
    }
}
