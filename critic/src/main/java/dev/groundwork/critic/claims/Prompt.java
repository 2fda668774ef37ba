package dev.groundwork.critic.claims;

import dev.groundwork.critic.claims.Words.Token;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What a prompt asks, as far as a short answer depends on it.
 *
 * @param kind the question's kind
 * @param subject the object a short answer is about ("What colour is <the ring>?"), or null
 * @param object the second object of a relation question ("Is A left or right of <B>?"), or null
 * @param mainClaim for a yes/no question, the claim that "yes" affirms and "no" denies
 */
record Prompt(Kind kind, Mention subject, Mention object, Optional<Claim> mainClaim) {

    enum Kind { ATTRIBUTE, COUNT, RELATION, YES_NO, OPEN }

    private static final List<String> AUXILIARIES = List.of("is", "are", "was", "were", "does", "do", "did", "can",
            "could", "will", "would", "has", "have");

    static Prompt read(ClaimExtractor extractor, String prompt) {
        List<Token> tokens = Words.of(prompt);
        List<Mention> mentions = extractor.mentions(prompt);
        Mention first = mentions.isEmpty() ? null : mentions.get(0);
        String lower = prompt.toLowerCase(java.util.Locale.ROOT);
        if (lower.matches("(?s)\\s*(what|which)\\s+(colou?r|size).*")) {
            return new Prompt(Kind.ATTRIBUTE, first, null, Optional.empty());
        }
        if (lower.matches("(?s)\\s*how\\s+many.*")) {
            return new Prompt(Kind.COUNT, first, null, Optional.empty());
        }
        if (mentions.size() >= 2 && lower.matches("(?s).*\\b(left or right|right or left|above or below|below or above)\\b.*")) {
            return new Prompt(Kind.RELATION, mentions.get(0), mentions.get(1), Optional.empty());
        }
        if (!tokens.isEmpty() && AUXILIARIES.contains(tokens.get(0).text())) {
            return new Prompt(Kind.YES_NO, first, null, mainClaim(extractor, prompt, tokens));
        }
        return new Prompt(Kind.OPEN, null, null, Optional.empty());
    }

    /**
     * The question as a statement, then its strongest claim: "Is there a ring?" → "there is a ring"; "Is the ring
     * red?" → "the ring is red"; "Is the ring left of the star?" → the relation.
     */
    private static Optional<Claim> mainClaim(ClaimExtractor extractor, String prompt, List<Token> tokens) {
        Token aux = tokens.get(0);
        String rest = prompt.substring(aux.end()).replaceAll("\\?\\s*$", "");
        String statement;
        if (tokens.size() > 1 && tokens.get(1).is("there")) {
            statement = "there " + aux.text() + " " + prompt.substring(tokens.get(1).end()).replaceAll("\\?\\s*$", "");
        } else {
            List<Mention> mentions = extractor.mentions(rest);
            statement = mentions.isEmpty() ? rest
                    : rest.substring(0, mentions.get(0).end()) + " " + aux.text() + rest.substring(mentions.get(0).end());
        }
        return extractor.statement(statement).stream().max(Comparator.comparingInt(Prompt::weight));
    }

    /** Relations over counts over described objects over bare objects. */
    private static int weight(Claim claim) {
        if (claim instanceof Claim.Related) {
            return 3;
        }
        if (claim instanceof Claim.Count) {
            return 2;
        }
        if (claim instanceof Claim.Exists e) {
            return e.what().hasAttributes() ? 1 : 0;
        }
        return 0;
    }
}
