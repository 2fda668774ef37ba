package dev.groundwork.trainer.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hallucination rates of the world's open questions, per kind: attribute (colour; size too, should the world ask
 * about sizes), count and relation, the hallucination types of AMBER's discriminative part (Wang et al. 2023: attribute
 * hallucination covers state and number, and relation) and of the world's own hallucination tags. Here they are read
 * from free-form answers by {@link OpenAnswers}: rate = hallucinated / answered, answered = correct + hallucinated;
 * unparseable answers are counted apart and in no rate (a rate of an empty denominator is 0).
 *
 * <p>Metrics: {@code attribute_hallucination_rate} (colour and size together), {@code attribute_colour_hallucination_rate}
 * (and {@code attribute_size_hallucination_rate} when there are size questions), {@code count_hallucination_rate},
 * {@code relation_hallucination_rate}, each with {@code _answered} and {@code _unparseable} counts beside.
 */
public final class QuestionScore {

    /** The kinds, in metric order. */
    public enum Kind {
        ATTRIBUTE_COLOUR("attribute_colour"),
        ATTRIBUTE_SIZE("attribute_size"),
        COUNT("count"),
        RELATION("relation");

        private final String metric;

        Kind(String metric) {
            this.metric = metric;
        }

        public String metric() {
            return metric;
        }
    }

    /** Correct, hallucinated and unparseable answers of one kind. */
    public record Tally(int correct, int hallucinated, int unparseable) {
        public int answered() {
            return correct + hallucinated;
        }

        public double rate() {
            return answered() == 0 ? 0 : (double) hallucinated / answered();
        }

        Tally plus(Tally o) {
            return new Tally(correct + o.correct, hallucinated + o.hallucinated, unparseable + o.unparseable);
        }

        Tally plus(OpenAnswers.Verdict v) {
            return plus(new Tally(v == OpenAnswers.Verdict.CORRECT ? 1 : 0, v == OpenAnswers.Verdict.HALLUCINATED ? 1 : 0,
                    v == OpenAnswers.Verdict.UNPARSEABLE ? 1 : 0));
        }

        int total() {
            return answered() + unparseable;
        }
    }

    private final Map<Kind, Tally> tallies = new LinkedHashMap<>();

    public QuestionScore() {
        for (Kind k : Kind.values()) {
            tallies.put(k, new Tally(0, 0, 0));
        }
    }

    public void add(Kind kind, OpenAnswers.Verdict verdict) {
        tallies.put(kind, tallies.get(kind).plus(verdict));
    }

    public Tally tally(Kind kind) {
        return tallies.get(kind);
    }

    /** Colour and size together. */
    public Tally attribute() {
        return tally(Kind.ATTRIBUTE_COLOUR).plus(tally(Kind.ATTRIBUTE_SIZE));
    }

    /** The metrics, named as the class javadoc says; kinds with no question at all are left out. */
    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        put(m, "attribute", attribute());
        for (Kind k : Kind.values()) {
            put(m, k.metric(), tally(k));
        }
        return m;
    }

    private static void put(Map<String, Double> m, String name, Tally t) {
        if (t.total() == 0) {
            return;
        }
        if (t.answered() > 0) {
            // A rate over no answer says nothing: left out, so that reports show "n/a" rather than a perfect 0.
            m.put(name + "_hallucination_rate", t.rate());
        }
        m.put(name + "_answered", (double) t.answered());
        m.put(name + "_unparseable", (double) t.unparseable());
    }
}
