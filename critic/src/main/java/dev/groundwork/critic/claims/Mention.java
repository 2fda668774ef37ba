package dev.groundwork.critic.claims;

import java.util.Objects;

/**
 * A noun phrase about objects: "a large red circle", "2 crosses", "the blue star", "4 objects".
 *
 * @param objectClass the class, or null for a generic noun ("objects", "shapes")
 * @param colour a colour word, or null
 * @param size {@code small} or {@code large}, or null
 * @param number the stated number ("2 crosses", "three rings"), or null for "a", "the", bare plurals
 * @param start start of the phrase in the answer's text
 * @param end end of the phrase (exclusive)
 */
record Mention(String objectClass, String colour, String size, Integer number, int start, int end) {

    /** Whether this names any object ("objects", "shapes") rather than a class. */
    boolean generic() {
        return objectClass == null;
    }

    /** Whether the phrase says more than the class (a colour or a size). */
    boolean hasAttributes() {
        return colour != null || size != null;
    }

    /** The same phrase with a colour or size added ("the ring" + "red"). */
    Mention with(String newColour, String newSize, int newEnd) {
        return new Mention(objectClass, newColour != null ? newColour : colour, newSize != null ? newSize : size,
                number, start, Math.max(end, newEnd));
    }

    /** Whether two mentions describe the same objects (span and number aside). */
    boolean sameDescription(Mention other) {
        return Objects.equals(objectClass, other.objectClass) && Objects.equals(colour, other.colour)
                && Objects.equals(size, other.size);
    }

    /** e.g. {@code large red circles}: {@link #words()} in the plural. */
    String pluralWords() {
        String w = words();
        return w.endsWith("s") || w.endsWith("x") ? w + "es" : w + "s";
    }

    /** e.g. {@code large red circle}. */
    String words() {
        StringBuilder b = new StringBuilder();
        if (size != null) {
            b.append(size).append(' ');
        }
        if (colour != null) {
            b.append(colour).append(' ');
        }
        return b.append(objectClass == null ? "object" : objectClass).toString();
    }
}
