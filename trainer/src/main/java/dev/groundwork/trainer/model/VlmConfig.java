package dev.groundwork.trainer.model;

/**
 * The shape of a {@link VisionLanguageModel}.
 *
 * @param imageSize side of the square RGB input image in pixels
 * @param patchSize side of a square patch; {@code imageSize} must be a multiple of it
 * @param hiddenSize model width d, shared by the vision encoder, the projector and the decoder
 * @param encoderLayers number of bidirectional vision transformer layers
 * @param decoderLayers number of causal decoder layers
 * @param heads attention heads; must divide {@code hiddenSize}
 * @param maxTextLength the most text tokens (prompt and response, special tokens included) the decoder takes
 * @param mlpRatio width of the transformer MLPs as a multiple of d
 * @param stem how pixels become image tokens: {@value #PATCH_STEM} (one Conv2d with kernel = stride = patchSize) or
 *     {@value #CONV_STEM} (log2(patchSize) 3×3 stride-2 convolutions, {@code ConvStem}; patchSize a power of two); the
 *     same (imageSize / patchSize)² tokens either way. {@code null} (a model.json written before the field existed)
 *     reads as {@value #PATCH_STEM}.
 */
public record VlmConfig(int imageSize, int patchSize, int hiddenSize, int encoderLayers, int decoderLayers, int heads,
        int maxTextLength, int mlpRatio, String stem) {

    /** The single patch-embedding convolution of a ViT. */
    public static final String PATCH_STEM = "patch";
    /** A stack of small strided convolutions. */
    public static final String CONV_STEM = "conv";

    /** @throws IllegalArgumentException if a size is not positive or does not divide as required, or the stem is unknown */
    public VlmConfig {
        stem = stem == null ? PATCH_STEM : stem;
        if (!stem.equals(PATCH_STEM) && !stem.equals(CONV_STEM)) {
            throw new IllegalArgumentException("stem must be " + PATCH_STEM + " or " + CONV_STEM + ", was '" + stem + "'");
        }
        requirePositive("imageSize", imageSize);
        requirePositive("patchSize", patchSize);
        requirePositive("hiddenSize", hiddenSize);
        requirePositive("encoderLayers", encoderLayers);
        requirePositive("decoderLayers", decoderLayers);
        requirePositive("heads", heads);
        requirePositive("maxTextLength", maxTextLength);
        requirePositive("mlpRatio", mlpRatio);
        if (imageSize % patchSize != 0) {
            throw new IllegalArgumentException("imageSize " + imageSize + " is not a multiple of patchSize " + patchSize);
        }
        if (hiddenSize % heads != 0) {
            throw new IllegalArgumentException("heads " + heads + " does not divide hiddenSize " + hiddenSize);
        }
        if (stem.equals(CONV_STEM)) {
            ConvStem.layers(patchSize);
        }
    }

    /** A config with the {@value #PATCH_STEM} stem. */
    public VlmConfig(int imageSize, int patchSize, int hiddenSize, int encoderLayers, int decoderLayers, int heads,
            int maxTextLength, int mlpRatio) {
        this(imageSize, patchSize, hiddenSize, encoderLayers, decoderLayers, heads, maxTextLength, mlpRatio, PATCH_STEM);
    }

    /** This config with another stem. */
    public VlmConfig withStem(String newStem) {
        return new VlmConfig(imageSize, patchSize, hiddenSize, encoderLayers, decoderLayers, heads, maxTextLength, mlpRatio,
                newStem);
    }

    /** 32×32 images, 16 image tokens, d = 128, 2 + 2 layers, 4 heads, 48 text tokens: for CPU tests. */
    public static VlmConfig tiny() {
        return new VlmConfig(32, 8, 128, 2, 2, 4, 48, 4);
    }

    /** 64×64 images, 64 image tokens, d = 256, 4 + 4 layers, 8 heads: about 6.6 M parameters with ~100 words. */
    public static VlmConfig small() {
        return new VlmConfig(64, 8, 256, 4, 4, 8, 48, 4);
    }

    /** 96×96 images, 144 image tokens, d = 512, 6 + 8 layers, 8 heads: for a GPU. */
    public static VlmConfig base() {
        return new VlmConfig(96, 8, 512, 6, 8, 8, 64, 4);
    }

    /**
     * The preset named {@code tiny}, {@code small} or {@code base}.
     *
     * @throws IllegalArgumentException for any other name
     */
    public static VlmConfig preset(String name) {
        return switch (name) {
            case "tiny" -> tiny();
            case "small" -> small();
            case "base" -> base();
            default -> throw new IllegalArgumentException("size must be tiny, small or base, was '" + name + "'");
        };
    }

    /** Number of image tokens, (imageSize / patchSize)². */
    public int imageTokens() {
        int side = imageSize / patchSize;
        return side * side;
    }

    /** Width of one attention head. */
    public int headSize() {
        return hiddenSize / heads;
    }

    private static void requirePositive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, was " + value);
        }
    }
}
