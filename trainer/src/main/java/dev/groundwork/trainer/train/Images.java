package dev.groundwork.trainer.train;

/**
 * Deterministic image preprocessing: area (box-filter) resampling to the model's square input, and the mDPO
 * corruption — a random-resized crop keeping 1–20 % of the area, resized back to the input size.
 */
public final class Images {

    /** Smallest fraction of the image area an mDPO crop keeps. */
    public static final double MIN_CROP_AREA = 0.01;
    /** Largest fraction of the image area an mDPO crop keeps. */
    public static final double MAX_CROP_AREA = 0.20;

    private static final double MIN_LOG_RATIO = Math.log(3.0 / 4.0);
    private static final double MAX_LOG_RATIO = Math.log(4.0 / 3.0);

    private Images() {
    }

    /** The whole picture area-resampled to {@code size}×{@code size}, as (3,size,size) CHW values. */
    public static float[] resize(Picture picture, int size) {
        return resample(picture, 0, 0, picture.width(), picture.height(), size);
    }

    /**
     * The mDPO corrupted image m′: a crop of {@code a·W·H} pixels with a ∈ [1 %, 20 %] and aspect ratio in [3/4, 4/3]
     * (log-uniform), at a uniform position, resampled to {@code size}×{@code size}. Every draw comes from
     * {@link CounterRng} keyed by {@code (seed, stream, key)}, so one key always gives the same crop (policy and
     * reference see the same m′; a resumed run draws the same crops).
     */
    public static float[] crop(Picture picture, int size, long seed, long stream, long key) {
        double[] box = cropBox(picture.width(), picture.height(), seed, stream, key);
        return resample(picture, box[0], box[1], box[2], box[3], size);
    }

    /** The crop box {x0, y0, x1, y1} in (continuous) source pixel coordinates; see {@link #crop}. */
    public static double[] cropBox(int width, int height, long seed, long stream, long key) {
        double area = width * (double) height
                * (MIN_CROP_AREA + (MAX_CROP_AREA - MIN_CROP_AREA) * CounterRng.uniform(seed, stream, key, 0));
        double ratio = Math.exp(MIN_LOG_RATIO + (MAX_LOG_RATIO - MIN_LOG_RATIO) * CounterRng.uniform(seed, stream, key, 1));
        double w = Math.min(width, Math.sqrt(area * ratio));
        double h = Math.min(height, Math.sqrt(area / ratio));
        double x0 = (width - w) * CounterRng.uniform(seed, stream, key, 2);
        double y0 = (height - h) * CounterRng.uniform(seed, stream, key, 3);
        return new double[] {x0, y0, x0 + w, y0 + h};
    }

    /**
     * The region [x0,x1)×[y0,y1) of {@code picture} resampled to {@code size}×{@code size}: each output pixel is the
     * area-weighted mean of the source pixels its footprint overlaps (a box filter; nearest-like when enlarging).
     */
    public static float[] resample(Picture picture, double x0, double y0, double x1, double y1, int size) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1, was " + size);
        }
        if (!(x0 >= 0 && y0 >= 0 && x1 <= picture.width() && y1 <= picture.height() && x1 > x0 && y1 > y0)) {
            throw new IllegalArgumentException("region [" + x0 + "," + x1 + ")x[" + y0 + "," + y1 + ") is empty or outside "
                    + picture.width() + "x" + picture.height());
        }
        int w = picture.width();
        int h = picture.height();
        double[][] wx = weights(x0, x1, w, size);
        double[][] wy = weights(y0, y1, h, size);
        float[] src = picture.chw();
        float[] out = new float[3 * size * size];
        double[] rows = new double[size * w];
        for (int c = 0; c < 3; c++) {
            int plane = c * w * h;
            java.util.Arrays.fill(rows, 0);
            for (int oy = 0; oy < size; oy++) {
                for (int sy = 0; sy < h; sy++) {
                    double weight = wy[oy][sy];
                    if (weight == 0) {
                        continue;
                    }
                    for (int sx = 0; sx < w; sx++) {
                        rows[oy * w + sx] += weight * src[plane + sy * w + sx];
                    }
                }
            }
            for (int oy = 0; oy < size; oy++) {
                for (int ox = 0; ox < size; ox++) {
                    double sum = 0;
                    for (int sx = 0; sx < w; sx++) {
                        double weight = wx[ox][sx];
                        if (weight != 0) {
                            sum += weight * rows[oy * w + sx];
                        }
                    }
                    out[(c * size + oy) * size + ox] = (float) sum;
                }
            }
        }
        return out;
    }

    /** weights[o][s]: the share of output cell o's footprint in [start,end) that source pixel s covers. */
    private static double[][] weights(double start, double end, int sourceLength, int outLength) {
        double step = (end - start) / outLength;
        double[][] weights = new double[outLength][sourceLength];
        for (int o = 0; o < outLength; o++) {
            double lo = start + o * step;
            double hi = o == outLength - 1 ? end : start + (o + 1) * step;
            int first = (int) Math.floor(lo);
            int last = Math.min(sourceLength - 1, (int) Math.ceil(hi) - 1);
            double total = 0;
            for (int s = Math.max(0, first); s <= last; s++) {
                double overlap = Math.min(hi, s + 1) - Math.max(lo, s);
                if (overlap > 0) {
                    weights[o][s] = overlap;
                    total += overlap;
                }
            }
            for (int s = Math.max(0, first); s <= last; s++) {
                weights[o][s] /= total;
            }
        }
        return weights;
    }
}
