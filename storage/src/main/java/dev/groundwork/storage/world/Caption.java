package dev.groundwork.storage.world;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The content of a caption: the objects mentioned, relation statements between mentions and
 * count statements. The faithful caption mentions every object (mention {@code i} is object
 * {@code i}); perturbations edit one part and render the text again.
 */
record Caption(List<Mention> mentions, List<Statement> statements, List<CountClaim> counts) {

    record Mention(Size size, Colour colour, Shape shape) {}

    /** {@code subject predicate object} between mention indices. */
    record Statement(int subject, String predicate, int object) {}

    record CountClaim(Shape shape, int count) {}

    Caption {
        mentions = List.copyOf(mentions);
        statements = List.copyOf(statements);
        counts = List.copyOf(counts);
    }

    /**
     * Every object; one or two true relations between objects with a unique (colour, class)
     * descriptor; the count of every class that occurs more than once.
     */
    static Caption faithful(Scene scene, SplittableRandom rng) {
        List<Mention> mentions = scene.objects().stream()
                .map(o -> new Mention(o.size(), o.colour(), o.shape()))
                .toList();
        List<int[]> pairs = new ArrayList<>();
        List<WorldObject> unique = scene.uniquelyDescribed();
        for (int i = 0; i < unique.size(); i++) {
            for (int j = i + 1; j < unique.size(); j++) {
                pairs.add(new int[] {unique.get(i).id(), unique.get(j).id()});
            }
        }
        int wanted = pairs.size() >= 2 && rng.nextBoolean() ? 2 : Math.min(1, pairs.size());
        List<Statement> statements = new ArrayList<>();
        for (int s = 0; s < wanted; s++) {
            int[] pair = pairs.remove(rng.nextInt(pairs.size()));
            boolean swap = rng.nextBoolean();
            int subject = swap ? pair[1] : pair[0];
            int object = swap ? pair[0] : pair[1];
            List<String> predicates = scene.predicates(subject, object);
            if (!predicates.isEmpty()) {
                statements.add(new Statement(subject, predicates.get(rng.nextInt(predicates.size())), object));
            }
        }
        List<CountClaim> counts = new ArrayList<>();
        for (Shape shape : Shape.values()) {
            int count = scene.count(shape);
            if (count > 1) {
                counts.add(new CountClaim(shape, count));
            }
        }
        return new Caption(mentions, statements, counts);
    }

    Caption withMention(Mention extra) {
        List<Mention> more = new ArrayList<>(mentions);
        more.add(extra);
        return new Caption(more, statements, counts);
    }

    Caption withColour(int mention, Colour colour) {
        List<Mention> changed = new ArrayList<>(mentions);
        Mention m = changed.get(mention);
        changed.set(mention, new Mention(m.size(), colour, m.shape()));
        return new Caption(changed, statements, counts);
    }

    Caption withPredicate(int statement, String predicate) {
        List<Statement> changed = new ArrayList<>(statements);
        Statement s = changed.get(statement);
        changed.set(statement, new Statement(s.subject(), predicate, s.object()));
        return new Caption(mentions, changed, counts);
    }

    Caption withCount(int claim, int count) {
        List<CountClaim> changed = new ArrayList<>(counts);
        changed.set(claim, new CountClaim(changed.get(claim).shape(), count));
        return new Caption(mentions, statements, changed);
    }

    /**
     * e.g. {@code There are 4 objects: a large red circle, 2 small green crosses and a small blue
     * star. The red circle is above the blue star. There are 2 crosses.} Identical mentions are
     * grouped with their number.
     */
    String text() {
        int n = mentions.size();
        StringBuilder text = new StringBuilder(n == 1 ? "There is 1 object: " : "There are " + n + " objects: ");
        Map<Mention, Integer> groups = new LinkedHashMap<>();
        mentions.forEach(m -> groups.merge(m, 1, Integer::sum));
        List<String> parts = new ArrayList<>(groups.size());
        groups.forEach((m, count) -> parts.add(count == 1
                ? Phrases.indefinite(m.size(), m.colour(), m.shape())
                : Phrases.numbered(count, m.size(), m.colour(), m.shape())));
        text.append(Phrases.join(parts));
        text.append('.');
        for (Statement s : statements) {
            Mention a = mentions.get(s.subject());
            Mention b = mentions.get(s.object());
            text.append(' ').append(Phrases.relation(a.colour(), a.shape(), s.predicate(), b.colour(), b.shape()));
        }
        for (CountClaim c : counts) {
            text.append(' ').append(Phrases.count(c.shape(), c.count()));
        }
        return text.toString();
    }
}
