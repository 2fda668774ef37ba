package dev.groundwork.critic.claims;

import dev.groundwork.storage.world.Colour;
import dev.groundwork.storage.world.Shape;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The words the claim checker reads: object nouns (the world's classes with plurals and common synonyms, and any
 * class a scene annotation names), colours (the world's six, and other colour words, which no world object has),
 * sizes, numbers, spatial relations, negation and the fillers that may stand between a noun phrase and a relation.
 */
final class Lexicon {

    /** Nouns that stand for "any object" in a total count ("There are 4 objects"). */
    static final Set<String> GENERIC = Set.of("object", "objects", "shape", "shapes", "item", "items", "thing", "things",
            "figure", "figures");

    /** Words after "and"/"but" that start a new clause. */
    static final Set<String> NEW_SUBJECT = Set.of("there", "i", "it", "we", "the", "this", "that", "no", "nothing");

    /** Words that negate the noun phrases after them in their clause. */
    static final Set<String> NEGATIONS = Set.of("no", "not", "none", "without", "neither", "nor", "never", "nothing",
            "isn't", "aren't", "don't", "doesn't", "can't", "cannot", "didn't", "wasn't", "weren't", "absent",
            "lacks", "lack");

    /** Words that end a negation's reach within a clause. */
    static final Set<String> CONTRAST = Set.of("but", "only", "just", "except", "instead", "however", "although", "though");

    /** Words that may come between an object phrase and a relation ("the ring, which is located directly above"). */
    static final Set<String> FILLERS = Set.of("is", "are", "was", "were", "be", "sits", "sit", "sitting", "lies", "lie",
            "lying", "located", "placed", "positioned", "situated", "found", "appears", "appear", "seems", "seem", "to",
            "which", "that", "directly", "just", "slightly", "somewhat", "far", "a", "bit", "little", "also", "right",
            "can", "seen", "shown", "drawn", "stands", "stand");

    /** Copulas of an attribute statement ("the ring is red", "the stars are both large"). */
    static final Set<String> COPULAS = Set.of("is", "are", "was", "were", "appears", "appear", "looks", "look", "seems",
            "seem", "'s");

    static final Set<String> DETERMINERS = Set.of("a", "an", "the", "this", "that", "these", "those", "some", "any",
            "several", "many", "each", "every", "another", "its", "one's");

    /** Words allowed among the adjectives of a noun phrase besides colours and sizes. */
    static final Set<String> ADJECTIVE_FILLERS = Set.of("coloured", "colored", "solid", "filled", "single", "lone",
            "other", "plain", "simple", "bright", "dark", "light", "shaped", "sized");

    private static final Map<String, String> NUMBERS = Map.ofEntries(Map.entry("zero", "0"), Map.entry("one", "1"),
            Map.entry("two", "2"), Map.entry("three", "3"), Map.entry("four", "4"), Map.entry("five", "5"),
            Map.entry("six", "6"), Map.entry("seven", "7"), Map.entry("eight", "8"), Map.entry("nine", "9"),
            Map.entry("ten", "10"), Map.entry("eleven", "11"), Map.entry("twelve", "12"));

    /** Colour words that are no world colour: a claim with one is false in every world scene. */
    private static final Set<String> OTHER_COLOURS = Set.of("pink", "black", "white", "brown", "grey", "gray", "cyan",
            "teal", "magenta", "gold", "golden", "silver", "navy", "turquoise", "beige", "maroon", "lime");

    private static final Map<String, String> COLOUR_SYNONYMS = Map.of("violet", "purple", "lilac", "purple",
            "amber", "orange", "crimson", "red", "scarlet", "red");

    private static final Map<String, String> SIZES = Map.of("small", "small", "little", "small", "tiny", "small",
            "smaller", "small", "large", "large", "big", "large", "huge", "large", "larger", "large", "bigger", "large");

    private static final Map<String, List<String>> SHAPE_SYNONYMS = Map.of(
            "circle", List.of("disc", "discs", "disk", "disks", "dot", "dots"),
            "diamond", List.of("rhombus", "rhombuses", "rhombi", "lozenge", "lozenges"),
            "ring", List.of("donut", "donuts", "doughnut", "doughnuts", "hoop", "hoops", "annulus", "annuli"));

    /** Spatial relations, longest phrase first; every phrase is followed by the related object. */
    static final List<Relation> RELATIONS = List.of(
            new Relation("left_of", List.of("to", "the", "left", "side", "of")),
            new Relation("left_of", List.of("on", "the", "left", "side", "of")),
            new Relation("right_of", List.of("to", "the", "right", "side", "of")),
            new Relation("right_of", List.of("on", "the", "right", "side", "of")),
            new Relation("left_of", List.of("to", "the", "left", "of")),
            new Relation("left_of", List.of("on", "the", "left", "of")),
            new Relation("left_of", List.of("at", "the", "left", "of")),
            new Relation("right_of", List.of("to", "the", "right", "of")),
            new Relation("right_of", List.of("on", "the", "right", "of")),
            new Relation("right_of", List.of("at", "the", "right", "of")),
            new Relation("above", List.of("on", "top", "of")),
            new Relation("above", List.of("higher", "than")),
            new Relation("below", List.of("lower", "than")),
            new Relation("left_of", List.of("left", "of")),
            new Relation("right_of", List.of("right", "of")),
            new Relation("above", List.of("above")),
            new Relation("above", List.of("over")),
            new Relation("above", List.of("atop")),
            new Relation("below", List.of("below")),
            new Relation("below", List.of("under")),
            new Relation("below", List.of("underneath")),
            new Relation("below", List.of("beneath")));

    /** Single direction words of a short answer to "Is A left or right of B?" ("Left.", "It is above."). */
    private static final Map<String, String> DIRECTIONS = Map.ofEntries(Map.entry("left", "left_of"),
            Map.entry("right", "right_of"), Map.entry("above", "above"), Map.entry("over", "above"),
            Map.entry("higher", "above"), Map.entry("top", "above"), Map.entry("up", "above"),
            Map.entry("below", "below"), Map.entry("under", "below"), Map.entry("beneath", "below"),
            Map.entry("underneath", "below"), Map.entry("lower", "below"), Map.entry("bottom", "below"),
            Map.entry("down", "below"));

    /** A relation phrase and its predicate ({@code left_of}, {@code right_of}, {@code above}, {@code below}). */
    record Relation(String predicate, List<String> words) {}

    private final Map<String, String> nouns = new HashMap<>();

    /** The world's classes and their synonyms, plus {@code extraClasses} (e.g. a scene annotation's labels). */
    Lexicon(Iterable<String> extraClasses) {
        for (Shape shape : Shape.values()) {
            nouns.put(shape.label(), shape.label());
            nouns.put(shape.plural(), shape.label());
            SHAPE_SYNONYMS.getOrDefault(shape.label(), List.of()).forEach(s -> nouns.put(s, shape.label()));
        }
        for (String label : extraClasses) {
            String l = label.toLowerCase(Locale.ROOT);
            if (!l.contains(" ")) {
                nouns.putIfAbsent(l, l);
                nouns.putIfAbsent(l.endsWith("s") || l.endsWith("x") || l.endsWith("ch") ? l + "es" : l + "s", l);
            }
        }
    }

    /** The class a noun names ({@code rings} → {@code ring}). */
    Optional<String> objectClass(String word) {
        return Optional.ofNullable(nouns.get(word));
    }

    /** Whether a word is plural among the object nouns (or generic nouns). */
    static boolean plural(String word, String label) {
        return !word.equals(label) && word.endsWith("s") || word.equals("annuli") || word.equals("rhombi");
    }

    /** The colour a word names: a world colour label, or another colour word as itself. */
    static Optional<String> colour(String word) {
        for (Colour c : Colour.values()) {
            if (c.label().equals(word)) {
                return Optional.of(word);
            }
        }
        if (COLOUR_SYNONYMS.containsKey(word)) {
            return Optional.of(COLOUR_SYNONYMS.get(word));
        }
        return OTHER_COLOURS.contains(word) ? Optional.of(word) : Optional.empty();
    }

    static Optional<String> size(String word) {
        return Optional.ofNullable(SIZES.get(word));
    }

    /** A number word or digits as an int. */
    static Optional<Integer> number(String word) {
        if (word.chars().allMatch(Character::isDigit) && word.length() <= 4) {
            return Optional.of(Integer.parseInt(word));
        }
        return Optional.ofNullable(NUMBERS.get(word)).map(Integer::parseInt);
    }

    static Optional<String> direction(String word) {
        return Optional.ofNullable(DIRECTIONS.get(word));
    }
}
