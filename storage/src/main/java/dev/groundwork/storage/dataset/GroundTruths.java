package dev.groundwork.storage.dataset;

import dev.groundwork.storage.image.GroundTruthObject;
import dev.groundwork.storage.image.GroundTruthRelation;
import java.util.Comparator;
import java.util.List;

/** Converts ground truth between the manifest records and the stored rows. */
final class GroundTruths {
    private GroundTruths() {}

    /** Objects by id; relations by subject, predicate, object; duplicates of relations dropped. */
    static Manifest.GroundTruth normalize(Manifest.GroundTruth truth) {
        return new Manifest.GroundTruth(
                truth.objects().stream().sorted(Comparator.comparingInt(Manifest.SceneObject::id)).toList(),
                truth.relations().stream().distinct()
                        .sorted(Comparator.comparingInt(Manifest.Relation::subject)
                                .thenComparing(Manifest.Relation::predicate)
                                .thenComparingInt(Manifest.Relation::object))
                        .toList());
    }

    static Manifest.GroundTruth toManifest(List<GroundTruthObject> objects, List<GroundTruthRelation> relations) {
        List<Manifest.SceneObject> os = objects.stream()
                .sorted(Comparator.comparingInt(GroundTruthObject::getObjectKey))
                .map(o -> new Manifest.SceneObject(o.getObjectKey(), o.getLabel(), o.getColour(), o.getSizeClass(),
                        o.getBoxX() == null ? null : List.of(o.getBoxX(), o.getBoxY(), o.getBoxW(), o.getBoxH())))
                .toList();
        List<Manifest.Relation> rs = relations.stream()
                .sorted(Comparator.comparingLong(GroundTruthRelation::getId))
                .map(r -> new Manifest.Relation(r.getSubjectKey(), r.getPredicate(), r.getObjectKey()))
                .toList();
        return normalize(new Manifest.GroundTruth(os, rs));
    }
}
