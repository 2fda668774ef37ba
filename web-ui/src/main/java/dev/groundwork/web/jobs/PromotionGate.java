package dev.groundwork.web.jobs;

import dev.groundwork.annotation.event.EvaluateAnswered;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether a candidate checkpoint may replace the current policy: a non-inferiority test on every gated metric (the
 * hallucination rates and POPE F1 the trainer service compares, {@link EvaluateAnswered#deltas()}). For each, the
 * candidate's worsening is its paired difference to the current policy, signed so that positive is worse (candidate
 * − current for a rate, current − candidate for F1). The candidate is promoted only if, on every metric, the
 * worse end of the worsening's 95 % paired bootstrap interval is at most the margin: it is then not worse by more
 * than the margin with that confidence, the usual non-inferiority criterion (e.g. ICH E9, section 3.3.2; Piaggio et
 * al., CONSORT extension for non-inferiority trials, JAMA 2012). An interval that reaches past the margin refuses
 * the candidate, even when its estimate is better: the evaluation could not show it is not worse.
 */
public final class PromotionGate {

    /** The verdict, with one line per metric that decided it. */
    public record Verdict(boolean promote, String summary, List<String> failures) {}

    private PromotionGate() {}

    /**
     * @param margin the most a metric may get worse, in its own units (rates and F1 are fractions: 0.02 is two
     *     percentage points)
     */
    public static Verdict judge(List<EvaluateAnswered.MetricDelta> deltas, double margin) {
        if (!(margin >= 0) || Double.isInfinite(margin)) {
            throw new IllegalArgumentException("the promotion margin must be a number of at least 0, was " + margin);
        }
        if (deltas.isEmpty()) {
            return new Verdict(false, "the evaluation compared no metrics, so the candidate cannot be shown not worse",
                    List.of("no metrics"));
        }
        List<String> failures = new ArrayList<>();
        String worst = null;
        double worstBound = Double.NEGATIVE_INFINITY;
        for (EvaluateAnswered.MetricDelta d : deltas) {
            double worsening = d.lowerIsBetter() ? d.difference() : -d.difference();
            double worseEnd = d.lowerIsBetter() ? d.upper() : -d.lower();
            double betterEnd = d.lowerIsBetter() ? d.lower() : -d.upper();
            if (!Double.isFinite(worseEnd)) {
                failures.add(d.label() + ": no interval");
                continue;
            }
            if (worseEnd > margin) {
                failures.add(String.format(Locale.ROOT, "%s could be worse by up to %.3f (change %+.3f, %d %% CI of the"
                        + " worsening %.3f to %.3f), more than the margin %.3f", d.label(), worseEnd, worsening,
                        Math.round(d.level() * 100), betterEnd, worseEnd, margin));
            }
            if (worseEnd > worstBound) {
                worstBound = worseEnd;
                worst = d.label();
            }
        }
        if (!failures.isEmpty()) {
            return new Verdict(false, "kept the current policy: " + String.join("; ", failures), List.copyOf(failures));
        }
        return new Verdict(true, String.format(Locale.ROOT, "promoted: not worse than the current policy by more than %.3f on"
                + " any of %d metrics (closest: %s, at most %.3f worse)", margin, deltas.size(), worst, worstBound), List.of());
    }
}
