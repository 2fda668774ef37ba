package dev.groundwork.trainer.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parameter (de)serialisation helpers over DJL's {@code Block.saveParameters} format. */
public final class Parameters {

    private Parameters() {
    }

    /** {@code block.saveParameters} as bytes. */
    public static byte[] toBytes(Block block) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Replaces the parameters of the initialised {@code block} by those in {@code bytes} (arrays in {@code manager}),
     * closes the replaced arrays, and re-enables gradients on the parameters that require them.
     *
     * @throws IllegalArgumentException if the bytes do not fit the block
     */
    public static void load(Block block, NDManager manager, byte[] bytes) {
        List<NDArray> old = new ArrayList<>();
        for (Pair<String, Parameter> parameter : block.getParameters()) {
            old.add(parameter.getValue().getArray());
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            block.loadParameters(manager, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MalformedModelException e) {
            throw new IllegalArgumentException("parameters do not fit the model: " + e.getMessage(), e);
        }
        old.forEach(NDArray::close);
        for (Pair<String, Parameter> parameter : block.getParameters()) {
            parameter.getValue().getArray().setRequiresGradient(parameter.getValue().requiresGradient());
        }
    }

    /** The raw bytes of every parameter, by name: for bit-exact comparisons. */
    public static Map<String, byte[]> rawBytes(Block block) {
        Map<String, byte[]> values = new LinkedHashMap<>();
        for (Pair<String, Parameter> parameter : block.getParameters()) {
            NDArray array = parameter.getValue().getArray();
            try (NDArray detached = array.stopGradient()) {
                values.put(parameter.getKey(), detached.toByteArray());
            }
        }
        return values;
    }
}
