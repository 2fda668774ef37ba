package dev.groundwork.storage.world;

/**
 * Point-in-shape tests in box-normalised coordinates: {@code u} and {@code v} run from -1 (left,
 * top) to 1 (right, bottom) across the object's box. Pure arithmetic, so the raster is the same on
 * every JVM. Every shape except {@link Shape#RING} covers the box centre.
 */
final class ShapeRaster {

    /** Inner radius of a ring, relative to its outer radius. */
    static final double RING_INNER = 0.55;

    private static final double[] STAR_X = new double[10];
    private static final double[] STAR_Y = new double[10];

    static {
        for (int k = 0; k < 10; k++) {
            double radius = k % 2 == 0 ? 1.0 : 0.42;
            double angle = -StrictMath.PI / 2 + k * StrictMath.PI / 5;
            STAR_X[k] = radius * StrictMath.cos(angle);
            STAR_Y[k] = radius * StrictMath.sin(angle) + 0.08;
        }
    }

    private ShapeRaster() {}

    static boolean contains(Shape shape, double u, double v) {
        double au = Math.abs(u);
        double av = Math.abs(v);
        return switch (shape) {
            case CIRCLE -> u * u + v * v <= 1.0;
            case RING -> {
                double r2 = u * u + v * v;
                yield r2 <= 1.0 && r2 >= RING_INNER * RING_INNER;
            }
            case SQUARE -> au <= 0.9 && av <= 0.9;
            case DIAMOND -> au + av <= 1.0;
            case TRIANGLE -> v <= 0.85 && v >= -0.95 && au <= (v + 0.95) / 1.8;
            case HEXAGON -> av <= 0.866 && 0.866 * au + 0.5 * av <= 0.866;
            case CROSS -> (au <= 0.3 && av <= 1.0) || (av <= 0.3 && au <= 1.0);
            case STAR -> inStar(u, v);
        };
    }

    private static boolean inStar(double u, double v) {
        boolean inside = false;
        for (int i = 0, j = STAR_X.length - 1; i < STAR_X.length; j = i++) {
            boolean crosses = (STAR_Y[i] > v) != (STAR_Y[j] > v);
            if (crosses && u < (STAR_X[j] - STAR_X[i]) * (v - STAR_Y[i]) / (STAR_Y[j] - STAR_Y[i]) + STAR_X[i]) {
                inside = !inside;
            }
        }
        return inside;
    }
}
