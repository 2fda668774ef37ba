package dev.groundwork.storage.world;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SceneRendererTest {

    @ParameterizedTest
    @ValueSource(ints = {64, 80, 96})
    void images_have_the_configured_size(int size) {
        World world = World.generate(WorldConfig.defaults(3, 1).withImageSize(size));

        BufferedImage image = world.render(world.scenes().get(0));

        assertThat(image.getWidth()).isEqualTo(size);
        assertThat(image.getHeight()).isEqualTo(size);
        assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 80, 96})
    void the_pixel_at_each_object_centre_has_the_object_colour(int size) {
        World world = World.generate(WorldConfig.defaults(150, 21).withImageSize(size));
        int checked = 0;
        for (Scene scene : world.scenes()) {
            BufferedImage image = world.render(scene);
            for (WorldObject o : scene.objects()) {
                // A ring is hollow: look on its band, right of the centre, instead.
                double offset = o.shape() == Shape.RING ? 0.775 * o.width() / 2.0 : 0.0;
                int x = (int) Math.floor(o.centreX() + offset);
                int y = (int) Math.floor(o.centreY());
                assertThat(image.getRGB(x, y) & 0xFFFFFF)
                        .as("%s object %d (%s)", scene.name(), o.id(), o.shape())
                        .isEqualTo(o.colour().rgb());
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(300);
    }

    @Test
    void a_ring_is_hollow_and_the_background_is_light_and_noisy() {
        World world = World.generate(WorldConfig.defaults(200, 2));
        Scene scene = world.scenes().stream()
                .filter(s -> s.presentShapes().contains(Shape.RING))
                .findFirst()
                .orElseThrow();
        BufferedImage image = world.render(scene);
        WorldObject ring = scene.objects().stream().filter(o -> o.shape() == Shape.RING).findFirst().orElseThrow();

        int centre = image.getRGB((int) Math.floor(ring.centreX()), (int) Math.floor(ring.centreY())) & 0xFFFFFF;
        assertThat(centre).isNotEqualTo(ring.colour().rgb());
        Set<Integer> objectColours = Arrays.stream(Colour.values()).map(Colour::rgb).collect(Collectors.toSet());
        assertThat(objectColours).doesNotContain(centre);
        assertThat((centre >> 16) & 0xFF).isGreaterThan(200);
        int[] corner = image.getRGB(0, 0, 2, 2, null, 0, 2);
        assertThat(Arrays.stream(corner).distinct().count()).as("noise varies pixels").isGreaterThan(1);
    }

    @Test
    void png_bytes_are_reproducible_and_decode_to_the_rendered_pixels() throws IOException {
        World world = World.generate(WorldConfig.defaults(5, 13));
        Scene scene = world.scenes().get(4);

        byte[] png = world.png(scene);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
        BufferedImage rendered = world.render(scene);

        assertThat(world.png(scene)).isEqualTo(png);
        assertThat(decoded.getRGB(0, 0, 80, 80, null, 0, 80)).isEqualTo(rendered.getRGB(0, 0, 80, 80, null, 0, 80));
    }
}
