package dev.groundwork.trainer.eval;

import dev.groundwork.storage.world.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Words and phrases that name an object class, as CHAIR's synonym lists do (Rohrbach et al. 2018, "Object
 * Hallucination in Image Captioning"): each word or phrase, in the singular and the plural, maps to one class. Text is
 * matched lower-case, longest phrase first, on word boundaries.
 */
public final class ObjectVocabulary {

    private static final Pattern WORD = Pattern.compile("[a-z]+");

    private final Map<String, String> classOf;
    private final int longestPhrase;

    private ObjectVocabulary(Map<String, String> classOf) {
        this.classOf = Map.copyOf(classOf);
        this.longestPhrase = classOf.keySet().stream().mapToInt(k -> k.split(" ").length).max().orElse(1);
    }

    /** The synthetic world's eight classes, each by its label and its plural (the world's captions use exactly these). */
    public static ObjectVocabulary world() {
        Map<String, String> m = new HashMap<>();
        for (Shape shape : Shape.values()) {
            m.put(shape.label(), shape.label());
            m.put(shape.plural(), shape.label());
        }
        return new ObjectVocabulary(m);
    }

    /**
     * A vocabulary from synonym lines: {@code class, synonym, synonym, ...} (CHAIR's {@code synonyms.txt} format), with
     * plurals added by the usual English rules (-s, -es after s/x/z/ch/sh, -ies after a consonant + y).
     */
    public static ObjectVocabulary of(List<List<String>> synonymLines) {
        Map<String, String> m = new HashMap<>();
        for (List<String> line : synonymLines) {
            String cls = line.get(0).strip().toLowerCase(Locale.ROOT);
            for (String word : line) {
                String w = word.strip().toLowerCase(Locale.ROOT);
                m.put(w, cls);
                m.put(plural(w), cls);
            }
        }
        return new ObjectVocabulary(m);
    }

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

    public Optional<String> classOf(String phrase) {
        return Optional.ofNullable(classOf.get(phrase.toLowerCase(Locale.ROOT)));
    }

    /** An object mention in a text: the class, the words as written, and the character span {@code [start, end)}. */
    public record Mention(String objectClass, String text, int start, int end) {}

    /** Every object mention in {@code text}, in order; phrases are matched longest first and do not overlap. */
    public List<Mention> mentions(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        List<int[]> words = new ArrayList<>();
        Matcher m = WORD.matcher(lower);
        while (m.find()) {
            words.add(new int[] {m.start(), m.end()});
        }
        List<Mention> found = new ArrayList<>();
        for (int i = 0; i < words.size(); ) {
            boolean matched = false;
            for (int n = Math.min(longestPhrase, words.size() - i); n >= 1 && !matched; n--) {
                int start = words.get(i)[0];
                int end = words.get(i + n - 1)[1];
                String phrase = String.join(" ", words.subList(i, i + n).stream().map(w -> lower.substring(w[0], w[1])).toList());
                String cls = classOf.get(phrase);
                if (cls != null) {
                    found.add(new Mention(cls, text.substring(start, end), start, end));
                    i += n;
                    matched = true;
                }
            }
            if (!matched) {
                i++;
            }
        }
        return found;
    }
}
