package dev.groundwork.critic.claims;

import dev.groundwork.storage.dataset.HallucinationType;
import dev.groundwork.storage.dataset.Manifest;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Checks claims against one scene annotation (its objects with class, colour, size, and its relations). */
final class SceneFacts {

    /** A false claim, with the kind of hallucination it is and why it is false. */
    record Falsehood(Claim claim, HallucinationType type, String why) {}

    private final Manifest.GroundTruth scene;

    SceneFacts(Manifest.GroundTruth scene) {
        this.scene = scene;
    }

    /**
     * Why {@code claim} is false, or empty when it is true or cannot be checked (a colour claim on a scene without
     * colours; a relation between objects the scene does not have, which their existence claims already count).
     */
    Optional<Falsehood> check(Claim claim) {
        if (claim instanceof Claim.Exists e) {
            return exists(claim, e.what());
        }
        if (claim instanceof Claim.Absent a) {
            return absent(claim, a.what());
        }
        if (claim instanceof Claim.Count c) {
            return count(c);
        }
        return related((Claim.Related) claim);
    }

    private Optional<Falsehood> exists(Claim claim, Mention what) {
        if (!checkable(what) || !matching(what).isEmpty()) {
            return Optional.empty();
        }
        if (ofClass(what).isEmpty()) {
            return Optional.of(new Falsehood(claim, HallucinationType.OBJECT, "no " + what.objectClass() + " in the scene"));
        }
        Mention bare = new Mention(what.objectClass(), null, null, null, what.start(), what.end());
        return Optional.of(new Falsehood(claim, HallucinationType.ATTRIBUTE, "the scene's " + bare.pluralWords()
                + ": " + describe(ofClass(what))));
    }

    private Optional<Falsehood> absent(Claim claim, Mention what) {
        if (!checkable(what) || matching(what).isEmpty()) {
            return Optional.empty();
        }
        HallucinationType type = what.hasAttributes() ? HallucinationType.ATTRIBUTE : HallucinationType.OTHER;
        return Optional.of(new Falsehood(claim, type, "the scene has " + describe(matching(what))));
    }

    private Optional<Falsehood> count(Claim.Count c) {
        Mention what = c.what();
        if (!checkable(what)) {
            return Optional.empty();
        }
        int actual = what.generic() ? scene.objects().size() : matching(what).size();
        if ((actual == c.number()) == c.exactly()) {
            return Optional.empty();
        }
        String why = "the scene has " + actual + " " + (actual == 1 ? what.words() : what.pluralWords());
        if (c.exactly() && c.number() > 0 && !what.generic() && ofClass(what).isEmpty()) {
            return Optional.of(new Falsehood(c, HallucinationType.OBJECT, why));
        }
        if (c.exactly() && c.number() > 0 && actual == 0 && what.hasAttributes()) {
            return Optional.of(new Falsehood(c, HallucinationType.ATTRIBUTE, why));
        }
        return Optional.of(new Falsehood(c, HallucinationType.COUNT, why));
    }

    private Optional<Falsehood> related(Claim.Related r) {
        if (!checkable(r.subject()) || !checkable(r.object())) {
            return Optional.empty();
        }
        List<Manifest.SceneObject> subjects = matching(r.subject());
        List<Manifest.SceneObject> objects = matching(r.object());
        if (subjects.isEmpty() || objects.isEmpty()) {
            return Optional.empty();
        }
        boolean holds = subjects.stream().anyMatch(s -> objects.stream().anyMatch(o -> s.id() != o.id()
                && scene.relations().contains(new Manifest.Relation(s.id(), r.predicate(), o.id()))));
        if (holds == r.holds()) {
            return Optional.empty();
        }
        return Optional.of(new Falsehood(r, HallucinationType.RELATION, r.holds()
                ? "the " + r.subject().words() + " is not " + r.predicate().replace('_', ' ') + " the " + r.object().words()
                : "the " + r.subject().words() + " is " + r.predicate().replace('_', ' ') + " the " + r.object().words()));
    }

    /** A colour or size claim can be checked only when the scene annotates colours or sizes. */
    private boolean checkable(Mention what) {
        boolean colours = scene.objects().stream().allMatch(o -> o.colour() != null);
        boolean sizes = scene.objects().stream().allMatch(o -> o.size() != null);
        return (what.colour() == null || colours) && (what.size() == null || sizes);
    }

    private List<Manifest.SceneObject> ofClass(Mention what) {
        return scene.objects().stream().filter(o -> what.generic() || label(o).equals(what.objectClass())).toList();
    }

    private List<Manifest.SceneObject> matching(Mention what) {
        return ofClass(what).stream()
                .filter(o -> what.colour() == null || what.colour().equals(lower(o.colour())))
                .filter(o -> what.size() == null || what.size().equals(lower(o.size())))
                .toList();
    }

    private static String label(Manifest.SceneObject o) {
        return lower(o.label());
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static String describe(List<Manifest.SceneObject> objects) {
        return String.join(", ", objects.stream()
                .map(o -> (o.size() == null ? "" : o.size() + " ") + (o.colour() == null ? "" : o.colour() + " ") + o.label())
                .toList());
    }
}
