package dev.groundwork.storage.image;

import dev.groundwork.storage.AbstractEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.util.Objects;

/** {@code subject predicate object} between two objects of an image's ground-truth scene. */
@Entity
@Table(name = "scene_relation")
public class GroundTruthRelation extends AbstractEntity {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "image_id")
    private Image image;

    @Column(name = "subject_key", nullable = false)
    private int subjectKey;

    @Column(nullable = false)
    private String predicate;

    @Column(name = "object_key", nullable = false)
    private int objectKey;

    protected GroundTruthRelation() {}

    public GroundTruthRelation(Image image, int subjectKey, String predicate, int objectKey) {
        this.image = Objects.requireNonNull(image, "image");
        this.subjectKey = subjectKey;
        this.predicate = Objects.requireNonNull(predicate, "predicate");
        this.objectKey = objectKey;
    }

    public Image getImage() { return image; }
    public int getSubjectKey() { return subjectKey; }
    public String getPredicate() { return predicate; }
    public int getObjectKey() { return objectKey; }
}
