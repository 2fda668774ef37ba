package dev.groundwork.trainer.model;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A small LLaVA-style vision-language model as a DJL block, deterministic (no dropout).
 *
 * <pre>
 *   images (B,3,H,W) in [0,1] ─ minus each image's per-channel mean ─ stem: Conv2d(kernel = stride = patch)
 *       or log2(patch) × Conv2d(3×3, stride 2) ─ + learned positions ─ N × pre-norm encoder layer
 *       (bidirectional) ─ projector Linear·GELU·Linear ─┐
 *   tokens (B,T) ─ embedding + learned positions ───────┴─ concat [image ; text] ─ M × pre-norm decoder layer
 *       ─ LayerNorm ─ Linear → logits (B,T,V) of the text positions
 * </pre>
 *
 * In the decoder, image tokens attend to all image tokens (and no text); text token t attends to all image tokens and
 * text tokens 0..t. The logits at text position t predict token t+1. Forward input: {@code NDList(images, tokens)}
 * with float images and int64 (or int32) tokens; output {@code NDList(logits)}.
 */
public final class VisionLanguageModel extends AbstractBlock {

    /** The additive attention bias of masked-out positions. */
    static final float MASKED = -1e9f;

    private static final java.util.Set<String> EMBEDDINGS = java.util.Set.of("imagePositions", "tokenEmbedding", "textPositions");

    private final VlmConfig config;
    private final int vocabSize;
    /** The {@link VlmConfig#stem}: a Conv2d(kernel = stride = patch) or a {@link ConvStem}. */
    private final AbstractBlock stem;
    private final Parameter imagePositions;
    private final List<TransformerLayer> encoder = new ArrayList<>();
    private final Linear projectorIn;
    private final Linear projectorOut;
    private final Parameter tokenEmbedding;
    private final Parameter textPositions;
    private final List<TransformerLayer> decoder = new ArrayList<>();
    private final LayerNorm finalNorm;
    private final Linear lmHead;

    /**
     * An uninitialised model; call {@link #initializeParameters} (or let a {@code Trainer} initialise it).
     *
     * @throws IllegalArgumentException if {@code vocabSize} &lt; 1
     */
    public VisionLanguageModel(VlmConfig config, int vocabSize) {
        this.config = Objects.requireNonNull(config, "config");
        if (vocabSize < 1) {
            throw new IllegalArgumentException("vocabSize must be >= 1, was " + vocabSize);
        }
        this.vocabSize = vocabSize;
        int d = config.hiddenSize();
        int mlp = d * config.mlpRatio();
        stem = config.stem().equals(VlmConfig.CONV_STEM)
                ? addChildBlock("convStem", new ConvStem(config.patchSize(), d))
                : addChildBlock("patchEmbedding", Conv2d.builder()
                        .setKernelShape(new Shape(config.patchSize(), config.patchSize()))
                        .optStride(new Shape(config.patchSize(), config.patchSize()))
                        .setFilters(d)
                        .build());
        imagePositions = addParameter(position("imagePositions", new Shape(1, config.imageTokens(), d)));
        for (int i = 0; i < config.encoderLayers(); i++) {
            encoder.add(addChildBlock("encoder" + i, new TransformerLayer(d, config.heads(), mlp)));
        }
        projectorIn = addChildBlock("projectorIn", Linear.builder().setUnits(d).build());
        projectorOut = addChildBlock("projectorOut", Linear.builder().setUnits(d).build());
        tokenEmbedding = addParameter(position("tokenEmbedding", new Shape(vocabSize, d)));
        textPositions = addParameter(position("textPositions", new Shape(1, config.maxTextLength(), d)));
        for (int i = 0; i < config.decoderLayers(); i++) {
            decoder.add(addChildBlock("decoder" + i, new TransformerLayer(d, config.heads(), mlp)));
        }
        finalNorm = addChildBlock("finalNorm", LayerNorm.builder().axis(2).build());
        lmHead = addChildBlock("lmHead", Linear.builder().setUnits(vocabSize).build());
    }

    private static Parameter position(String name, Shape shape) {
        return Parameter.builder()
                .setName(name)
                .setType(Parameter.Type.WEIGHT)
                .optShape(shape)
                .optInitializer(new NormalInitializer(0.02f))
                .build();
    }

    public VlmConfig config() {
        return config;
    }

    public int vocabSize() {
        return vocabSize;
    }

    /**
     * Initialises every parameter in {@code manager} as float32: convolution and linear weights Xavier, the
     * {@linkplain #isEmbedding embedding tables} N(0, 0.02²), biases and LayerNorm β zero, LayerNorm γ one. Seed with
     * {@code Engine.getInstance().setRandomSeed} first for reproducible weights. (With N(0, 0.02²) everywhere the image
     * signal that reaches the decoder is so weak that a short DPO run cannot learn image-dependent preferences.)
     * A {@code Trainer} should use the same rules: {@code optInitializer(new XavierInitializer(), Parameter.Type.WEIGHT)}
     * then {@code optInitializer(new NormalInitializer(0.02f), VisionLanguageModel::isEmbedding)}.
     */
    public void initializeParameters(NDManager manager) {
        setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        setInitializer(new NormalInitializer(0.02f), VisionLanguageModel::isEmbedding);
        initialize(manager, DataType.FLOAT32, imageShape(1), new Shape(1, config.maxTextLength()));
    }

    /** Whether {@code parameter} is one of the model's embedding tables (token embedding, image or text positions). */
    public static boolean isEmbedding(Parameter parameter) {
        return EMBEDDINGS.contains(parameter.getName());
    }

    /** The input image shape (B,3,H,W) for batch size {@code batch}. */
    public Shape imageShape(long batch) {
        return new Shape(batch, 3, config.imageSize(), config.imageSize());
    }

    /** Total number of scalar parameters (shapes must be known, i.e. the model initialised). */
    public long parameterCount() {
        long count = 0;
        for (Pair<String, Parameter> parameter : getParameters()) {
            count += parameter.getValue().getShape().size();
        }
        return count;
    }

    /**
     * The logits (B,T,V) of {@code tokens} (B,T) given {@code images} (B,3,H,W).
     *
     * @throws IllegalArgumentException if the shapes do not fit the configuration
     */
    public NDArray logits(ParameterStore store, NDArray images, NDArray tokens, boolean training) {
        return forward(store, new NDList(images, tokens), training).singletonOrThrow();
    }

    /**
     * A copy of this (initialised) model with the same parameter values, every parameter frozen: a DPO reference.
     * Its arrays live in {@code manager}.
     */
    public VisionLanguageModel frozenCopy(NDManager manager) {
        VisionLanguageModel copy = new VisionLanguageModel(config, vocabSize);
        copy.initializeParameters(manager);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                saveParameters(out);
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                copy.loadParameters(manager, in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MalformedModelException e) {
            throw new IllegalStateException("could not copy parameters", e);
        }
        copy.freezeParameters(true);
        return copy;
    }

    /**
     * The final-norm hidden states (B,T,d) of the text positions, the input of the language-model head: what a reward
     * head or other probe on top of this backbone reads. Same computation as {@link #logits} without the head.
     *
     * @throws IllegalArgumentException if the shapes do not fit the configuration
     */
    public NDArray hiddenStates(ParameterStore store, NDArray images, NDArray tokens, boolean training) {
        return textStates(store, images, tokens, training);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException("expected NDList(images, tokens), got " + inputs.size() + " arrays");
        }
        NDArray normed = textStates(store, inputs.get(0), inputs.get(1), training);
        return lmHead.forward(store, new NDList(normed), training);
    }

    private NDArray textStates(ParameterStore store, NDArray images, NDArray tokens, boolean training) {
        checkShapes(images.getShape(), tokens.getShape());
        long batch = images.getShape().get(0);
        long textLength = tokens.getShape().get(1);
        int d = config.hiddenSize();
        int imageTokens = config.imageTokens();

        NDArray patches = stem.forward(store, new NDList(centred(images)), training).singletonOrThrow();
        NDArray x = patches.reshape(batch, d, imageTokens).transpose(0, 2, 1)
                .add(store.getValue(imagePositions, images.getDevice(), training));
        for (TransformerLayer layer : encoder) {
            x = layer.forward(store, new NDList(x), training).singletonOrThrow();
        }
        NDArray projected = projectorIn.forward(store, new NDList(x), training).singletonOrThrow();
        projected = projectorOut.forward(store, new NDList(Activation.gelu(projected)), training).singletonOrThrow();

        NDArray embeddingTable = store.getValue(tokenEmbedding, images.getDevice(), training);
        NDArray oneHot = tokens.toType(DataType.INT64, false).oneHot(vocabSize, embeddingTable.getDataType());
        // The slice would belong to the parameter's manager; move it to the step's so that it is freed with the step.
        NDArray positions = store.getValue(textPositions, images.getDevice(), training).get(new NDIndex(":, 0:{}, :", textLength));
        positions.attach(oneHot.getManager());
        NDArray text = oneHot.matMul(embeddingTable).add(positions);

        NDArray sequence = projected.concat(text, 1);
        NDArray bias = attentionBias(sequence.getManager(), imageTokens, (int) textLength, sequence.getDataType());
        for (TransformerLayer layer : decoder) {
            sequence = layer.forward(store, new NDList(sequence, bias), training).singletonOrThrow();
        }
        NDArray textStates = sequence.get(new NDIndex(":, {}:, :", imageTokens));
        return finalNorm.forward(store, new NDList(textStates), training).singletonOrThrow();
    }

    /**
     * {@code images} (B,3,H,W) minus each image's per-channel mean: the input of the stem. On raw [0,1]
     * pixels every patch of the world's light background embeds to nearly the same large vector (≈ 0.92·Σw), so the
     * objects are a small change on top of a constant and the SFT policy answered from the prompt alone (in a world of
     * one object per scene, "What colour is the X?" stayed at the colour prior, 0.2, after 200 steps at 64 px; centred,
     * 0.97 on held-out scenes: the test harness {@code SeeDiagnostic}). Centred, the background is ≈ 0 and an object's
     * patches carry its contrast to it.
     */
    static NDArray centred(NDArray images) {
        return images.sub(images.mean(new int[] {3}, true).mean(new int[] {2}, true));
    }

    /**
     * The (S,S) additive decoder bias, S = image + text tokens: 0 where query i may attend key j (j an image token, or
     * i ≥ j), {@link #MASKED} elsewhere. Torch-owned (copied out of the JVM buffer).
     */
    static NDArray attentionBias(NDManager manager, int imageTokens, int textTokens, DataType type) {
        int length = imageTokens + textTokens;
        float[] values = new float[length * length];
        for (int i = 0; i < length; i++) {
            for (int j = 0; j < length; j++) {
                values[i * length + j] = j < imageTokens || j <= i ? 0f : MASKED;
            }
        }
        try (NDArray jvmBacked = manager.create(values, new Shape(length, length))) {
            // duplicate() is a torch clone: the result owns native memory, independent of the JVM buffer
            // (toType with the same type may return a view of it).
            return jvmBacked.toType(type, false).duplicate();
        }
    }

    private void checkShapes(Shape images, Shape tokens) {
        if (!images.equals(imageShape(images.get(0)))) {
            throw new IllegalArgumentException("images must have shape " + imageShape(images.get(0)) + ", was " + images);
        }
        if (tokens.dimension() != 2 || tokens.get(0) != images.get(0)) {
            throw new IllegalArgumentException("tokens must have shape (" + images.get(0) + ",T), was " + tokens);
        }
        if (tokens.get(1) < 1 || tokens.get(1) > config.maxTextLength()) {
            throw new IllegalArgumentException("text length must be in [1, " + config.maxTextLength() + "], was " + tokens.get(1));
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), inputShapes[1].get(1), vocabSize)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        long batch = inputShapes[0].get(0);
        long textLength = inputShapes[1].get(1);
        int d = config.hiddenSize();
        stem.initialize(manager, dataType, inputShapes[0]);
        Shape image = new Shape(batch, config.imageTokens(), d);
        for (TransformerLayer layer : encoder) {
            layer.initialize(manager, dataType, image);
        }
        projectorIn.initialize(manager, dataType, image);
        projectorOut.initialize(manager, dataType, image);
        Shape sequence = new Shape(batch, config.imageTokens() + textLength, d);
        for (TransformerLayer layer : decoder) {
            layer.initialize(manager, dataType, sequence);
        }
        Shape text = new Shape(batch, textLength, d);
        finalNorm.initialize(manager, dataType, text);
        lmHead.initialize(manager, dataType, text);
    }
}
