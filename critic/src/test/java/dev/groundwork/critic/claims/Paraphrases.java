package dev.groundwork.critic.claims;

import dev.groundwork.storage.dataset.TaskType;
import dev.groundwork.storage.world.Colour;
import dev.groundwork.storage.world.Scene;
import dev.groundwork.storage.world.Shape;
import dev.groundwork.storage.world.WorldObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Faithful and hallucinated answers about a world scene in wordings the world's templates never use: synonyms
 * ("disc", "hoop", "rhombus"), number words, "big"/"little", other sentence shapes ("I can see …", "… sits directly
 * above …", "To the left of … is …", "I don't see any …", "Nope."), and short answers. Each pair's hallucination is of
 * one kind, named in its category.
 */
final class Paraphrases {

    private static final String[] NUMBER_WORDS = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight"};
    private static final Map<Shape, String> SYNONYM = Map.of(Shape.CIRCLE, "disc", Shape.RING, "hoop",
            Shape.DIAMOND, "rhombus");

    private Paraphrases() {
    }

    static List<ClaimAgreementTest.Labelled> of(Scene scene, SplittableRandom rng) {
        List<ClaimAgreementTest.Labelled> out = new ArrayList<>();
        var truth = scene.groundTruth();
        String caption = caption(scene, scene.objects(), rng);
        String describe = rng.nextBoolean() ? "What do you see in this picture?" : "Please describe the image in detail.";

        // object: an extra object of an absent class
        Shape absent = scene.absentShapes().get(rng.nextInt(scene.absentShapes().size()));
        Colour any = Colour.values()[rng.nextInt(Colour.values().length)];
        out.add(new ClaimAgreementTest.Labelled("paraphrase-caption-object", describe, TaskType.CAPTION, caption,
                caption + " There also seems to be " + article(any.label()) + " " + any.label() + " " + noun(absent, rng)
                        + " near the edge.", truth));

        // attribute: one object in a colour no object of its class has
        for (WorldObject o : scene.objects()) {
            List<Colour> free = new ArrayList<>();
            for (Colour c : Colour.values()) {
                if (scene.objects().stream().noneMatch(p -> p.shape() == o.shape() && p.colour() == c)) {
                    free.add(c);
                }
            }
            if (!free.isEmpty()) {
                List<WorldObject> changed = new ArrayList<>(scene.objects());
                Colour c = free.get(rng.nextInt(free.size()));
                changed.set(o.id(), new WorldObject(o.id(), o.shape(), c, o.size(), o.x(), o.y(), o.width(), o.height()));
                out.add(new ClaimAgreementTest.Labelled("paraphrase-caption-attribute", describe, TaskType.CAPTION,
                        caption, caption(scene, changed, new SplittableRandom(rng.nextLong())), truth));
                break;
            }
        }

        // count: a class's count off by one, in words
        Shape counted = List.copyOf(scene.presentShapes()).get(rng.nextInt(scene.presentShapes().size()));
        int n = scene.count(counted);
        int wrong = n > 1 && rng.nextBoolean() ? n - 1 : n + 1;
        out.add(new ClaimAgreementTest.Labelled("paraphrase-count", "How many " + counted.plural() + " can you count?",
                TaskType.OPEN_QUESTION, countAnswer(counted, n, rng), countAnswer(counted, wrong, rng), truth));

        // relation: a true statement and its inverse, in another wording
        List<WorldObject> unique = scene.uniquelyDescribed();
        if (unique.size() >= 2) {
            WorldObject a = unique.get(0);
            WorldObject b = unique.get(1);
            List<String> predicates = scene.predicates(a.id(), b.id());
            if (!predicates.isEmpty()) {
                String p = predicates.get(rng.nextInt(predicates.size()));
                out.add(new ClaimAgreementTest.Labelled("paraphrase-relation", describe, TaskType.CAPTION,
                        relation(a, p, b, rng), relation(a, inverse(p), b, rng), truth));
                String question = "Is the " + a.descriptor() + (p.endsWith("_of") ? " left or right of the " : " above or below the ")
                        + b.descriptor() + "?";
                out.add(new ClaimAgreementTest.Labelled("paraphrase-relation-short", question, TaskType.OPEN_QUESTION,
                        shortRelation(p, rng), shortRelation(inverse(p), rng), truth));
            }
        }

        // attribute question, short answers
        List<WorldObject> single = scene.uniqueClassObjects();
        if (!single.isEmpty()) {
            WorldObject o = single.get(rng.nextInt(single.size()));
            Colour other = Colour.values()[(o.colour().ordinal() + 1 + rng.nextInt(Colour.values().length - 1))
                    % Colour.values().length];
            String question = "Which colour does the " + o.shape().label() + " have?";
            out.add(new ClaimAgreementTest.Labelled("paraphrase-attribute-short", "What colour is the " + o.shape().label()
                    + " in this image?", TaskType.OPEN_QUESTION, colourAnswer(o, o.colour(), rng),
                    colourAnswer(o, other, rng), truth));
            out.add(new ClaimAgreementTest.Labelled("paraphrase-attribute-short", question.replace("Which colour does",
                    "What colour does").replace(" have?", " have?"), TaskType.OPEN_QUESTION,
                    colourAnswer(o, o.colour(), rng), colourAnswer(o, other, rng), truth));
        }

        // POPE-style probes with free wording
        Shape present = List.copyOf(scene.presentShapes()).get(rng.nextInt(scene.presentShapes().size()));
        out.add(new ClaimAgreementTest.Labelled("paraphrase-pope", "Is there a " + present.label() + " in the image?",
                TaskType.YES_NO, yes(present, scene.count(present), rng), no(present, rng), truth));
        out.add(new ClaimAgreementTest.Labelled("paraphrase-pope", "Is there a " + absent.label() + " in the image?",
                TaskType.YES_NO, no(absent, rng), yes(absent, 1, rng), truth));
        return out;
    }

    /** e.g. "I can see four shapes. There's a big red disc, two little green crosses and a tiny blue star." */
    static String caption(Scene scene, List<WorldObject> objects, SplittableRandom rng) {
        List<String> parts = new ArrayList<>();
        List<WorldObject> order = new ArrayList<>(objects);
        Collections.shuffle(order, new java.util.Random(rng.nextLong()));
        List<WorldObject> done = new ArrayList<>();
        for (WorldObject o : order) {
            if (done.stream().anyMatch(d -> same(d, o))) {
                continue;
            }
            long k = order.stream().filter(p -> same(p, o)).count();
            done.add(o);
            String size = o.size().label().equals("large") ? (rng.nextBoolean() ? "big" : "large")
                    : (rng.nextBoolean() ? "little" : "small");
            String noun = k == 1 ? noun(o.shape(), rng) : o.shape().plural();
            parts.add((k == 1 ? article(size) : NUMBER_WORDS[(int) k]) + " " + size + " " + o.colour().label() + " " + noun);
        }
        String list = parts.size() == 1 ? parts.get(0)
                : String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
        int total = objects.size();
        return switch (rng.nextInt(3)) {
            case 0 -> "I can see " + NUMBER_WORDS[total] + (total == 1 ? " shape" : " shapes") + ": " + list + ".";
            case 1 -> "The picture shows " + list + ".";
            default -> "In this image there " + (total == 1 ? "is " : "are ") + list + " on a light background.";
        };
    }

    static String relation(WorldObject a, String predicate, WorldObject b, SplittableRandom rng) {
        String phrase = switch (predicate) {
            case "left_of" -> rng.nextBoolean() ? "on the left side of" : "to the left of";
            case "right_of" -> rng.nextBoolean() ? "on the right side of" : "to the right of";
            case "above" -> rng.nextBoolean() ? "directly above" : "higher than";
            default -> rng.nextBoolean() ? "underneath" : "lower than";
        };
        if (phrase.startsWith("directly")) {
            return "The " + a.descriptor() + " sits " + phrase + " the " + b.descriptor() + ".";
        }
        return rng.nextBoolean()
                ? "The " + a.descriptor() + " is located " + phrase + " the " + b.descriptor() + "."
                : capitalise(phrase) + " the " + b.descriptor() + " there is a " + a.descriptor() + ".";
    }

    static String shortRelation(String predicate, SplittableRandom rng) {
        String word = switch (predicate) {
            case "left_of" -> "left";
            case "right_of" -> "right";
            case "above" -> "above";
            default -> "below";
        };
        return switch (rng.nextInt(3)) {
            case 0 -> capitalise(word) + ".";
            case 1 -> word.equals("left") || word.equals("right") ? "It is on the " + word + "." : "It is " + word + " it.";
            default -> "I would say " + word + ".";
        };
    }

    static String countAnswer(Shape shape, int n, SplittableRandom rng) {
        return switch (rng.nextInt(3)) {
            case 0 -> "I count " + NUMBER_WORDS[n] + ".";
            case 1 -> capitalise(NUMBER_WORDS[n]) + " " + (n == 1 ? shape.label() : shape.plural()) + ".";
            default -> "There " + (n == 1 ? "is just " : "are ") + n + " of them.";
        };
    }

    static String colourAnswer(WorldObject o, Colour colour, SplittableRandom rng) {
        return switch (rng.nextInt(3)) {
            case 0 -> capitalise(colour.label()) + ".";
            case 1 -> "It's " + colour.label() + ".";
            default -> "The " + o.shape().label() + " appears to be " + colour.label() + ".";
        };
    }

    /** A yes that states the class's count ({@code count}) in its third wording. */
    static String yes(Shape shape, int count, SplittableRandom rng) {
        return switch (rng.nextInt(3)) {
            case 0 -> "Yes.";
            case 1 -> "Yes, I can see a " + shape.label() + ".";
            default -> count == 1 ? "Yeah, there is one " + shape.label() + " in the picture."
                    : "Yeah, there are " + NUMBER_WORDS[count] + " " + shape.plural() + " in the picture.";
        };
    }

    static String no(Shape shape, SplittableRandom rng) {
        return switch (rng.nextInt(3)) {
            case 0 -> "Nope.";
            case 1 -> "I don't see any " + shape.plural() + ".";
            default -> "No, the image has no " + shape.label() + ".";
        };
    }

    private static boolean same(WorldObject a, WorldObject b) {
        return a.shape() == b.shape() && a.colour() == b.colour() && a.size() == b.size();
    }

    private static String noun(Shape shape, SplittableRandom rng) {
        return SYNONYM.containsKey(shape) && rng.nextBoolean() ? SYNONYM.get(shape) : shape.label();
    }

    private static String article(String word) {
        return "aeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
    }

    private static String inverse(String predicate) {
        return switch (predicate) {
            case "left_of" -> "right_of";
            case "right_of" -> "left_of";
            case "above" -> "below";
            default -> "above";
        };
    }

    private static String capitalise(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
