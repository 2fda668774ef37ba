package dev.groundwork.trainer.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses where training runs: the first GPU when the engine sees one, otherwise the CPU.
 *
 * <p>On a CPU host nothing needs configuring: libtorch comes from the {@code pytorch-native-cpu} jar on the classpath.
 * To train on a GPU host, point DJL at a CUDA build of libtorch instead:
 *
 * <ul>
 *   <li>{@code PYTORCH_LIBRARY_PATH} = the {@code torch/lib} folder of a torch 2.7.1+cu128 installation
 *       (e.g. {@code .../site-packages/torch/lib} of {@code pip install torch==2.7.1 --index-url .../cu128});
 *   <li>{@code PYTORCH_VERSION=2.7.1} and {@code PYTORCH_FLAVOR=cu128}, so that the DJL JNI bridge
 *       ({@code pytorch-jni 2.7.1-0.36.0}) matches the library;
 *   <li>the CPU native jar ({@code ai.djl.pytorch:pytorch-native-cpu}) off the run-time classpath, otherwise DJL loads
 *       the CPU libtorch from it.
 * </ul>
 *
 * Then {@link Engine#getGpuCount()} is positive and {@link #select()} returns {@code gpu(0)}. Bit-identical resumption
 * is only promised on the CPU (CUDA kernels are not all deterministic).
 */
public final class TrainingDevice {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingDevice.class);

    private TrainingDevice() {
    }

    /** {@code gpu(0)} when the engine has a GPU, else {@code cpu()}; logs the choice. */
    public static Device select() {
        Engine engine = Engine.getInstance();
        Device device = engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
        LOG.info("training on {}", describe(device));
        return device;
    }

    /** "PyTorch 2.7.1 on cpu()": engine name, engine version and device, for provenance. */
    public static String describe(Device device) {
        Engine engine = Engine.getInstance();
        return engine.getEngineName() + " " + engine.getVersion() + " on " + device;
    }
}
