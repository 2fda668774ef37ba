package dev.groundwork.storage.dataset;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one rule for dataset names, checked at import and rename (command line, workbench and API alike): 1 to
 * {@value #MAX_LENGTH} characters, letters, digits, {@code .}, {@code _} and {@code -}, starting with a letter or a
 * digit. Such a name is safe in a file name, a URL path segment and a Kafka message key.
 */
public final class DatasetName {

    public static final int MAX_LENGTH = 100;
    /** The rule in words, for messages and help texts. */
    public static final String RULE = "1 to " + MAX_LENGTH + " characters: letters a-z and A-Z, digits, '.', '_' and"
            + " '-', starting with a letter or a digit";

    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private DatasetName() {}

    /** Why {@code name} is not a valid dataset name, or empty when it is. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("a dataset name is needed: " + RULE);
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("dataset name is " + name.length() + " characters long: use " + RULE);
        }
        if (!ALLOWED.matcher(name).matches()) {
            return Optional.of("dataset name '" + shown(name) + "' is not allowed: use " + RULE);
        }
        return Optional.empty();
    }

    /**
     * Returns {@code name} when valid.
     *
     * @throws InvalidDatasetNameException with the reason, for a person
     */
    public static String require(String name) {
        problem(name).ifPresent(reason -> {
            throw new InvalidDatasetNameException(reason);
        });
        return name;
    }

    /** The name as a message may quote it: control characters escaped, cut at twice the allowed length. */
    private static String shown(String name) {
        StringBuilder s = new StringBuilder();
        name.codePoints().limit(2L * MAX_LENGTH).forEach(c -> {
            if (Character.isISOControl(c)) {
                s.append(String.format("\\u%04x", c));
            } else {
                s.appendCodePoint(c);
            }
        });
        return name.codePointCount(0, name.length()) > 2 * MAX_LENGTH ? s + "…" : s.toString();
    }

    /** A dataset name that breaks the rule; the message says why. */
    public static final class InvalidDatasetNameException extends IllegalArgumentException {
        public InvalidDatasetNameException(String reason) {
            super(reason);
        }
    }
}
