package dev.groundwork.storage.image;

import dev.groundwork.storage.AbstractEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.util.Objects;

/** One object of an image's ground-truth scene; colour and size are optional (COCO has neither). */
@Entity
@Table(name = "scene_object")
public class GroundTruthObject extends AbstractEntity {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "image_id")
    private Image image;

    @Column(name = "object_key", nullable = false)
    private int objectKey;

    @Column(nullable = false)
    private String label;

    private String colour;

    @Column(name = "size_class")
    private String sizeClass;

    @Column(name = "box_x")
    private Double boxX;

    @Column(name = "box_y")
    private Double boxY;

    @Column(name = "box_w")
    private Double boxW;

    @Column(name = "box_h")
    private Double boxH;

    protected GroundTruthObject() {}

    public GroundTruthObject(Image image, int objectKey, String label, String colour, String sizeClass,
            Double boxX, Double boxY, Double boxW, Double boxH) {
        this.image = Objects.requireNonNull(image, "image");
        this.objectKey = objectKey;
        this.label = Objects.requireNonNull(label, "label");
        this.colour = colour;
        this.sizeClass = sizeClass;
        this.boxX = boxX;
        this.boxY = boxY;
        this.boxW = boxW;
        this.boxH = boxH;
    }

    public Image getImage() { return image; }
    public int getObjectKey() { return objectKey; }
    public String getLabel() { return label; }
    public String getColour() { return colour; }
    public String getSizeClass() { return sizeClass; }
    public Double getBoxX() { return boxX; }
    public Double getBoxY() { return boxY; }
    public Double getBoxW() { return boxW; }
    public Double getBoxH() { return boxH; }
}
