package dev.groundwork.critic.claims;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Lower-cased words, numbers and punctuation of a text, each with its character span in the original. */
final class Words {

    /** One token; {@code [start, end)} in the original text. */
    record Token(String text, int start, int end) {

        boolean is(String word) {
            return text.equals(word);
        }

        boolean isClauseBreak() {
            return text.length() == 1 && ".;:!?,".indexOf(text.charAt(0)) >= 0;
        }
    }

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z]+(?:['’][A-Za-z]+)?|\\d+|[.,;:!?]");

    private Words() {
    }

    static List<Token> of(String text) {
        List<Token> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            tokens.add(new Token(m.group().toLowerCase(Locale.ROOT).replace('’', '\''), m.start(), m.end()));
        }
        return tokens;
    }

    /**
     * The clauses of a token list: runs between sentence punctuation and commas, also split before "and"/"but"/"while"
     * when a new subject follows ("… and there is a star"), so that a negation does not reach into the next clause.
     * Punctuation tokens are dropped.
     */
    static List<List<Token>> clauses(List<Token> tokens) {
        List<List<Token>> clauses = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            boolean conjunction = (t.is("and") || t.is("but") || t.is("while") || t.is("whereas"))
                    && i + 1 < tokens.size() && Lexicon.NEW_SUBJECT.contains(tokens.get(i + 1).text());
            if (t.isClauseBreak() || conjunction) {
                if (!current.isEmpty()) {
                    clauses.add(current);
                }
                current = new ArrayList<>();
                continue;
            }
            current.add(t);
        }
        if (!current.isEmpty()) {
            clauses.add(current);
        }
        return clauses;
    }
}
