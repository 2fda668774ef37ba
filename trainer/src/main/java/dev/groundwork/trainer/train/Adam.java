package dev.groundwork.trainer.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (optionally AdamW) over a block's trainable parameters, with its state explicit so that a checkpoint can hold
 * it: the update count t and the first and second moments m, v of every parameter (DJL's own {@code Adam} keeps
 * them private). PyTorch's formulation:
 *
 * <pre>
 *   m ← β1·m + (1−β1)·g,   v ← β2·v + (1−β2)·g²,
 *   w ← w − lr·wd·w − (lr / (1−β1^t)) · m / (sqrt(v) / sqrt(1−β2^t) + ε)
 * </pre>
 *
 * with optional global-norm gradient clipping before the update and lr the {@linkplain TrainingOptions#learningRate(long)
 * scheduled} step size of update t. Reads gradients from the parameter arrays, zeroes
 * them after the update, and never multiplies by a Java number (scalars are torch-allocated).
 */
public final class Adam {

    private static final int MAGIC = 0x47574144; // "GWAD"
    private static final int VERSION = 1;

    private final List<Pair<String, Parameter>> parameters = new ArrayList<>();
    private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
    private final TrainingOptions options;
    private long updates;

    /** Adam over the parameters of {@code block} that require gradients; the moments live in {@code manager}. */
    public Adam(Block block, NDManager manager, TrainingOptions options) {
        this.options = options;
        for (Pair<String, Parameter> parameter : block.getParameters()) {
            if (!parameter.getValue().requiresGradient()) {
                continue;
            }
            parameters.add(parameter);
            NDArray weight = parameter.getValue().getArray();
            firstMoments.put(parameter.getKey(), manager.zeros(weight.getShape(), weight.getDataType(), weight.getDevice()));
            secondMoments.put(parameter.getKey(), manager.zeros(weight.getShape(), weight.getDataType(), weight.getDevice()));
        }
    }

    /** The number of updates applied so far (t). */
    public long updates() {
        return updates;
    }

    /**
     * Clips, applies one update with the current gradients and zeroes them; per-step arrays go to {@code step}.
     *
     * @return the global gradient L2 norm before clipping
     */
    public double update(NDManager step) {
        List<NDArray> gradients = new ArrayList<>(parameters.size());
        NDArray squares = null;
        for (Pair<String, Parameter> parameter : parameters) {
            NDArray gradient = parameter.getValue().getArray().getGradient();
            gradient.attach(step);
            gradients.add(gradient);
            NDArray sum = gradient.square().sum();
            squares = squares == null ? sum : squares.add(sum);
        }
        if (squares == null) {
            return 0;
        }
        double norm = Math.sqrt(squares.toType(DataType.FLOAT64, false).getDouble());
        if (options.maxGradNorm() > 0 && norm > options.maxGradNorm()) {
            NDArray scale = scalar(step, options.maxGradNorm() / (norm + 1e-6));
            for (NDArray gradient : gradients) {
                gradient.muli(scale);
            }
        }
        updates++;
        double lr = options.learningRate(updates);
        double b1 = options.beta1();
        double b2 = options.beta2();
        NDArray beta1 = scalar(step, b1);
        NDArray oneMinusBeta1 = scalar(step, 1 - b1);
        NDArray beta2 = scalar(step, b2);
        NDArray oneMinusBeta2 = scalar(step, 1 - b2);
        NDArray invSqrtCorrection2 = scalar(step, 1 / Math.sqrt(1 - Math.pow(b2, updates)));
        NDArray epsilon = scalar(step, options.epsilon());
        NDArray stepSize = scalar(step, lr / (1 - Math.pow(b1, updates)));
        NDArray decay = options.weightDecay() > 0 ? scalar(step, lr * options.weightDecay()) : null;
        for (int i = 0; i < parameters.size(); i++) {
            String name = parameters.get(i).getKey();
            NDArray gradient = gradients.get(i);
            NDArray m = firstMoments.get(name);
            NDArray v = secondMoments.get(name);
            m.muli(beta1).addi(gradient.mul(oneMinusBeta1));
            v.muli(beta2).addi(gradient.square().mul(oneMinusBeta2));
            // A detached view shares the parameter's storage but takes in-place updates whatever the grad mode.
            NDArray weight = parameters.get(i).getValue().getArray().stopGradient();
            weight.attach(step);
            if (decay != null) {
                weight.subi(weight.mul(decay));
            }
            // v.sqrt() and m.div(·) would belong to the moments' (long-lived) manager: move them to the step's.
            NDArray root = v.sqrt();
            root.attach(step);
            NDArray denominator = root.mul(invSqrtCorrection2).add(epsilon);
            NDArray ratio = m.div(denominator);
            ratio.attach(step);
            weight.subi(ratio.mul(stepSize));
            gradient.subi(gradient);
        }
        return norm;
    }

    /** Writes t and every moment (raw float values). */
    public void save(DataOutputStream out) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeLong(updates);
        out.writeInt(parameters.size());
        for (Pair<String, Parameter> parameter : parameters) {
            out.writeUTF(parameter.getKey());
            out.write(firstMoments.get(parameter.getKey()).encode());
            out.write(secondMoments.get(parameter.getKey()).encode());
        }
    }

    /**
     * Restores what {@link #save} wrote, copying the moments into this optimiser's arrays.
     *
     * @throws MalformedModelException if the state does not belong to these parameters
     */
    public void load(DataInputStream in, NDManager scratch) throws IOException, MalformedModelException {
        if (in.readInt() != MAGIC || in.readInt() != VERSION) {
            throw new MalformedModelException("not a Groundwork Adam state");
        }
        long savedUpdates = in.readLong();
        int count = in.readInt();
        if (count != parameters.size()) {
            throw new MalformedModelException("optimizer state has " + count + " parameters, the model " + parameters.size());
        }
        for (Pair<String, Parameter> parameter : parameters) {
            String name = in.readUTF();
            if (!name.equals(parameter.getKey())) {
                throw new MalformedModelException("optimizer state parameter " + name + ", expected " + parameter.getKey());
            }
            copyInto(scratch.decode(in), firstMoments.get(name));
            copyInto(scratch.decode(in), secondMoments.get(name));
        }
        updates = savedUpdates;
    }

    /** Overwrites {@code target} with {@code source} in place (exactly: 0·target is replaced, not added to). */
    static void copyInto(NDArray source, NDArray target) {
        if (!source.getShape().equals(target.getShape()) || source.getDataType() != target.getDataType()) {
            throw new IllegalArgumentException("cannot copy " + source.getShape() + " " + source.getDataType() + " into "
                    + target.getShape() + " " + target.getDataType());
        }
        try (NDArray view = target.stopGradient(); NDArray onDevice = source.toDevice(target.getDevice(), true)) {
            // set(Buffer) may keep a reference to the buffer instead of copying; a tensor op copies into native memory.
            view.subi(view).addi(onDevice);
        }
        source.close();
    }

    private static NDArray scalar(NDManager manager, double value) {
        return manager.full(new Shape(), (float) value, DataType.FLOAT32);
    }
}
