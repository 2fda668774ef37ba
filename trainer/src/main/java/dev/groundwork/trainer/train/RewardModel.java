package dev.groundwork.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;
import dev.groundwork.trainer.model.VisionLanguageModel;
import dev.groundwork.trainer.model.VlmConfig;

/**
 * A scalar reward model: the {@link VisionLanguageModel} backbone's final hidden states, pooled at each row's last
 * real token (its {@code <eos>}, as TRL's reward models read the last non-padding token), then a linear head to one
 * value. Forward input {@code NDList(images (B,3,H,W), tokens (B,T), poolWeights (B,T))} with one-hot pool weights
 * ({@link Batches.TextBatch#lastTokenWeights}); output {@code NDList(rewards (B,))}. The backbone's language-model head
 * is unused (and gets no gradient).
 */
public final class RewardModel extends AbstractBlock {

    private final VlmConfig config;
    private final VisionLanguageModel backbone;
    private final Linear head;

    public RewardModel(VlmConfig config, int vocabSize) {
        this.config = config;
        this.backbone = addChildBlock("backbone", new VisionLanguageModel(config, vocabSize));
        this.head = addChildBlock("head", Linear.builder().setUnits(1).build());
    }

    public VisionLanguageModel backbone() {
        return backbone;
    }

    /** Initialises every parameter as {@link VisionLanguageModel#initializeParameters} does (head: Xavier, zero bias). */
    public void initializeParameters(NDManager manager) {
        setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        setInitializer(new NormalInitializer(0.02f), VisionLanguageModel::isEmbedding);
        Shape text = new Shape(1, config.maxTextLength());
        initialize(manager, DataType.FLOAT32, backbone.imageShape(1), text, text);
    }

    /** The (B,) rewards. */
    public NDArray rewards(ParameterStore store, NDArray images, NDArray tokens, NDArray poolWeights, boolean training) {
        return forward(store, new NDList(images, tokens, poolWeights), training).singletonOrThrow();
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        if (inputs.size() != 3) {
            throw new IllegalArgumentException("expected NDList(images, tokens, poolWeights), got " + inputs.size() + " arrays");
        }
        NDArray weights = inputs.get(2);
        NDArray hidden = backbone.hiddenStates(store, inputs.get(0), inputs.get(1), training);
        long batch = hidden.getShape().get(0);
        NDArray pooled = weights.toType(hidden.getDataType(), false).expandDims(1).matMul(hidden)
                .reshape(batch, config.hiddenSize());
        NDArray reward = head.forward(store, new NDList(pooled), training).singletonOrThrow();
        return new NDList(reward.reshape(batch));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0))};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        backbone.initialize(manager, dataType, inputShapes[0], inputShapes[1]);
        head.initialize(manager, dataType, new Shape(inputShapes[0].get(0), config.hiddenSize()));
    }
}
