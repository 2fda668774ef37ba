package dev.groundwork.critic.claims;

import dev.groundwork.critic.claims.Words.Token;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Splits an answer into atomic {@link Claim}s about objects, attributes (colour, size), counts and spatial relations,
 * reading the prompt for what a short answer refers to ("Red." to "What colour is the ring?", "Yes." to "Is there a
 * ring?"). It reads English phrasing in general, not the world's templates: noun phrases with any determiner, number
 * words, colour and size adjectives in any order, synonyms of the classes, negation ("I don't see any rings"),
 * copulas ("the ring is red"), relation phrases ("sits directly above", "on the left side of") and inverted
 * relations ("To the left of the star is a ring").
 */
final class ClaimExtractor {

    private final Lexicon lexicon;

    ClaimExtractor(Lexicon lexicon) {
        this.lexicon = lexicon;
    }

    /** The claims of {@code answer}, each once, in the order they occur. */
    List<Claim> claims(String prompt, String answer) {
        Prompt context = Prompt.read(this, prompt);
        List<Token> tokens = Words.of(answer);
        List<Claim> claims = new ArrayList<>();
        boolean[] used = new boolean[tokens.size()];
        for (List<Token> clause : Words.clauses(tokens)) {
            claims.addAll(clause(clause, tokens, used));
        }
        Optional<Boolean> polarity = polarity(tokens);
        if (polarity.isPresent() && context.mainClaim().isPresent()) {
            Token word = tokens.get(0);
            Claim main = at(context.mainClaim().get(), word.start(), word.end());
            claims.add(polarity.get() ? main : main.negated());
        }
        claims.addAll(shortAnswer(context, tokens, used, claims));
        return distinct(claims);
    }

    /** The claims of one statement (used for the prompt of a yes/no question too). */
    List<Claim> statement(String text) {
        List<Token> tokens = Words.of(text);
        boolean[] used = new boolean[tokens.size()];
        List<Claim> claims = new ArrayList<>();
        for (List<Token> clause : Words.clauses(tokens)) {
            claims.addAll(clause(clause, tokens, used));
        }
        return distinct(claims);
    }

    /** Noun phrases of a text, in order (the subjects a prompt names). */
    List<Mention> mentions(String text) {
        List<Token> tokens = Words.of(text);
        List<Mention> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Optional<Parsed> m = mention(tokens, i, tokens.size());
            if (m.isPresent()) {
                out.add(m.get().mention());
                i = m.get().next() - 1;
            }
        }
        return out;
    }

    private record Parsed(Mention mention, int next) {}

    private List<Claim> clause(List<Token> clause, List<Token> all, boolean[] used) {
        List<Claim> claims = new ArrayList<>();
        int offset = all.indexOf(clause.get(0));
        int n = clause.size();
        boolean negated = false;
        boolean negatedSinceMention = false;
        Mention last = null;
        int lastClaim = -1;
        String invertedPredicate = null;
        Mention invertedObject = null;
        boolean invertedHolds = true;
        for (int i = 0; i < n; ) {
            Token t = clause.get(i);
            if (Lexicon.CONTRAST.contains(t.text())) {
                negated = false;
                negatedSinceMention = false;
                i++;
                continue;
            }
            if (last != null && (Lexicon.COPULAS.contains(t.text()) || t.is("isn't") || t.is("aren't"))) {
                Optional<int[]> attribute = copulaAttribute(clause, i);
                if (attribute.isPresent()) {
                    int end = attribute.get()[0];
                    boolean not = attribute.get()[1] == 1;
                    Mention described = describe(last, clause, i, end);
                    Claim claim;
                    if (claims.get(lastClaim) instanceof Claim.Count c) {
                        claim = new Claim.Count(described, c.number(), c.exactly() != not, described.start(), described.end());
                    } else if (not || negated) {
                        claim = new Claim.Absent(described, described.start(), described.end());
                    } else {
                        claim = new Claim.Exists(described, described.start(), described.end());
                    }
                    claims.set(lastClaim, claim);
                    mark(used, offset + i, offset + end);
                    i = end;
                    continue;
                }
            }
            if (Lexicon.NEGATIONS.contains(t.text())) {
                negated = true;
                negatedSinceMention = true;
                i++;
                continue;
            }
            Optional<Lexicon.Relation> relation = relationAt(clause, i);
            if (relation.isPresent()) {
                int after = i + relation.get().words().size();
                Optional<Parsed> object = mention(clause, after, n);
                if (object.isPresent()) {
                    Mention o = object.get().mention();
                    mark(used, offset + i, offset + object.get().next());
                    if (last != null) {
                        claims.add(new Claim.Related(last, relation.get().predicate(), o, !negatedSinceMention,
                                last.start(), o.end()));
                    } else {
                        invertedPredicate = relation.get().predicate();
                        invertedObject = o;
                        invertedHolds = !negated;
                    }
                    claims.add(new Claim.Exists(o, o.start(), o.end()));
                    negated = false;
                    negatedSinceMention = false;
                    i = object.get().next();
                    continue;
                }
            }
            Optional<Parsed> parsed = mention(clause, i, n);
            if (parsed.isPresent()) {
                Mention m = parsed.get().mention();
                mark(used, offset + i, offset + parsed.get().next());
                Claim claim = mentionClaim(m, negated);
                if (claim != null) {
                    claims.add(claim);
                    lastClaim = claims.size() - 1;
                    last = m.generic() ? null : m;
                }
                if (invertedObject != null && !m.generic()) {
                    claims.add(new Claim.Related(m, invertedPredicate, invertedObject, invertedHolds,
                            invertedObject.start(), m.end()));
                    invertedObject = null;
                }
                negatedSinceMention = false;
                i = parsed.get().next();
                continue;
            }
            i++;
        }
        return claims;
    }

    private static Claim mentionClaim(Mention m, boolean negated) {
        if (m.generic()) {
            return m.number() != null && !negated ? new Claim.Count(m, m.number(), true, m.start(), m.end()) : null;
        }
        if (m.number() != null) {
            return new Claim.Count(m, m.number(), !negated, m.start(), m.end());
        }
        return negated ? new Claim.Absent(m, m.start(), m.end()) : new Claim.Exists(m, m.start(), m.end());
    }

    /**
     * A copula complement of colours and sizes at {@code i} ("is red", "are both large and green", "isn't blue"):
     * {end, 1 if negated}, or empty when the copula is followed by anything else (a relation, a noun).
     */
    private static Optional<int[]> copulaAttribute(List<Token> clause, int i) {
        boolean not = clause.get(i).is("isn't") || clause.get(i).is("aren't");
        int j = i + 1;
        boolean any = false;
        while (j < clause.size()) {
            String w = clause.get(j).text();
            if (w.equals("not")) {
                not = true;
            } else if (Lexicon.colour(w).isPresent() || Lexicon.size(w).isPresent()) {
                any = true;
            } else if (!(w.equals("both") || w.equals("all") || w.equals("also") || w.equals("and") || w.equals("in")
                    || w.equals("colour") || w.equals("color") || w.equals("coloured") || w.equals("colored")
                    || w.equals("entirely") || w.equals("mostly") || w.equals("quite") || w.equals("very")
                    || w.equals("to") || w.equals("be") || w.equals("in") || w.equals("size"))) {
                break;
            }
            j++;
        }
        return any && (j == clause.size() || !Lexicon.GENERIC.contains(clause.get(j).text()))
                ? Optional.of(new int[] {j, not ? 1 : 0}) : Optional.empty();
    }

    private static Mention describe(Mention subject, List<Token> clause, int from, int to) {
        String colour = null;
        String size = null;
        for (int k = from; k < to; k++) {
            String w = clause.get(k).text();
            colour = Lexicon.colour(w).orElse(colour);
            size = Lexicon.size(w).orElse(size);
        }
        return subject.with(colour, size, clause.get(to - 1).end());
    }

    /** A noun phrase starting at {@code i}: [determiner | "a pair of"] [number] adjectives* noun. */
    private Optional<Parsed> mention(List<Token> tokens, int i, int n) {
        int j = i;
        Integer number = null;
        if (j < n && Lexicon.DETERMINERS.contains(tokens.get(j).text())) {
            if (j + 2 < n && (tokens.get(j).is("a")) && (tokens.get(j + 1).is("pair") || tokens.get(j + 1).is("couple"))
                    && tokens.get(j + 2).is("of")) {
                number = 2;
                j += 3;
            } else {
                j++;
            }
        }
        if (j < n && number == null) {
            Optional<Integer> k = Lexicon.number(tokens.get(j).text());
            if (k.isPresent()) {
                number = k.get();
                j++;
            }
        }
        String colour = null;
        String size = null;
        while (j < n) {
            String w = tokens.get(j).text();
            Optional<String> c = Lexicon.colour(w);
            Optional<String> s = Lexicon.size(w);
            if (c.isPresent()) {
                colour = c.get();
            } else if (s.isPresent()) {
                size = s.get();
            } else if (!Lexicon.ADJECTIVE_FILLERS.contains(w)) {
                break;
            }
            j++;
        }
        if (j >= n) {
            return Optional.empty();
        }
        String noun = tokens.get(j).text();
        Optional<String> objectClass = lexicon.objectClass(noun);
        if (objectClass.isEmpty() && !Lexicon.GENERIC.contains(noun)) {
            return Optional.empty();
        }
        Mention m = new Mention(objectClass.orElse(null), colour, size, number, tokens.get(i).start(),
                tokens.get(j).end());
        return Optional.of(new Parsed(m, j + 1));
    }

    private static Optional<Lexicon.Relation> relationAt(List<Token> clause, int i) {
        for (Lexicon.Relation r : Lexicon.RELATIONS) {
            List<String> words = r.words();
            if (i + words.size() > clause.size()) {
                continue;
            }
            boolean match = true;
            for (int k = 0; k < words.size() && match; k++) {
                match = clause.get(i + k).is(words.get(k));
            }
            if (match) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** yes or no when the answer's first word is one (yes, yeah, yep, no, nope). */
    static Optional<Boolean> polarity(List<Token> tokens) {
        if (tokens.isEmpty()) {
            return Optional.empty();
        }
        return switch (tokens.get(0).text()) {
            case "yes", "yeah", "yep" -> Optional.of(true);
            case "no", "nope" -> Optional.of(false);
            default -> Optional.empty();
        };
    }

    /** Claims of a short answer about the prompt's subject: "Red.", "There are three.", "It is to the left." */
    private static List<Claim> shortAnswer(Prompt context, List<Token> tokens, boolean[] used, List<Claim> found) {
        List<Claim> out = new ArrayList<>();
        if (context.subject() == null) {
            return out;
        }
        Mention subject = context.subject();
        boolean negated = false;
        for (int i = 0; i < tokens.size(); i++) {
            if (used[i]) {
                continue;
            }
            Token t = tokens.get(i);
            if (Lexicon.NEGATIONS.contains(t.text()) && i > 0) {
                negated = true;
            }
            switch (context.kind()) {
                case ATTRIBUTE -> {
                    Optional<String> colour = Lexicon.colour(t.text());
                    Optional<String> size = Lexicon.size(t.text());
                    if (colour.isPresent() || size.isPresent()) {
                        Mention m = subject.with(colour.orElse(null), size.orElse(null), t.end());
                        out.add(negated ? new Claim.Absent(m, t.start(), t.end()) : new Claim.Exists(m, t.start(), t.end()));
                    }
                }
                case COUNT -> {
                    Optional<Integer> number = Lexicon.number(t.text());
                    if (t.is("none") || t.is("zero")) {
                        number = Optional.of(0);
                    }
                    if (number.isPresent() && found.stream().noneMatch(c -> c instanceof Claim.Count)) {
                        out.add(new Claim.Count(subject, number.get(), true, t.start(), t.end()));
                        return out;
                    }
                }
                case RELATION -> {
                    Optional<String> predicate = Lexicon.direction(t.text());
                    if (predicate.isPresent() && found.stream().noneMatch(c -> c instanceof Claim.Related)) {
                        out.add(new Claim.Related(context.subject(), predicate.get(), context.object(), !negated,
                                t.start(), t.end()));
                        return out;
                    }
                }
                default -> {
                    return out;
                }
            }
        }
        return out;
    }

    private static Claim at(Claim claim, int start, int end) {
        if (claim instanceof Claim.Exists e) {
            return new Claim.Exists(e.what(), start, end);
        }
        if (claim instanceof Claim.Absent a) {
            return new Claim.Absent(a.what(), start, end);
        }
        if (claim instanceof Claim.Count c) {
            return new Claim.Count(c.what(), c.number(), c.exactly(), start, end);
        }
        Claim.Related r = (Claim.Related) claim;
        return new Claim.Related(r.subject(), r.predicate(), r.object(), r.holds(), start, end);
    }

    private static void mark(boolean[] used, int from, int to) {
        for (int k = from; k < to && k < used.length; k++) {
            used[k] = true;
        }
    }

    private static List<Claim> distinct(List<Claim> claims) {
        Map<String, Claim> unique = new LinkedHashMap<>();
        for (Claim c : claims) {
            unique.putIfAbsent(c.getClass().getSimpleName() + ":" + c.describe(), c);
        }
        return List.copyOf(unique.values());
    }
}
