package dev.groundwork.storage.world;

/**
 * A co-occurrence bias: in scenes that contain {@code given}, {@code partner} is present with
 * exactly {@code probability} (and absent otherwise), so {@code P(partner | given) = probability}.
 *
 * @param given the class that triggers the rule, e.g. {@code circle}
 * @param partner the class whose presence the rule decides, e.g. {@code star}
 * @param probability in {@code [0, 1]}
 */
public record CoOccurrence(String given, String partner, double probability) {

    public CoOccurrence {
        given = Shape.fromLabel(given).label();
        partner = Shape.fromLabel(partner).label();
        if (given.equals(partner)) {
            throw new IllegalArgumentException(
                    "co-occurrence rule " + given + "->" + partner + " names the same class twice");
        }
        if (!(probability >= 0.0 && probability <= 1.0)) {
            throw new IllegalArgumentException("co-occurrence probability of " + given + "->" + partner
                    + " must be between 0 and 1, got " + probability);
        }
    }

    /**
     * Parses the CLI form {@code given:partner:probability}, e.g. {@code circle:star:0.8}.
     *
     * @throws IllegalArgumentException when the text is not of that form
     */
    public static CoOccurrence parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException(
                    "co-occurrence rule is empty; expected given:partner:probability, e.g. circle:star:0.8");
        }
        String[] parts = spec.trim().split(":", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("co-occurrence rule '" + spec
                    + "' must have the form given:partner:probability, e.g. circle:star:0.8");
        }
        double probability;
        try {
            probability = Double.parseDouble(parts[2].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("co-occurrence rule '" + spec + "': probability '"
                    + parts[2].trim() + "' is not a number", e);
        }
        return new CoOccurrence(parts[0], parts[1], probability);
    }

    /** The CLI form, e.g. {@code circle:star:0.8}. */
    public String spec() {
        return given + ":" + partner + ":" + probability;
    }

    Shape givenShape() {
        return Shape.fromLabel(given);
    }

    Shape partnerShape() {
        return Shape.fromLabel(partner);
    }
}
