package dev.groundwork.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One pre-norm transformer layer without dropout: {@code x + attn(LN(x))}, then {@code x + MLP(LN(x))} with a GELU
 * MLP. Input {@code (x)} or {@code (x, bias)}: x is (B,S,d); the optional bias is an additive (S,S) attention bias
 * (0 where a query may attend a key, −1e9 where it may not), broadcast over batch and heads. Without a bias
 * attention is bidirectional.
 */
final class TransformerLayer extends AbstractBlock {

    private final int hiddenSize;
    private final int heads;
    private final int mlpSize;
    private final LayerNorm attentionNorm;
    private final Linear qkv;
    private final Linear attentionOut;
    private final LayerNorm mlpNorm;
    private final Linear mlpIn;
    private final Linear mlpOut;

    TransformerLayer(int hiddenSize, int heads, int mlpSize) {
        this.hiddenSize = hiddenSize;
        this.heads = heads;
        this.mlpSize = mlpSize;
        attentionNorm = addChildBlock("attentionNorm", LayerNorm.builder().axis(2).build());
        qkv = addChildBlock("qkv", Linear.builder().setUnits(3L * hiddenSize).build());
        attentionOut = addChildBlock("attentionOut", Linear.builder().setUnits(hiddenSize).build());
        mlpNorm = addChildBlock("mlpNorm", LayerNorm.builder().axis(2).build());
        mlpIn = addChildBlock("mlpIn", Linear.builder().setUnits(mlpSize).build());
        mlpOut = addChildBlock("mlpOut", Linear.builder().setUnits(hiddenSize).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray bias = inputs.size() > 1 ? inputs.get(1) : null;
        long batch = x.getShape().get(0);
        long length = x.getShape().get(1);
        int headSize = hiddenSize / heads;

        NDArray normed = one(attentionNorm.forward(store, new NDList(x), training));
        NDList qkvParts = one(qkv.forward(store, new NDList(normed), training)).split(3, 2);
        NDArray q = splitHeads(qkvParts.get(0), batch, length, headSize);
        NDArray k = splitHeads(qkvParts.get(1), batch, length, headSize);
        NDArray v = splitHeads(qkvParts.get(2), batch, length, headSize);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2));
        scores = scores.mul(scores.getManager().full(new Shape(), (float) (1 / Math.sqrt(headSize)), scores.getDataType()));
        if (bias != null) {
            scores = scores.add(bias);
        }
        NDArray context = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(batch, length, hiddenSize);
        x = x.add(one(attentionOut.forward(store, new NDList(context), training)));

        NDArray hidden = one(mlpIn.forward(store, new NDList(one(mlpNorm.forward(store, new NDList(x), training))), training));
        x = x.add(one(mlpOut.forward(store, new NDList(Activation.gelu(hidden)), training)));
        return new NDList(x);
    }

    private NDArray splitHeads(NDArray x, long batch, long length, int headSize) {
        return x.reshape(batch, length, heads, headSize).transpose(0, 2, 1, 3);
    }

    private static NDArray one(NDList list) {
        return list.singletonOrThrow();
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape x = inputShapes[0];
        attentionNorm.initialize(manager, dataType, x);
        qkv.initialize(manager, dataType, x);
        attentionOut.initialize(manager, dataType, x);
        mlpNorm.initialize(manager, dataType, x);
        mlpIn.initialize(manager, dataType, x);
        mlpOut.initialize(manager, dataType, new Shape(x.get(0), x.get(1), mlpSize));
    }
}
