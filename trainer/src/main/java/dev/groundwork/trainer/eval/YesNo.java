package dev.groundwork.trainer.eval;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How a yes/no answer is read (POPE).
 *
 * <ul>
 *   <li>{@link #STRICT} (the default): the answer is yes or no only when its first word is "yes" or "no", case and
 *       punctuation aside ("Yes.", "no," …). Anything else is <em>unparseable</em>: reported with its count and ids,
 *       counted wrong in accuracy, and left out of precision, recall and F1.
 *   <li>{@link #POPE_COMPAT}: exactly the rule of POPE's own evaluation script (Li et al. 2023, {@code evaluate.py}):
 *       keep the text before the first '.', remove commas, split on spaces; the answer is "no" when one of the words
 *       is {@code No}, {@code no} or {@code not}, and "yes" otherwise. Every answer parses.
 * </ul>
 */
public enum YesNo {
    STRICT,
    POPE_COMPAT;

    /** true for yes, false for no, empty when the answer cannot be read (strict mode only). */
    public Optional<Boolean> read(String answer) {
        return this == STRICT ? strict(answer) : Optional.of(popeCompat(answer));
    }

    static Optional<Boolean> strict(String answer) {
        String trimmed = answer.strip();
        int end = 0;
        while (end < trimmed.length() && Character.isLetter(trimmed.charAt(end))) {
            end++;
        }
        String first = trimmed.substring(0, end).toLowerCase(Locale.ROOT);
        return switch (first) {
            case "yes" -> Optional.of(true);
            case "no" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    static boolean popeCompat(String answer) {
        String text = answer;
        int dot = text.indexOf('.');
        if (dot != -1) {
            text = text.substring(0, dot);
        }
        text = text.replace(",", "");
        List<String> words = List.of(text.split(" ", -1));
        return !(words.contains("No") || words.contains("not") || words.contains("no"));
    }
}
