package dev.groundwork.trainer.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Object hallucination in free-form answers.
 *
 * <ul>
 *   <li>CHAIR_i = hallucinated object mentions / all object mentions, CHAIR_s = captions with at least one
 *       hallucinated object / all captions (Rohrbach et al. 2018; mentions are counted per occurrence, as the reference
 *       implementation does).
 *   <li>Cover = ground-truth objects mentioned / all ground-truth objects, and Hal = answers with any hallucination /
 *       all answers (AMBER's generative metrics, Wang et al. 2023, "AMBER: An LLM-free Multi-dimensional Benchmark
 *       for MLLMs Hallucination Evaluation"; the ground truth there is the annotated objects, here whatever the
 *       caller gives: a world scene's objects, or COCO's instance and reference-caption objects).
 * </ul>
 *
 * <p>Rates with an empty denominator are 0, so that a run of captions naming nothing reads as not hallucinating.
 */
public record ChairScore(int captions, int captionsWithHallucination, int mentions, int hallucinatedMentions,
        int groundTruthObjects, int coveredObjects) {

    /** One answer and the classes that are really in its image. */
    public record Caption(String text, Set<String> groundTruth) {
        public Caption {
            Objects.requireNonNull(text, "text");
            groundTruth = Set.copyOf(groundTruth);
        }
    }

    /**
     * How one caption reads: every object mention, the mentions of classes not in the ground truth, and the
     * ground-truth classes it names.
     */
    public record Judged(List<ObjectVocabulary.Mention> mentions, List<ObjectVocabulary.Mention> hallucinated,
            Set<String> covered) {
        public Judged {
            mentions = List.copyOf(mentions);
            hallucinated = List.copyOf(hallucinated);
            covered = Set.copyOf(covered);
        }

        public boolean hallucinates() {
            return !hallucinated.isEmpty();
        }
    }

    public static Judged judge(Caption caption, ObjectVocabulary vocabulary) {
        List<ObjectVocabulary.Mention> mentions = vocabulary.mentions(caption.text());
        List<ObjectVocabulary.Mention> hallucinated = new ArrayList<>();
        Set<String> covered = new TreeSet<>();
        for (ObjectVocabulary.Mention m : mentions) {
            if (caption.groundTruth().contains(m.objectClass())) {
                covered.add(m.objectClass());
            } else {
                hallucinated.add(m);
            }
        }
        return new Judged(mentions, hallucinated, covered);
    }

    public static ChairScore of(List<Caption> captions, ObjectVocabulary vocabulary) {
        return of(captions, captions.stream().map(c -> judge(c, vocabulary)).toList());
    }

    /** The totals over captions already judged ({@code judged.get(i)} of {@code captions.get(i)}). */
    public static ChairScore of(List<Caption> captions, List<Judged> judged) {
        if (captions.size() != judged.size()) {
            throw new IllegalArgumentException(captions.size() + " captions but " + judged.size() + " judgements");
        }
        int withHallucination = 0;
        int mentions = 0;
        int hallucinated = 0;
        int groundTruth = 0;
        int covered = 0;
        for (int i = 0; i < captions.size(); i++) {
            Judged j = judged.get(i);
            mentions += j.mentions().size();
            hallucinated += j.hallucinated().size();
            withHallucination += j.hallucinates() ? 1 : 0;
            groundTruth += captions.get(i).groundTruth().size();
            covered += j.covered().size();
        }
        return new ChairScore(captions.size(), withHallucination, mentions, hallucinated, groundTruth, covered);
    }

    public double chairI() {
        return mentions == 0 ? 0 : (double) hallucinatedMentions / mentions;
    }

    public double chairS() {
        return captions == 0 ? 0 : (double) captionsWithHallucination / captions;
    }

    public double cover() {
        return groundTruthObjects == 0 ? 0 : (double) coveredObjects / groundTruthObjects;
    }

    public double hal() {
        return chairS();
    }

    public Map<String, Double> metrics() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("chair_i", chairI());
        m.put("chair_s", chairS());
        m.put("cover", cover());
        m.put("hal", hal());
        return m;
    }

    /** The counts behind the rates. */
    public Map<String, Integer> counts() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("captions", captions);
        m.put("captions_with_hallucination", captionsWithHallucination);
        m.put("object_mentions", mentions);
        m.put("hallucinated_mentions", hallucinatedMentions);
        m.put("ground_truth_objects", groundTruthObjects);
        m.put("covered_objects", coveredObjects);
        return m;
    }
}
