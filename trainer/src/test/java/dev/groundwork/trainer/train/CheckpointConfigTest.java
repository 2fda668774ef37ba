package dev.groundwork.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.trainer.model.VlmConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointConfigTest {

    @Test
    void model_json_round_trips_the_stem(@TempDir Path dir) throws Exception {
        VlmConfig conv = VlmConfig.tiny().withStem(VlmConfig.CONV_STEM);
        Checkpoint.writeConfig(dir, conv);
        assertThat(Checkpoint.readConfig(dir)).isEqualTo(conv);
    }

    @Test
    void a_model_json_written_before_the_stem_existed_reads_as_the_patch_stem(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(Checkpoint.MODEL_CONFIG), """
                {"imageSize": 32, "patchSize": 8, "hiddenSize": 128, "encoderLayers": 2, "decoderLayers": 2, "heads": 4,
                 "maxTextLength": 48, "mlpRatio": 4}""");
        assertThat(Checkpoint.readConfig(dir)).isEqualTo(VlmConfig.tiny());
    }
}
