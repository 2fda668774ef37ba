package dev.groundwork.trainer.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.storage.world.Scene;
import dev.groundwork.storage.world.World;
import dev.groundwork.storage.world.WorldConfig;
import dev.groundwork.trainer.eval.Bootstrap;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit report renders as HTML and PDF from one template, and the PDF is what a reviewer reads: page 1 is not
 * blank, its text has the headline figures, and it embeds the charts and the worst cases' images. Checked with
 * poppler's {@code pdftoppm}, {@code pdftotext} and {@code pdfimages}, which {@code ./gw test} installs
 * ({@code poppler-utils}).
 */
class ReportRendererTest {

    @TempDir Path dir;

    @Test
    void the_pdf_shows_the_headline_figures_the_charts_and_the_worst_cases_and_the_html_holds_the_same() throws Exception {
        AuditReport report = report();
        ReportRenderer.Written written = new ReportRenderer().write(report, dir);
        String keep = System.getProperty("report.keep"); // a directory to look at the files in, by hand
        if (keep != null) {
            Files.createDirectories(Path.of(keep));
            Files.copy(written.pdf(), Path.of(keep, "report.pdf"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.copy(written.html(), Path.of(keep, "report.html"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }

        Path page = dir.resolve("page");
        run("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", written.pdf().toString(), page.toString());
        Path png;
        try (var files = Files.list(dir)) {
            png = files.filter(p -> p.getFileName().toString().startsWith("page") && p.toString().endsWith(".png"))
                    .findFirst().orElseThrow();
        }
        BufferedImage first = ImageIO.read(png.toFile());
        assertThat(inkShare(first)).as("share of non-white pixels on page 1").isGreaterThan(0.03);

        String text = run("pdftotext", "-layout", written.pdf().toString(), "-");
        // Headline figures: CHAIR_i of the three checkpoints, and mdpo's change against sft.
        assertThat(text).contains("sft vs dpo vs mdpo on world-heldout", "CHAIR_i", "0.412", "0.318", "0.205", "-0.207 vs sft",
                "POPE F1 adversarial", "0.641", "0.790");
        assertThat(text).contains("The 3 worst hallucinations", report.worst().get(0).itemId(), "Provenance", "learning_rate");

        String images = run("pdfimages", "-list", written.pdf().toString());
        // Two charts (hallucination rates, POPE) at 1200 x 560 and three worst cases' scenes (80 px, enlarged to 160);
        // the charts' transparency adds an smask row each.
        List<String> rows = images.lines().skip(2).map(l -> l.trim().replaceAll(" +", " "))
                .filter(l -> l.split(" ").length > 2 && l.split(" ")[2].equals("image")).toList();
        assertThat(rows).as("pdfimages -list:%n%s", images).hasSize(5);
        assertThat(rows).filteredOn(l -> l.contains(" image 1200 560 ")).as("the charts").hasSize(2);
        assertThat(rows).filteredOn(l -> l.contains(" image 160 160 ")).as("the worst cases' scenes").hasSize(3);

        String html = Files.readString(written.html(), StandardCharsets.UTF_8);
        assertThat(html).contains("0.412", "0.318", "0.205", "-0.207 vs sft", "0.641", "0.790", report.worst().get(0).itemId());
        assertThat(html.split("data:image/png;base64,", -1)).as("inline images in the HTML").hasSize(1 + 5);
        assertThat(html).contains("<mark>star</mark>");
    }

    @Test
    void answer_segments_mark_exactly_the_hallucinated_spans() {
        var segments = ReportRenderer.segments("A red star and two squares.", List.of(new AuditReport.Span(6, 10),
                new AuditReport.Span(15, 18), new AuditReport.Span(16, 18)));
        assertThat(segments).extracting(m -> m.get("text") + (Boolean.TRUE.equals(m.get("marked")) ? "*" : ""))
                .containsExactly("A red ", "star*", " and ", "two*", " squares.");
    }

    @Test
    void a_change_is_called_better_or_worse_only_when_its_whole_interval_is_on_one_side() {
        var down = new Bootstrap.Interval(-0.2, -0.3, -0.1, 0.95);
        var unclear = new Bootstrap.Interval(-0.05, -0.1, 0.02, 0.95);
        assertThat(ReportRenderer.verdict(AuditReport.Direction.LOWER_IS_BETTER, down)).isEqualTo("better");
        assertThat(ReportRenderer.verdict(AuditReport.Direction.HIGHER_IS_BETTER, down)).isEqualTo("worse");
        assertThat(ReportRenderer.verdict(AuditReport.Direction.LOWER_IS_BETTER, unclear)).isEmpty();
    }

    static AuditReport report() {
        World world = World.generate(WorldConfig.defaults(40, 7));
        List<AuditReport.CheckpointInfo> cps = new ArrayList<>();
        for (String label : List.of("sft", "dpo", "mdpo")) {
            Map<String, String> provenance = new LinkedHashMap<>();
            provenance.put("objective", label);
            provenance.put("hyper-parameters", "beta=0.1, learning_rate=5.0E-4, batch_size=16");
            provenance.put("learning_rate", "5.0E-4");
            provenance.put("seed", "1");
            provenance.put("data", "synthetic world seed 7, scenes 0..119 train");
            provenance.put("device", "PyTorch 2.7.1 on cpu()");
            provenance.put("code version", "0.1.0-SNAPSHOT");
            cps.add(new AuditReport.CheckpointInfo(label, "file:///srv/artifacts/runs/" + label + "/", label, provenance));
        }
        List<AuditReport.MetricRow> rows = List.of(
                row("chair_i", "CHAIR_i", AuditReport.MetricRow.HALLUCINATION, AuditReport.Direction.LOWER_IS_BETTER, 0.412, 0.318, 0.205),
                row("chair_s", "CHAIR_s", AuditReport.MetricRow.HALLUCINATION, AuditReport.Direction.LOWER_IS_BETTER, 0.6, 0.5, 0.35),
                row("attribute_hallucination_rate", "attribute", AuditReport.MetricRow.HALLUCINATION,
                        AuditReport.Direction.LOWER_IS_BETTER, 0.3, 0.25, 0.2),
                row("cover", "Cover", AuditReport.MetricRow.OTHER, AuditReport.Direction.HIGHER_IS_BETTER, 0.7, 0.72, 0.71),
                row("pope_f1_score_random", "POPE F1 random", AuditReport.MetricRow.POPE, AuditReport.Direction.HIGHER_IS_BETTER,
                        0.81, 0.84, 0.86),
                row("pope_f1_score_adversarial", "POPE F1 adversarial", AuditReport.MetricRow.POPE,
                        AuditReport.Direction.HIGHER_IS_BETTER, 0.641, 0.702, 0.790));
        List<AuditReport.WorstCase> worst = new ArrayList<>();
        for (int i : new int[] {31, 12, 5}) {
            Scene scene = world.scenes().get(i);
            String answer = "A large red circle and a small blue star.";
            int star = answer.indexOf("star");
            worst.add(new AuditReport.WorstCase("sft", scene.name() + "-caption", "caption", "Describe the image.", answer,
                    List.of(new AuditReport.Span(star, star + 4)), "\"star\" is not in the image", Optional.of(world.png(scene))));
        }
        return new AuditReport("sft vs dpo vs mdpo on world-heldout", "world-heldout", Instant.parse("2026-12-01T12:00:00Z"), 900,
                7, 1000, cps, rows, worst, List.of("sft: 3 answers could not be read as yes or no"));
    }

    private static AuditReport.MetricRow row(String name, String label, String group, AuditReport.Direction direction,
            double... values) {
        List<Bootstrap.Interval> v = new ArrayList<>();
        List<Bootstrap.Interval> d = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            v.add(new Bootstrap.Interval(values[i], values[i] - 0.03, values[i] + 0.03, 0.95));
            if (i > 0) {
                double delta = values[i] - values[0];
                d.add(new Bootstrap.Interval(delta, delta - 0.02, delta + 0.02, 0.95));
            }
        }
        return new AuditReport.MetricRow(name, label, group, direction, v, d);
    }

    private static double inkShare(BufferedImage image) {
        long ink = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                int lum = ((rgb >> 16) & 0xFF) + ((rgb >> 8) & 0xFF) + (rgb & 0xFF);
                ink += lum < 3 * 235 ? 1 : 0;
            }
        }
        return (double) ink / (image.getWidth() * (long) image.getHeight());
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException(command[0] + " is missing: install poppler-utils (./gw test does)", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", String.join(" ", command), out).isZero();
        return out;
    }
}
