package dev.groundwork.trainer.eval;

import dev.groundwork.storage.dataset.Manifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Scores answers to the synthetic world's items, whoever produced them (a file of answers, or an evaluation run that
 * generates them with the model); it reads no files.
 *
 * <ul>
 *   <li>POPE probes ({@code pope-random}, {@code pope-popular}, {@code pope-adversarial}): {@link PopeScore} per split,
 *       the metric names suffixed {@code _random}, {@code _popular}, {@code _adversarial} as lmms-eval names its POPE
 *       splits; answers read by the given {@link YesNo} rule;
 *   <li>caption items: CHAIR_i, CHAIR_s, Cover and Hal ({@link ChairScore}) over the world's vocabulary, against the
 *       ground truth of each item's scene;
 *   <li>attribute, count and relation questions: the hallucination rates of {@link QuestionScore}, answers read by
 *       {@link OpenAnswers}.
 * </ul>
 */
public final class WorldScorer {

    /** An item and the answer given to it. */
    public record Answered(Manifest.Item item, String answer) {
        public Answered {
            Objects.requireNonNull(item, "item");
            Objects.requireNonNull(answer, "answer");
        }
    }

    /**
     * One scored answer.
     *
     * @param verdict POPE: {@code correct}, {@code wrong} or {@code unparseable}; caption: {@code hallucinated} or
     *     {@code faithful}; open question: {@code correct}, {@code hallucinated} or {@code unparseable}
     * @param read the value read: yes/no, a colour, a count or a predicate; absent for captions and unparseable answers
     * @param mentions caption items: every object mention; empty otherwise
     * @param hallucinated caption items: the mentions of objects not in the scene
     */
    public record Sample(String questionId, String category, String reference, String answer, String verdict,
            Optional<String> read, List<ObjectVocabulary.Mention> mentions, List<ObjectVocabulary.Mention> hallucinated) {
        public Sample {
            mentions = List.copyOf(mentions);
            hallucinated = List.copyOf(hallucinated);
        }

        /**
         * The sample as a {@code samples.jsonl} record: {@code question_id}, {@code category}, {@code reference},
         * {@code answer}, {@code verdict}, {@code parsed} (when read), and for captions {@code mentioned_objects} and
         * {@code hallucinated_objects} (object, words, character span), for open questions the
         * {@code hallucinated_<category>} value.
         */
        public Map<String, Object> record() {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("question_id", questionId);
            o.put("category", category);
            o.put("reference", reference);
            o.put("answer", answer);
            o.put("verdict", verdict);
            read.ifPresent(r -> o.put("parsed", r));
            if (category.equals("caption")) {
                o.put("mentioned_objects", ObjectVocabulary.classes(mentions));
                o.put("hallucinated_objects", hallucinated.stream().map(ObjectVocabulary.Mention::record).toList());
            } else if (verdict.equals("hallucinated")) {
                o.put("hallucinated_" + category, read.orElse(null));
            }
            return o;
        }
    }

    /** Metrics (names as the scorers give them), the counts behind CHAIR, and one sample per answer, in input order. */
    public record Result(Map<String, Double> metrics, Map<String, Integer> counts, List<Sample> samples) {
        public Result {
            metrics = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
            counts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(counts));
            samples = List.copyOf(samples);
        }
    }

    /** The POPE splits, as world categories, in metric order. */
    public static final List<String> POPE_SPLITS = List.of("pope-random", "pope-popular", "pope-adversarial");

    private final YesNo rule;
    private final ObjectVocabulary vocabulary = ObjectVocabulary.world();

    public WorldScorer(YesNo rule) {
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    public Result score(List<Answered> answered) {
        Map<String, List<PopeScore.Probe>> probes = new LinkedHashMap<>();
        POPE_SPLITS.forEach(s -> probes.put(s, new ArrayList<>()));
        List<ChairScore.Caption> captions = new ArrayList<>();
        List<ChairScore.Judged> judged = new ArrayList<>();
        QuestionScore questions = new QuestionScore();
        List<Sample> samples = new ArrayList<>();
        for (Answered a : answered) {
            Manifest.Item item = a.item();
            String category = item.category();
            String reference = item.reference() == null ? "" : item.reference();
            if (probes.containsKey(category)) {
                boolean label = reference.equals("yes");
                probes.get(category).add(new PopeScore.Probe(item.id(), label, a.answer()));
                Optional<Boolean> said = rule.read(a.answer());
                String verdict = said.map(yes -> yes == label ? "correct" : "wrong").orElse("unparseable");
                samples.add(new Sample(item.id(), category, reference, a.answer(), verdict,
                        said.map(yes -> yes ? "yes" : "no"), List.of(), List.of()));
            } else if (category.equals("caption")) {
                ChairScore.Caption caption = new ChairScore.Caption(a.answer(), groundTruth(item));
                ChairScore.Judged j = ChairScore.judge(caption, vocabulary);
                captions.add(caption);
                judged.add(j);
                samples.add(new Sample(item.id(), category, reference, a.answer(),
                        j.hallucinates() ? "hallucinated" : "faithful", Optional.empty(), j.mentions(), j.hallucinated()));
            } else {
                QuestionScore.Kind kind;
                OpenAnswers.Reading reading;
                switch (category) {
                    case "attribute" -> {
                        kind = OpenAnswers.isSize(reference) ? QuestionScore.Kind.ATTRIBUTE_SIZE
                                : QuestionScore.Kind.ATTRIBUTE_COLOUR;
                        reading = OpenAnswers.attribute(a.answer(), reference);
                    }
                    case "count" -> {
                        kind = QuestionScore.Kind.COUNT;
                        reading = OpenAnswers.count(a.answer(), reference);
                    }
                    case "relation" -> {
                        kind = QuestionScore.Kind.RELATION;
                        reading = OpenAnswers.relation(item.prompt(), a.answer(), reference);
                    }
                    default -> throw new IllegalArgumentException("world item " + item.id() + " has category '"
                            + category + "', which no world scorer reads");
                }
                questions.add(kind, reading.verdict());
                samples.add(new Sample(item.id(), category, reference, a.answer(), reading.verdict().label(),
                        reading.read(), List.of(), List.of()));
            }
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        probes.forEach((split, list) -> {
            if (!list.isEmpty()) {
                PopeScore s = PopeScore.of(list, rule);
                metrics.putAll(s.metrics(split.substring("pope-".length())));
                counts.put("pope_questions_" + split.substring("pope-".length()), s.probes());
            }
        });
        if (!captions.isEmpty()) {
            ChairScore chair = ChairScore.of(captions, judged);
            metrics.putAll(chair.metrics());
            counts.putAll(chair.counts());
        }
        metrics.putAll(questions.metrics());
        return new Result(metrics, counts, samples);
    }

    private static Set<String> groundTruth(Manifest.Item item) {
        if (item.groundTruth() == null) {
            throw new IllegalArgumentException("caption item " + item.id() + " carries no ground truth");
        }
        return item.groundTruth().objects().stream().map(Manifest.SceneObject::label)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
