package dev.groundwork.trainer.eval;

import dev.groundwork.storage.dataset.Manifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An answers file for the synthetic world's items: one JSON object per line with {@code question_id} (a world item id,
 * e.g. {@code s000003-pope-adversarial-no}) and {@code answer} (a string). Answers are matched to the items by id; an id
 * that is no item of the world, a repeated id, or a missing or non-string field is refused with the file, line and
 * field; items without an answer are left out of the scores, with a warning.
 */
public final class WorldAnswers {

    private WorldAnswers() {}

    /** The answered items, in the world's item order, and warnings. */
    public record Matched(List<WorldScorer.Answered> answered, List<String> warnings) {
        public Matched {
            answered = List.copyOf(answered);
            warnings = List.copyOf(warnings);
        }
    }

    public static Matched match(List<Manifest.Item> items, Path file, String worldDescription) {
        Map<String, Manifest.Item> byId = new LinkedHashMap<>();
        items.forEach(i -> byId.put(i.id(), i));
        Map<String, String> answers = new HashMap<>();
        Map<String, Integer> lineOf = new HashMap<>();
        JsonLines.forEach(file, (line, row) -> {
            String id = JsonLines.id(file, line, row, "question_id")
                    .orElseThrow(() -> JsonLines.refuse(file, line, "question_id is missing"));
            if (!byId.containsKey(id)) {
                throw JsonLines.refuse(file, line, "question_id " + id + " is not an item of the " + worldDescription);
            }
            Integer earlier = lineOf.putIfAbsent(id, line);
            if (earlier != null) {
                throw JsonLines.refuse(file, line, "question_id " + id + " is answered twice (also line " + earlier + ")");
            }
            answers.put(id, JsonLines.string(file, line, row, "answer"));
        });
        if (answers.isEmpty()) {
            throw new FormatException(file + ": no answers in the file");
        }
        List<WorldScorer.Answered> answered = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        byId.forEach((id, item) -> {
            String a = answers.get(id);
            if (a == null) {
                missing.add(id);
            } else {
                answered.add(new WorldScorer.Answered(item, a));
            }
        });
        List<String> warnings = new ArrayList<>();
        if (!missing.isEmpty()) {
            warnings.add(file + ": " + missing.size() + " of the world's " + items.size()
                    + " items have no answer and are not scored, e.g. " + missing.get(0));
        }
        return new Matched(answered, warnings);
    }
}
