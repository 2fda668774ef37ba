package dev.groundwork.trainer.eval;

import dev.groundwork.storage.world.Colour;
import dev.groundwork.storage.world.Size;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a free-form answer to one of the synthetic world's open questions against the item's reference, the way the
 * world phrases its answers ({@code The circle is red.}, {@code There are 3 crosses.},
 * {@code The red circle is to the left of the blue square.}), case and punctuation aside. An answer is
 * <em>correct</em> when it states the reference, <em>hallucinated</em> when it states something else, and
 * <em>unparseable</em> when it states no single value:
 *
 * <ul>
 *   <li>attribute ("What colour is the X?"): the one colour word it uses; the world's six colours and the other basic
 *       English colour terms (a model saying "pink" claims a colour the object does not have). A size reference
 *       ({@code small}, {@code large}) is read the same way from size words, though the world asks no size questions
 *       today;
 *   <li>count ("How many Xs are there?"): the one number it states, in digits or words ({@code zero} to
 *       {@code twenty}); "no" or "none" with no number is 0;
 *   <li>relation ("Is the A left or right of the B?", or "above or below"): the one predicate of the question's axis
 *       it uses ({@code left}, {@code right}; {@code above}, {@code over}, {@code below}, {@code under},
 *       {@code beneath}), turned round when the answer names B before A ("The blue square is to the right of the red
 *       circle" reads as A left_of B). An answer off the question's axis names neither choice and is unparseable.
 * </ul>
 *
 * Several different values (e.g. "red or blue") are unparseable too: the answer does not commit to one.
 */
public final class OpenAnswers {

    /** How an answer reads. */
    public enum Verdict {
        CORRECT,
        HALLUCINATED,
        UNPARSEABLE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The verdict and the value read ("red", "3", "left_of"), absent when unparseable. */
    public record Reading(Verdict verdict, Optional<String> read) {
        static Reading of(Optional<String> read, String reference) {
            return read.map(r -> new Reading(r.equals(reference) ? Verdict.CORRECT : Verdict.HALLUCINATED, read))
                    .orElse(new Reading(Verdict.UNPARSEABLE, Optional.empty()));
        }
    }

    private static final Pattern TOKEN = Pattern.compile("[a-z]+|[0-9]+");
    private static final Set<String> OTHER_COLOURS = Set.of("black", "white", "grey", "gray", "pink", "brown", "violet",
            "cyan", "magenta", "teal", "turquoise", "maroon", "navy", "gold", "golden", "silver", "beige", "lime",
            "indigo");
    private static final Map<String, String> SIZE_WORDS = Map.of("small", "small", "little", "small", "tiny", "small",
            "large", "large", "big", "large", "huge", "large");
    private static final List<String> NUMBER_WORDS = List.of("zero", "one", "two", "three", "four", "five", "six",
            "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
            "seventeen", "eighteen", "nineteen", "twenty");
    private static final Map<String, String> HORIZONTAL = Map.of("left", "left_of", "right", "right_of");
    private static final Map<String, String> VERTICAL = Map.of("above", "above", "over", "above", "below", "below",
            "under", "below", "beneath", "below");
    private static final Pattern RELATION_PROMPT =
            Pattern.compile("is the ([a-z]+ [a-z]+) (?:left or right of|above or below) the ([a-z]+ [a-z]+)\\?");

    private OpenAnswers() {}

    /** Whether an attribute reference is a size ({@code small}, {@code large}) rather than a colour. */
    public static boolean isSize(String reference) {
        return Size.SMALL.label().equals(reference) || Size.LARGE.label().equals(reference);
    }

    /** An attribute answer against its reference colour (or size) label. */
    public static Reading attribute(String answer, String reference) {
        Set<String> read = new LinkedHashSet<>();
        for (String t : tokens(answer)) {
            if (isSize(reference)) {
                if (SIZE_WORDS.containsKey(t)) {
                    read.add(SIZE_WORDS.get(t));
                }
            } else if (Colour.labels().contains(t) || OTHER_COLOURS.contains(t)) {
                read.add(t.equals("gray") ? "grey" : t);
            }
        }
        return Reading.of(single(read), reference);
    }

    /** A count answer against the reference count. */
    public static Reading count(String answer, String reference) {
        Set<String> read = new LinkedHashSet<>();
        boolean none = false;
        for (String t : tokens(answer)) {
            if (Character.isDigit(t.charAt(0))) {
                read.add(Integer.toString(Integer.parseInt(t.length() > 9 ? t.substring(0, 9) : t)));
            } else if (NUMBER_WORDS.contains(t)) {
                read.add(Integer.toString(NUMBER_WORDS.indexOf(t)));
            } else if (t.equals("no") || t.equals("none")) {
                none = true;
            }
        }
        if (read.isEmpty() && none) {
            read.add("0");
        }
        return Reading.of(single(read), reference);
    }

    /** A relation answer to {@code prompt} against the reference predicate ({@code left_of}, {@code above}, ...). */
    public static Reading relation(String prompt, String answer, String reference) {
        Map<String, String> axis = HORIZONTAL.containsValue(reference) ? HORIZONTAL : VERTICAL;
        List<String> tokens = tokens(answer);
        Set<String> read = new LinkedHashSet<>();
        tokens.forEach(t -> {
            if (axis.containsKey(t)) {
                read.add(axis.get(t));
            }
        });
        Optional<String> predicate = single(read);
        Matcher m = RELATION_PROMPT.matcher(String.join(" ", tokens(prompt)) + "?");
        if (predicate.isPresent() && m.matches()) {
            String text = " " + String.join(" ", tokens) + " ";
            int subject = text.indexOf(" " + m.group(1) + " ");
            int object = text.indexOf(" " + m.group(2) + " ");
            if (subject >= 0 && object >= 0 && object < subject) {
                predicate = predicate.map(OpenAnswers::inverse);
            }
        }
        return Reading.of(predicate, reference);
    }

    private static String inverse(String predicate) {
        return switch (predicate) {
            case "left_of" -> "right_of";
            case "right_of" -> "left_of";
            case "above" -> "below";
            default -> "above";
        };
    }

    private static Optional<String> single(Set<String> values) {
        return values.size() == 1 ? Optional.of(values.iterator().next()) : Optional.empty();
    }

    private static List<String> tokens(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }
}
