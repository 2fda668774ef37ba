package dev.groundwork.storage.world;

import java.util.List;

/** English phrases of the world's texts. All class, colour and size words take the article "a". */
final class Phrases {

    private Phrases() {}

    /** e.g. {@code a large red circle}. */
    static String indefinite(Size size, Colour colour, Shape shape) {
        return "a " + size.label() + " " + colour.label() + " " + shape.label();
    }

    /** e.g. {@code 2 small green crosses}. */
    static String numbered(int count, Size size, Colour colour, Shape shape) {
        return count + " " + size.label() + " " + colour.label() + " " + shape.forCount(count);
    }

    /** e.g. {@code the red circle}. */
    static String definite(Colour colour, Shape shape) {
        return "the " + colour.label() + " " + shape.label();
    }

    /** e.g. {@code There is 1 circle.} or {@code There are 3 crosses.} */
    static String count(Shape shape, int count) {
        return (count == 1 ? "There is 1 " : "There are " + count + " ") + shape.forCount(count) + ".";
    }

    /** e.g. {@code The red circle is to the left of the blue square.} */
    static String relation(Colour sc, Shape ss, String predicate, Colour oc, Shape os) {
        return capitalise(definite(sc, ss)) + " is " + Relations.phrase(predicate) + " " + definite(oc, os) + ".";
    }

    /** {@code a}, {@code a and b}, {@code a, b and c}. */
    static String join(List<String> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    static String capitalise(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
