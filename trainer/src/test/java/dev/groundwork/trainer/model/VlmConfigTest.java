package dev.groundwork.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VlmConfigTest {

    @Test
    void presets_have_the_documented_token_counts() {
        assertThat(VlmConfig.tiny().imageTokens()).isEqualTo(16);
        assertThat(VlmConfig.small().imageTokens()).isEqualTo(64);
        assertThat(VlmConfig.base().imageTokens()).isEqualTo(144);
        assertThat(VlmConfig.tiny().headSize()).isEqualTo(32);
    }

    @Test
    void sizes_that_do_not_divide_are_rejected() {
        assertThatThrownBy(() -> new VlmConfig(30, 8, 128, 2, 2, 4, 48, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("patchSize");
        assertThatThrownBy(() -> new VlmConfig(32, 8, 130, 2, 2, 4, 48, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("heads");
        assertThatThrownBy(() -> new VlmConfig(32, 8, 128, 0, 2, 4, 48, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("encoderLayers");
    }

    @Test
    void the_stem_is_patch_by_default_and_conv_needs_a_power_of_two_patch() {
        assertThat(VlmConfig.tiny().stem()).isEqualTo(VlmConfig.PATCH_STEM);
        assertThat(new VlmConfig(32, 8, 128, 2, 2, 4, 48, 4, null).stem()).isEqualTo(VlmConfig.PATCH_STEM);
        assertThat(VlmConfig.tiny().withStem(VlmConfig.CONV_STEM).imageTokens()).isEqualTo(16);
        assertThatThrownBy(() -> new VlmConfig(36, 6, 128, 2, 2, 4, 48, 4, VlmConfig.CONV_STEM))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("power of two");
        assertThatThrownBy(() -> VlmConfig.tiny().withStem("resnet")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("stem");
    }
}
