package dev.groundwork.trainer.cli;

import dev.groundwork.trainer.eval.ChairScore;
import dev.groundwork.trainer.eval.CocoFiles;
import dev.groundwork.trainer.eval.ObjectVocabulary;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --suite chair --captions C.jsonl --annotations instances.json [--reference-captions captions.json]}: CHAIR
 * on COCO (Rohrbach et al. 2018) with CHAIR's synonym list, plus AMBER's Cover and Hal; see {@link CocoFiles}.
 */
final class ChairSuite implements ScoreSuite {

    @Override
    public String name() {
        return "chair";
    }

    @Override
    public Set<String> options() {
        return Set.of("--captions", "--annotations", "--reference-captions");
    }

    @Override
    public Report score(Inputs in, PrintWriter out) {
        ObjectVocabulary vocabulary = ObjectVocabulary.coco();
        List<CocoFiles.GeneratedCaption> captions = CocoFiles.captions(in.file("--captions"));
        CocoFiles.GroundTruth truth = CocoFiles.groundTruth(captions, in.file("--annotations"),
                in.optionalFile("--reference-captions"), vocabulary);
        truth.warnings().forEach(w -> out.println("warning: " + w));
        List<ChairScore.Caption> scored = new ArrayList<>();
        List<ChairScore.Judged> judged = new ArrayList<>();
        List<Map<String, Object>> samples = new ArrayList<>();
        for (CocoFiles.GeneratedCaption c : captions) {
            ChairScore.Caption caption = new ChairScore.Caption(c.caption(), truth.of(c.imageId()));
            ChairScore.Judged j = ChairScore.judge(caption, vocabulary);
            scored.add(caption);
            judged.add(j);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("image_id", c.imageId());
            s.put("caption", c.caption());
            s.put("mentioned_objects", ObjectVocabulary.classes(j.mentions()));
            s.put("hallucinated_objects", j.hallucinated().stream().map(ObjectVocabulary.Mention::record).toList());
            s.put("ground_truth_objects", caption.groundTruth().stream().sorted().toList());
            samples.add(s);
        }
        ChairScore score = ChairScore.of(scored, judged);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("suite", name());
        metrics.put("vocabulary", "CHAIR's MSCOCO synonyms (github.com/LisaAnne/Hallucination)");
        metrics.put("reference_captions", in.optionalFile("--reference-captions").isPresent());
        metrics.putAll(score.metrics());
        metrics.put("counts", score.counts());
        metrics.put("images_without_instance_annotations", truth.unannotated());
        String summary = String.format("CHAIR, %d captions: CHAIR_i %.4f (%d of %d mentions), CHAIR_s %.4f, Cover %.4f,"
                        + " Hal %.4f", score.captions(), score.chairI(), score.hallucinatedMentions(), score.mentions(),
                score.chairS(), score.cover(), score.hal());
        return new Report(metrics, samples, summary);
    }
}
