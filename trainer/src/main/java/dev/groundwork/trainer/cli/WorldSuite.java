package dev.groundwork.trainer.cli;

import dev.groundwork.storage.dataset.Manifest;
import dev.groundwork.storage.world.World;
import dev.groundwork.trainer.data.WorldData;
import dev.groundwork.trainer.eval.WorldAnswers;
import dev.groundwork.trainer.eval.WorldScorer;
import dev.groundwork.trainer.eval.YesNo;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --suite world --answers A.jsonl [--world-seed S --scenes N --held-out H] [--pope-compat]}: answers to the
 * built-in synthetic world's items, scored by {@link WorldScorer} (POPE per split, CHAIR/Cover/Hal on captions,
 * attribute/count/relation hallucination rates).
 */
final class WorldSuite implements ScoreSuite {

    @Override
    public String name() {
        return "world";
    }

    @Override
    public Set<String> options() {
        return Set.of("--answers", "--pope-compat", "--world-seed", "--scenes", "--held-out");
    }

    @Override
    public Report score(Inputs in, PrintWriter out) {
        WorldOptions w = in.world();
        List<Manifest.Item> items = World.generate(WorldData.config(w.scenes, w.heldOut, w.worldSeed)).items();
        String world = "synthetic world seed " + w.worldSeed + " with " + (w.scenes + w.heldOut) + " scenes";
        WorldAnswers.Matched matched = WorldAnswers.match(items, in.file("--answers"), world);
        matched.warnings().forEach(warning -> out.println("warning: " + warning));
        String reading = in.popeCompat() ? "pope-compat" : "strict";
        WorldScorer.Result result = new WorldScorer(in.popeCompat() ? YesNo.POPE_COMPAT : YesNo.STRICT)
                .score(matched.answered());
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("suite", name());
        metrics.put("world", world);
        metrics.put("answer_reading", reading);
        metrics.put("items", items.size());
        metrics.put("answered", matched.answered().size());
        metrics.putAll(result.metrics());
        metrics.put("counts", result.counts());
        List<Map<String, Object>> samples = result.samples().stream().map(WorldScorer.Sample::record).toList();
        StringBuilder summary = new StringBuilder("world (" + reading + " yes/no reading), " + matched.answered().size()
                + " of " + items.size() + " items answered:");
        for (String key : List.of("pope_f1_score_random", "pope_f1_score_popular", "pope_f1_score_adversarial", "chair_i",
                "chair_s", "cover", "attribute_hallucination_rate", "count_hallucination_rate",
                "relation_hallucination_rate")) {
            Double v = result.metrics().get(key);
            if (v != null) {
                summary.append(String.format(" %s %.4f", key, v));
            }
        }
        return new Report(metrics, samples, summary.toString());
    }
}
