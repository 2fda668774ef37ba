package dev.groundwork.trainer.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

/**
 * Summed log-probabilities of response tokens under next-token prediction, the input of the DPO losses.
 *
 * <p>For tokens (B,T) and a response mask (B,T) aligned to the tokens (1 where token t belongs to the response), the
 * result (B,) is Σ_{t≥1} mask[t]·log softmax(logits[t−1])[token t]. {@code mask[:, 0]} is ignored: the first token
 * has no prediction. The result stays on the autograd graph of the logits.
 */
public final class SequenceLogProbs {

    private SequenceLogProbs() {
    }

    /**
     * Runs {@code model} on the batch and sums the response log-probabilities.
     *
     * @param training whether the forward pass is a training pass (parameters tracked for gradients)
     */
    public static NDArray sum(VisionLanguageModel model, ParameterStore store, NDArray images, NDArray tokens,
            NDArray responseMask, boolean training) {
        return fromLogits(model.logits(store, images, tokens, training), tokens, responseMask);
    }

    /**
     * The summed response log-probabilities from logits (B,T,V) already computed; they live in the logits' manager.
     *
     * @throws IllegalArgumentException if the shapes disagree
     */
    public static NDArray fromLogits(NDArray logits, NDArray tokens, NDArray responseMask) {
        Shape shape = logits.getShape();
        if (shape.dimension() != 3) {
            throw new IllegalArgumentException("logits must have shape (B,T,V), was " + shape);
        }
        Shape textShape = new Shape(shape.get(0), shape.get(1));
        if (!tokens.getShape().equals(textShape) || !responseMask.getShape().equals(textShape)) {
            throw new IllegalArgumentException("tokens " + tokens.getShape() + " and responseMask " + responseMask.getShape()
                    + " must both have shape " + textShape);
        }
        if (shape.get(1) < 2) {
            return logits.sum(new int[] {1, 2}).zerosLike();
        }
        NDArray logProbs = logits.get(new NDIndex(":, :-1, :")).logSoftmax(-1);
        NDArray targets = tokens.get(new NDIndex(":, 1:")).toType(DataType.INT64, true).expandDims(2);
        NDArray picked = logProbs.gather(targets, 2).squeeze(2);
        NDArray mask = responseMask.get(new NDIndex(":, 1:")).toType(logits.getDataType(), true);
        return picked.mul(mask).sum(new int[] {1});
    }
}
