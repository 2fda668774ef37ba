package dev.groundwork.web.review;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.annotation.agreement.AgreementService.Report;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class AgreementChartsTest {

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

    private static BufferedImage decode(byte[] png) throws Exception {
        assertThat(Arrays.copyOf(png, 8)).containsExactly(PNG_SIGNATURE);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image).isNotNull();
        return image;
    }

    /** Pixels painted in the bar colour: none without bars, many with. */
    private static long barPixels(BufferedImage image) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == (AgreementCharts.BAR.getRGB() & 0xFFFFFF)) {
                    n++;
                }
            }
        }
        return n;
    }

    private static AnnotatorAgreement row(String id, OptionalDouble kappa) {
        return new AnnotatorAgreement(id, kappa, 1, 10, OptionalDouble.empty(), 0);
    }

    @Test
    void the_annotator_chart_is_a_png_of_the_asked_size_with_bars() throws Exception {
        byte[] png = AgreementCharts.annotatorKappa(List.of(row("a", OptionalDouble.of(0.6)), row("b", OptionalDouble.of(-0.2)),
                row("c", OptionalDouble.empty())), id -> "Judge " + id, 640, 320);
        assertThat(GraphicsEnvironment.isHeadless()).isTrue();
        BufferedImage image = decode(png);
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(320);
        assertThat(png.length).isBetween(2_000, 200_000);
        assertThat(barPixels(image)).isGreaterThan(1_000);
    }

    @Test
    void the_annotator_chart_grows_with_its_annotators_and_is_kept_for_a_look() throws Exception {
        List<AnnotatorAgreement> rows = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            rows.add(new AnnotatorAgreement("subject-" + i, OptionalDouble.of(i / 10.0 - 0.2), 2, 12 + 3 * i,
                    OptionalDouble.empty(), 0));
        }
        byte[] png = AgreementCharts.annotatorKappa(rows, id -> "Annotator With A Long Name (" + id + ")",
                AgreementCharts.WIDTH, AgreementCharts.HEIGHT);
        BufferedImage image = decode(png);
        assertThat(image.getHeight()).isEqualTo(AgreementCharts.annotatorChartHeight(9)).isGreaterThan(AgreementCharts.HEIGHT);
        // Saved as a test artefact: the full names, the sample sizes and the value labels are to be read on it.
        Files.createDirectories(Path.of("target/charts"));
        Files.write(Path.of("target/charts/annotator-kappa-9.png"), png);
    }

    @Test
    void a_higher_kappa_draws_a_taller_bar() throws Exception {
        long low = barPixels(decode(AgreementCharts.annotatorKappa(List.of(row("a", OptionalDouble.of(0.2))), id -> id, 400, 300)));
        long high = barPixels(decode(AgreementCharts.annotatorKappa(List.of(row("a", OptionalDouble.of(0.8))), id -> id, 400, 300)));
        assertThat(high).isGreaterThan(3 * low);
    }

    @Test
    void the_dataset_chart_draws_the_defined_figures_and_an_empty_report_draws_no_bar() throws Exception {
        Report report = new Report("d", 30, 3, OptionalDouble.of(0.41), OptionalDouble.of(0.38), 28, List.of());
        BufferedImage image = decode(AgreementCharts.datasetFigures(report, 480, 300));
        assertThat(image.getWidth()).isEqualTo(480);
        assertThat(image.getHeight()).isEqualTo(300);
        assertThat(barPixels(image)).isGreaterThan(1_000);

        Report nothing = new Report("d", 0, 0, OptionalDouble.empty(), OptionalDouble.empty(), 0, List.of());
        assertThat(barPixels(decode(AgreementCharts.datasetFigures(nothing, 480, 300)))).isZero();
    }
}
