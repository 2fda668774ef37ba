package dev.groundwork.storage.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundwork.storage.support.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageInspectorTest {

    private final ImageInspector inspector = new ImageInspector(new ImageLimits(1_000_000, 1_000_000));

    @Test
    void png_and_jpeg_are_recognised_from_their_bytes_with_dimensions() throws Exception {
        ImageInfo png = inspector.inspect(Fixtures.png(33, 21, 1));
        assertThat(png.format()).isEqualTo(ImageFormat.PNG);
        assertThat(png.width()).isEqualTo(33);
        assertThat(png.height()).isEqualTo(21);
        ImageInfo jpeg = inspector.inspect(Fixtures.jpeg(48, 17, 1));
        assertThat(jpeg.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(jpeg.width()).isEqualTo(48);
        assertThat(jpeg.height()).isEqualTo(17);
        assertThat(jpeg.sha256()).hasSize(64).isEqualTo(ImageInspector.sha256(Fixtures.jpeg(48, 17, 1)));
    }

    @Test
    void oversized_files_and_canvases_are_refused_before_decoding() {
        ImageInspector tiny = new ImageInspector(new ImageLimits(100, 1_000_000));
        assertThatThrownBy(() -> tiny.inspect(Fixtures.png(64, 64, 1))).hasMessageContaining("over the limit of 100");
        assertThatThrownBy(() -> inspector.inspect(Fixtures.pngDeclaring(100_000, 100_000)))
                .isInstanceOf(InvalidImageException.class).hasMessageContaining("100000x100000");
    }

    @Test
    void empty_and_foreign_bytes_are_refused() {
        assertThatThrownBy(() -> inspector.inspect(new byte[0])).hasMessageContaining("empty");
        assertThatThrownBy(() -> inspector.inspect("GIF89a....".getBytes())).hasMessageContaining("not a PNG or JPEG");
    }

    @Test
    void store_deduplicates_and_rollback_removes_only_new_files(@TempDir Path root) {
        ImageStore store = new ImageStore(root);
        byte[] a = Fixtures.png(8, 8, 1);
        byte[] b = Fixtures.png(8, 8, 2);
        String shaA = ImageInspector.sha256(a);
        String shaB = ImageInspector.sha256(b);
        try (ImageStore.Batch first = store.newBatch()) {
            assertThat(first.stage(shaA, a)).isTrue();
            assertThat(first.stage(shaA, a)).isFalse();
            first.publish();
        }
        try (ImageStore.Batch second = store.newBatch()) {
            assertThat(second.stage(shaA, a)).as("stored already: staged again, kept as it is on publish").isTrue();
            assertThat(second.stage(shaB, b)).isTrue();
            second.publish();
            assertThat(store.list()).containsExactlyInAnyOrder(shaA, shaB);
            second.rollback();
        }
        assertThat(store.list()).containsExactly(shaA);
        assertThat(store.read(shaA)).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(a));
        assertThat(Files.exists(root.resolve(".staging"))).isTrue();
        assertThat(root.resolve(".staging").toFile().list()).isEmpty();
    }
}
