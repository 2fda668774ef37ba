package dev.groundwork.trainer.eval;

import dev.groundwork.storage.world.Shape;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Words and phrases that name an object class, as CHAIR's synonym lists do (Rohrbach et al. 2018, "Object
 * Hallucination in Image Captioning"; reference implementation {@code github.com/LisaAnne/Hallucination},
 * {@code data/synonyms.txt} and {@code utils/chair.py}): each word or phrase, in the singular and the plural, maps to
 * one class. Text is matched lower-case, on word boundaries, longest phrase first, phrases not overlapping.
 *
 * <p>A vocabulary may also hold CHAIR's two kinds of rule (see {@link #coco()}): phrases read as something else
 * ({@code baby bird} as bird; {@code passenger jet} as jet; {@code train track} as no object at all, so that
 * {@code train} does not fire), and words not counted next to another ({@code seat} in a caption that names a
 * {@code toilet}).
 */
public final class ObjectVocabulary {

    private static final Pattern WORD = Pattern.compile("[a-z]+");
    private static final String COCO_RESOURCE = "coco-synonyms.txt";

    /**
     * English irregular plurals added beside the regular one; keys marked {@code -} also apply as suffixes
     * ({@code policeman}, {@code grandchild}, {@code pocketknife}). They stand in for the reference's singulariser
     * (pattern.en) on the words of CHAIR's list.
     */
    private static final Map<String, String> IRREGULAR = Map.ofEntries(Map.entry("-man", "men"),
            Map.entry("-child", "children"), Map.entry("-knife", "knives"), Map.entry("person", "people"),
            Map.entry("mouse", "mice"), Map.entry("goose", "geese"), Map.entry("calf", "calves"),
            Map.entry("ox", "oxen"), Map.entry("foot", "feet"), Map.entry("tooth", "teeth"),
            Map.entry("sheep", "sheep"), Map.entry("deer", "deer"), Map.entry("fish", "fish"),
            Map.entry("wolf", "wolves"), Map.entry("shelf", "shelves"), Map.entry("leaf", "leaves"),
            Map.entry("buffalo", "buffaloes"), Map.entry("tomato", "tomatoes"), Map.entry("potato", "potatoes"));

    /** What a phrase reads as: a class, or nothing (consumed, no mention); {@code base} is the listed word it reads as. */
    private record Entry(Optional<String> objectClass, String base) {}

    /** {@code word} is not counted in a text that also has {@code other} (both singular, as listed). */
    private record NotWith(String word, String other) {}

    private static volatile ObjectVocabulary coco;

    private final Map<String, Entry> entries;
    private final List<NotWith> notWith;
    private final int longestPhrase;

    private ObjectVocabulary(Map<String, Entry> entries, List<NotWith> notWith, int maxWords) {
        Map<String, Entry> kept = new HashMap<>();
        entries.forEach((phrase, entry) -> {
            if (words(phrase) <= maxWords) {
                kept.put(phrase, entry);
            }
        });
        this.entries = Map.copyOf(kept);
        this.notWith = List.copyOf(notWith);
        this.longestPhrase = kept.keySet().stream().mapToInt(ObjectVocabulary::words).max().orElse(1);
    }

    /** The synthetic world's eight classes, each by its label and its plural (the world's captions use exactly these). */
    public static ObjectVocabulary world() {
        Map<String, Entry> m = new HashMap<>();
        for (Shape shape : Shape.values()) {
            m.put(shape.label(), new Entry(Optional.of(shape.label()), shape.label()));
            m.put(shape.plural(), new Entry(Optional.of(shape.label()), shape.label()));
        }
        return new ObjectVocabulary(m, List.of(), Integer.MAX_VALUE);
    }

    /**
     * A vocabulary from synonym lines: {@code class, synonym, synonym, ...} (CHAIR's {@code synonyms.txt} format), with
     * plurals added by the usual English rules (-s, -es after s/x/z/ch/sh, -ies after a consonant + y) and a short table
     * of irregular plurals (men, children, people, mice, knives, ...). A word listed explicitly wins over a plural made
     * from another word.
     */
    public static ObjectVocabulary of(List<List<String>> synonymLines) {
        return new Builder().synonyms(synonymLines).build(Integer.MAX_VALUE);
    }

    /**
     * CHAIR's vocabulary of the 80 MSCOCO classes: the synonym list, two-word rules and toilet/seat rule of the reference
     * implementation, reproduced in the resource {@code coco-synonyms.txt} (its header names the repository, commit and
     * files, and the few places where this reading differs from the reference script). As in the reference, which
     * compares a caption's words two at a time, phrases have at most two words.
     */
    public static ObjectVocabulary coco() {
        ObjectVocabulary v = coco;
        if (v == null) {
            try (InputStream in = ObjectVocabulary.class.getResourceAsStream(COCO_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + COCO_RESOURCE + " is missing from the trainer jar");
                }
                v = parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList(),
                        COCO_RESOURCE, 2);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + COCO_RESOURCE + ": " + e.getMessage(), e);
            }
            coco = v;
        }
        return v;
    }

    /**
     * A vocabulary in the format of {@code coco-synonyms.txt}: {@code #} comments, and sections {@code [synonyms]}
     * (synonym lines), {@code [two-words]} ({@code two words = what they read as}) and {@code [not-with]}
     * ({@code word | other}).
     */
    static ObjectVocabulary parse(List<String> lines, String source, int maxWords) {
        Builder b = new Builder();
        List<List<String>> synonyms = new ArrayList<>();
        Map<String, String> twoWords = new java.util.LinkedHashMap<>();
        String section = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1);
                continue;
            }
            switch (section) {
                case "synonyms" -> synonyms.add(List.of(line.split(",")));
                case "two-words" -> {
                    String[] parts = line.split("=");
                    if (parts.length != 2) {
                        throw new IllegalStateException(source + " line " + (i + 1) + ": expected 'two words = word'");
                    }
                    twoWords.put(normal(parts[0]), normal(parts[1]));
                }
                case "not-with" -> {
                    String[] parts = line.split("\\|");
                    if (parts.length != 2) {
                        throw new IllegalStateException(source + " line " + (i + 1) + ": expected 'word | other'");
                    }
                    b.notWith.add(new NotWith(normal(parts[0]), normal(parts[1])));
                }
                default -> throw new IllegalStateException(source + " line " + (i + 1) + ": outside a known section");
            }
        }
        b.synonyms(synonyms);
        twoWords.forEach(b::reads);
        return b.build(maxWords);
    }

    private static final class Builder {
        private final Map<String, Entry> listed = new HashMap<>();
        private final Map<String, Entry> plurals = new HashMap<>();
        private final List<NotWith> notWith = new ArrayList<>();

        Builder synonyms(List<List<String>> lines) {
            for (List<String> line : lines) {
                List<String> words = line.stream().map(ObjectVocabulary::normal).filter(w -> !w.isEmpty()).toList();
                if (words.isEmpty()) {
                    continue;
                }
                String cls = words.get(0);
                for (String w : words) {
                    add(w, new Entry(Optional.of(cls), w));
                }
            }
            return this;
        }

        /** {@code phrase} reads as {@code target}: the target's class when it is a listed word, else no object. */
        void reads(String phrase, String target) {
            Entry t = listed.get(target);
            add(phrase, new Entry(t == null ? Optional.empty() : t.objectClass(), target));
        }

        private void add(String phrase, Entry entry) {
            listed.put(phrase, entry);
            for (String p : plurals(phrase)) {
                plurals.put(p, entry);
            }
        }

        ObjectVocabulary build(int maxWords) {
            Map<String, Entry> all = new HashMap<>(plurals);
            all.putAll(listed);
            return new ObjectVocabulary(all, notWith, maxWords);
        }
    }

    private static String normal(String word) {
        return word.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
    }

    private static int words(String phrase) {
        return phrase.split(" ").length;
    }

    /** The regular English plural of a word or of a phrase's last word. */
    static String plural(String phrase) {
        int space = phrase.lastIndexOf(' ');
        String head = phrase.substring(0, space + 1);
        String last = phrase.substring(space + 1);
        if (last.matches(".*(s|x|z|ch|sh)")) {
            return head + last + "es";
        }
        if (last.matches(".*[^aeiou]y")) {
            return head + last.substring(0, last.length() - 1) + "ies";
        }
        return head + last + "s";
    }

    /** The regular plural and, where the last word has one, its irregular plural. */
    static Set<String> plurals(String phrase) {
        Set<String> out = new LinkedHashSet<>();
        out.add(plural(phrase));
        int space = phrase.lastIndexOf(' ');
        String head = phrase.substring(0, space + 1);
        String last = phrase.substring(space + 1);
        IRREGULAR.forEach((singular, plural) -> {
            if (singular.startsWith("-") ? last.endsWith(singular.substring(1)) : last.equals(singular)) {
                String stem = singular.startsWith("-") ? last.substring(0, last.length() - singular.length() + 1) : "";
                out.add(head + stem + plural);
            }
        });
        return out;
    }

    /** The class a word or phrase names, singular or plural, case aside. */
    public Optional<String> classOf(String phrase) {
        Entry e = entries.get(normal(phrase));
        return e == null ? Optional.empty() : e.objectClass();
    }

    /** An object mention in a text: the class, the words as written, and the character span {@code [start, end)}. */
    public record Mention(String objectClass, String text, int start, int end) {

        /** The mention as a per-sample output record: {@code object}, {@code words}, {@code start}, {@code end}. */
        public Map<String, Object> record() {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("object", objectClass);
            o.put("words", text);
            o.put("start", start);
            o.put("end", end);
            return o;
        }
    }

    /** The classes the mentions name, each once, in order of first mention. */
    public static List<String> classes(List<Mention> mentions) {
        Set<String> classes = new LinkedHashSet<>();
        mentions.forEach(m -> classes.add(m.objectClass()));
        return List.copyOf(classes);
    }

    /** Every object mention in {@code text}, in order; phrases are matched longest first and do not overlap. */
    public List<Mention> mentions(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        List<int[]> words = new ArrayList<>();
        Matcher m = WORD.matcher(lower);
        while (m.find()) {
            words.add(new int[] {m.start(), m.end()});
        }
        List<Mention> found = new ArrayList<>();
        List<String> bases = new ArrayList<>();
        Set<String> seenBases = new java.util.HashSet<>();
        for (int i = 0; i < words.size(); ) {
            int matched = 0;
            for (int n = Math.min(longestPhrase, words.size() - i); n >= 1 && matched == 0; n--) {
                StringBuilder phrase = new StringBuilder();
                for (int k = i; k < i + n; k++) {
                    phrase.append(k > i ? " " : "").append(lower, words.get(k)[0], words.get(k)[1]);
                }
                Entry e = entries.get(phrase.toString());
                if (e != null) {
                    int start = words.get(i)[0];
                    int end = words.get(i + n - 1)[1];
                    seenBases.add(e.base());
                    e.objectClass().ifPresent(cls -> {
                        found.add(new Mention(cls, text.substring(start, end), start, end));
                        bases.add(e.base());
                    });
                    matched = n;
                }
            }
            i += Math.max(matched, 1);
        }
        if (notWith.isEmpty()) {
            return found;
        }
        List<Mention> kept = new ArrayList<>();
        for (int k = 0; k < found.size(); k++) {
            String base = bases.get(k);
            boolean dropped = notWith.stream().anyMatch(r -> r.word().equals(base) && seenBases.contains(r.other()));
            if (!dropped) {
                kept.add(found.get(k));
            }
        }
        return kept;
    }
}
