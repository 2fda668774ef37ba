package dev.groundwork.storage.world;

import dev.groundwork.storage.dataset.Manifest;
import java.util.List;
import java.util.Objects;

/**
 * One object of a scene with its exact box.
 *
 * @param id position of the object in its scene's object list ({@code 0..n-1})
 * @param x left edge in pixels
 * @param y top edge in pixels
 */
public record WorldObject(int id, Shape shape, Colour colour, Size size, int x, int y, int width, int height) {

    public WorldObject {
        if (id < 0) {
            throw new IllegalArgumentException("object id must be >= 0, got " + id);
        }
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(colour, "colour");
        Objects.requireNonNull(size, "size");
        if (x < 0 || y < 0 || width < 1 || height < 1) {
            throw new IllegalArgumentException(
                    "object box must lie at x,y >= 0 with positive size, got " + List.of(x, y, width, height));
        }
    }

    /** Horizontal centre of the box in pixels. */
    public double centreX() {
        return x + width / 2.0;
    }

    /** Vertical centre of the box in pixels. */
    public double centreY() {
        return y + height / 2.0;
    }

    /** Colour and class, e.g. {@code red circle}. */
    public String descriptor() {
        return colour.label() + " " + shape.label();
    }

    /** This object in the dataset format. */
    public Manifest.SceneObject toSceneObject() {
        return new Manifest.SceneObject(id, shape.label(), colour.label(), size.label(),
                List.of((double) x, (double) y, (double) width, (double) height));
    }
}
