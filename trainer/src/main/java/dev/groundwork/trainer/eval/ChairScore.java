package dev.groundwork.trainer.eval;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;
import java.util.Set;

/**
 * Object hallucination in free-form answers.
 *
 * <ul>
 *   <li>CHAIR_i = hallucinated object mentions / all object mentions, CHAIR_s = captions with at least one
 *       hallucinated object / all captions (Rohrbach et al. 2018; mentions are counted per occurrence, as the reference
 *       implementation does).
 *   <li>Cover = ground-truth objects mentioned / all ground-truth objects, and Hal = answers with any hallucination /
 *       all answers (AMBER's generative metrics, Wang et al. 2023).
 * </ul>
 */
public record ChairScore(int captions, int captionsWithHallucination, int mentions, int hallucinatedMentions,
        int groundTruthObjects, int coveredObjects) {

    /** One answer and the classes that are really in its image. */
    public record Caption(String text, Set<String> groundTruth) {}

    public static ChairScore of(List<Caption> captions, ObjectVocabulary vocabulary) {
        int withHallucination = 0;
        int mentions = 0;
        int hallucinated = 0;
        int groundTruth = 0;
        int covered = 0;
        for (Caption c : captions) {
            Set<String> named = new HashSet<>();
            boolean any = false;
            for (ObjectVocabulary.Mention m : vocabulary.mentions(c.text())) {
                mentions++;
                named.add(m.objectClass());
                if (!c.groundTruth().contains(m.objectClass())) {
                    hallucinated++;
                    any = true;
                }
            }
            withHallucination += any ? 1 : 0;
            groundTruth += c.groundTruth().size();
            covered += (int) c.groundTruth().stream().filter(named::contains).count();
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
}
