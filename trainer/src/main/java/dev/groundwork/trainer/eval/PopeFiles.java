package dev.groundwork.trainer.eval;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * POPE's published file formats (Li et al. 2023): a questions file with one JSON object per line,
 * {@code {"question_id": 1, "image": "COCO_val2014_….jpg", "text": "Is there a snowboard in the image?", "label": "yes"}},
 * and an answers file with {@code {"question_id": 1, "answer": "Yes, there is …"}} per line. Answers are matched to
 * questions by {@code question_id}; when the answers carry no ids at all they are matched by line order, with a
 * warning. Malformed input is refused with the file, line and field.
 */
public final class PopeFiles {

    private PopeFiles() {}

    /** A question as the file gives it. */
    public record Question(String questionId, String image, String text, boolean label) {}

    /** The matched probes, and any warning about how they were matched. */
    public record Matched(List<Question> questions, List<PopeScore.Probe> probes, List<String> warnings) {}

    public static List<Question> questions(Path file) {
        List<Question> out = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        forEachLine(file, (line, row) -> {
            String id = id(file, line, row).orElseThrow(() -> refuse(file, line, "question_id is missing"));
            if (seen.putIfAbsent(id, line) != null) {
                throw refuse(file, line, "question_id " + id + " repeats line " + seen.get(id));
            }
            String label = text(row, "label").map(s -> s.strip().toLowerCase(Locale.ROOT))
                    .orElseThrow(() -> refuse(file, line, "label is missing"));
            if (!label.equals("yes") && !label.equals("no")) {
                throw refuse(file, line, "label must be yes or no, was '" + label + "'");
            }
            out.add(new Question(id, text(row, "image").orElse(""),
                    text(row, "text").orElseThrow(() -> refuse(file, line, "text is missing")), label.equals("yes")));
        });
        return out;
    }

    /** Matches the answers file to {@code questions}. */
    public static Matched match(List<Question> questions, Path answersFile) {
        List<String[]> answers = new ArrayList<>();
        forEachLine(answersFile, (line, row) -> {
            String answer = text(row, "answer").orElseThrow(() -> refuse(answersFile, line, "answer is missing"));
            answers.add(new String[] {id(answersFile, line, row).orElse(null), answer, Integer.toString(line)});
        });
        long withId = answers.stream().filter(a -> a[0] != null).count();
        List<String> warnings = new ArrayList<>();
        List<PopeScore.Probe> probes = new ArrayList<>();
        if (withId == 0) {
            if (answers.size() != questions.size()) {
                throw new FormatException(answersFile + ": " + answers.size() + " answers without question_id for "
                        + questions.size() + " questions; they can only be matched by line when the counts are equal");
            }
            warnings.add(answersFile + ": no question_id in any answer; matched to the questions by line order");
            for (int i = 0; i < questions.size(); i++) {
                Question q = questions.get(i);
                probes.add(new PopeScore.Probe(q.questionId(), q.label(), answers.get(i)[1]));
            }
            return new Matched(questions, probes, warnings);
        }
        Map<String, String> byId = new LinkedHashMap<>();
        for (String[] a : answers) {
            if (a[0] == null) {
                throw refuse(answersFile, Integer.parseInt(a[2]), "question_id is missing (other answers have one)");
            }
            if (byId.put(a[0], a[1]) != null) {
                throw refuse(answersFile, Integer.parseInt(a[2]), "question_id " + a[0] + " is answered twice");
            }
        }
        Map<String, Question> questionById = new LinkedHashMap<>();
        questions.forEach(q -> questionById.put(q.questionId(), q));
        for (String id : byId.keySet()) {
            if (!questionById.containsKey(id)) {
                throw new FormatException(answersFile + ": question_id " + id + " is not in the questions file");
            }
        }
        List<String> missing = questions.stream().map(Question::questionId).filter(id -> !byId.containsKey(id)).toList();
        if (!missing.isEmpty()) {
            throw new FormatException(answersFile + ": " + missing.size() + " questions have no answer, e.g. question_id "
                    + missing.get(0));
        }
        for (Question q : questions) {
            probes.add(new PopeScore.Probe(q.questionId(), q.label(), byId.get(q.questionId())));
        }
        return new Matched(questions, probes, warnings);
    }

    private static void forEachLine(Path file, JsonLines.Row row) {
        JsonLines.forEach(file, row);
    }

    private static Optional<String> id(Path file, int line, JsonNode row) {
        return JsonLines.id(file, line, row, "question_id");
    }

    private static Optional<String> text(JsonNode row, String field) {
        return JsonLines.text(row, field);
    }

    private static FormatException refuse(Path file, int line, String reason) {
        return JsonLines.refuse(file, line, reason);
    }
}
