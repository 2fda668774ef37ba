package dev.groundwork.trainer.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * POPE's metrics over answered yes/no probes, "yes" the positive class (Li et al. 2023, "Evaluating Object
 * Hallucination in Large Vision-Language Models"): accuracy, precision, recall, F1 and the yes-ratio of the
 * predictions. Names follow lmms-eval ({@code pope_accuracy}, {@code pope_precision}, {@code pope_recall},
 * {@code pope_f1_score}, {@code pope_yes_ratio}).
 *
 * <p>In strict mode, unparseable answers count as wrong in accuracy (the denominator is every probe) and are left out
 * of precision, recall and F1; the yes-ratio is the share of all answers read as yes.
 */
public record PopeScore(int probes, int truePositives, int falsePositives, int trueNegatives, int falseNegatives,
        List<String> unparseable) {

    public PopeScore {
        unparseable = List.copyOf(unparseable);
    }

    /** One probe: its id, its label (true = yes) and the model's answer. */
    public record Probe(String questionId, boolean label, String answer) {
        public Probe {
            Objects.requireNonNull(questionId, "questionId");
            Objects.requireNonNull(answer, "answer");
        }
    }

    public static PopeScore of(List<Probe> probes, YesNo rule) {
        int tp = 0;
        int fp = 0;
        int tn = 0;
        int fn = 0;
        List<String> unparseable = new ArrayList<>();
        for (Probe p : probes) {
            Optional<Boolean> said = rule.read(p.answer());
            if (said.isEmpty()) {
                unparseable.add(p.questionId());
            } else if (said.get()) {
                if (p.label()) {
                    tp++;
                } else {
                    fp++;
                }
            } else if (p.label()) {
                fn++;
            } else {
                tn++;
            }
        }
        return new PopeScore(probes.size(), tp, fp, tn, fn, unparseable);
    }

    public double accuracy() {
        return probes == 0 ? 0 : (double) (truePositives + trueNegatives) / probes;
    }

    public double precision() {
        int predictedYes = truePositives + falsePositives;
        return predictedYes == 0 ? 0 : (double) truePositives / predictedYes;
    }

    public double recall() {
        int actualYes = truePositives + falseNegatives;
        return actualYes == 0 ? 0 : (double) truePositives / actualYes;
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /**
     * Negatives answered yes / negatives answered yes or no: the probes' object-hallucination rate (unparseable
     * answers are left out, as in precision and recall). Not one of lmms-eval's names; reported as
     * {@code pope_false_yes_rate}.
     */
    public double falseYesRate() {
        int negatives = falsePositives + trueNegatives;
        return negatives == 0 ? 0 : (double) falsePositives / negatives;
    }

    /** Answers read as yes / all answers. */
    public double yesRatio() {
        return probes == 0 ? 0 : (double) (truePositives + falsePositives) / probes;
    }

    /** The metrics with lmms-eval's names, each suffixed with {@code _<split>} when a split is given. */
    public Map<String, Double> metrics(String split) {
        String suffix = split == null || split.isEmpty() ? "" : "_" + split;
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("pope_accuracy" + suffix, accuracy());
        m.put("pope_precision" + suffix, precision());
        m.put("pope_recall" + suffix, recall());
        m.put("pope_f1_score" + suffix, f1());
        m.put("pope_yes_ratio" + suffix, yesRatio());
        m.put("pope_false_yes_rate" + suffix, falseYesRate());
        m.put("pope_unparseable" + suffix, (double) unparseable.size());
        return m;
    }
}
