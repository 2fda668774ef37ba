package dev.groundwork.trainer.report;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.util.XRLog;
import dev.groundwork.trainer.eval.Bootstrap;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Renders an {@link AuditReport} to {@code report.html} and {@code report.pdf} from one Mustache template
 * ({@code report.mustache}, XHTML): the HTML is the template's output, self-contained (charts and images inline as
 * {@code data:} URIs), and the PDF is that same HTML laid out by openhtmltopdf on PDFBox. The PDF embeds DejaVu Sans
 * when the system has it ({@code fonts-dejavu-core}) and falls back to the PDF base fonts otherwise; the template's
 * text is kept to characters both can show.
 */
public final class ReportRenderer {

    /** The report's files in its directory. */
    public static final String HTML = "report.html";
    public static final String PDF = "report.pdf";

    /** The metrics a summary sentence is written for, when the report has them. */
    static final List<String> HEADLINE = List.of("chair_i", "pope_f1_score_adversarial", "pope_accuracy_random");

    /** Where Debian's fonts-dejavu-core puts the fonts the PDF embeds. */
    private static final Path DEJAVU = Path.of("/usr/share/fonts/truetype/dejavu");

    private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    static {
        // openhtmltopdf logs its layout steps at INFO through java.util.logging; a command line has no use for them.
        XRLog.setLoggingEnabled(false);
    }

    private final Mustache template;

    public ReportRenderer() {
        this.template = new DefaultMustacheFactory("dev/groundwork/trainer/report").compile("report.mustache");
    }

    /** The files written. */
    public record Written(Path html, Path pdf) {}

    /** Writes {@value #HTML} and {@value #PDF} into {@code directory} (created if missing), each atomically. */
    public Written write(AuditReport report, Path directory) {
        String html = html(report);
        Path htmlFile = directory.resolve(HTML);
        Path pdfFile = directory.resolve(PDF);
        try {
            Files.createDirectories(directory);
            Path tmp = directory.resolve(HTML + ".partial");
            Files.writeString(tmp, html, StandardCharsets.UTF_8);
            Files.move(tmp, htmlFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Path pdfTmp = directory.resolve(PDF + ".partial");
            try (OutputStream out = Files.newOutputStream(pdfTmp)) {
                pdf(html, htmlFile.toUri().toString(), out);
            }
            Files.move(pdfTmp, pdfFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report into " + directory + ": " + e.getMessage(), e);
        }
        return new Written(htmlFile, pdfFile);
    }

    /** The report as a self-contained XHTML page. */
    public String html(AuditReport report) {
        StringWriter out = new StringWriter();
        template.execute(out, view(report));
        return out.toString();
    }

    /** Lays out {@code html} (the template's output) as PDF into {@code out}. */
    static void pdf(String html, String baseUri, OutputStream out) throws IOException {
        PdfRendererBuilder builder = new PdfRendererBuilder();
        builder.useFastMode();
        builder.withHtmlContent(html, baseUri);
        for (String[] font : new String[][] {{"DejaVuSans.ttf", "400", "NORMAL"}, {"DejaVuSans-Bold.ttf", "700", "NORMAL"},
                {"DejaVuSans-Oblique.ttf", "400", "ITALIC"}}) {
            Path file = DEJAVU.resolve(font[0]);
            if (Files.isRegularFile(file)) {
                builder.useFont(file.toFile(), "DejaVu Sans", Integer.valueOf(font[1]),
                        FontStyle.valueOf(font[2]), true);
            }
        }
        builder.toStream(out);
        builder.run();
    }

    private static Map<String, Object> view(AuditReport report) {
        Map<String, Object> v = new LinkedHashMap<>();
        List<AuditReport.CheckpointInfo> cps = report.checkpoints();
        v.put("title", report.title());
        v.put("suite", report.suite());
        v.put("items", report.items());
        v.put("created", CREATED.format(report.createdAt()));
        v.put("seed", report.seed());
        v.put("resamples", report.resamples());
        v.put("checkpointCount", cps.size());
        v.put("checkpointList", String.join(", ", cps.stream().map(c -> c.label() + " (" + c.objective() + ")").toList()));
        v.put("checkpoints", cps.stream().map(c -> Map.of("label", c.label(), "objective", c.objective(), "uri", c.uri(),
                "provenance", c.provenance().entrySet().stream().map(e -> Map.of("key", e.getKey(), "value", e.getValue()))
                        .toList())).toList());
        v.put("headlines", headlines(report));
        v.put("rows", report.metrics().stream().map(row -> Map.of("label", row.label(), "name", row.name(), "cells",
                row.values().stream().map(i -> Map.of("value", number(i.estimate()), "ci", interval(i))).toList())).toList());
        v.put("hasNotes", !report.notes().isEmpty());
        v.put("notes", report.notes());
        List<Map<String, String>> charts = charts(report);
        v.put("firstChart", charts.subList(0, Math.min(1, charts.size())));
        v.put("moreCharts", charts.subList(Math.min(1, charts.size()), charts.size()));
        boolean deltas = cps.size() > 1 && report.metrics().stream().anyMatch(r -> !r.deltas().isEmpty());
        v.put("hasDeltas", deltas);
        v.put("baseline", cps.get(0).label());
        v.put("others", cps.subList(1, cps.size()).stream().map(c -> Map.of("label", c.label())).toList());
        v.put("deltaRows", report.metrics().stream().filter(r -> !r.deltas().isEmpty()).map(ReportRenderer::deltaRow).toList());
        v.put("worstCount", report.worst().size());
        List<Map<String, Object>> worst = new ArrayList<>();
        for (int i = 0; i < report.worst().size(); i++) {
            worst.add(worstCase(i + 1, report.worst().get(i)));
        }
        v.put("worst", worst);
        return v;
    }

    private static List<Map<String, String>> headlines(AuditReport report) {
        List<AuditReport.MetricRow> rows = new ArrayList<>();
        for (String name : HEADLINE) {
            report.metrics().stream().filter(r -> r.name().equals(name)).findFirst().ifPresent(rows::add);
        }
        if (rows.isEmpty()) {
            rows.addAll(report.metrics().subList(0, Math.min(2, report.metrics().size())));
        }
        List<AuditReport.CheckpointInfo> cps = report.checkpoints();
        List<Map<String, String>> out = new ArrayList<>();
        for (int c = 0; c < cps.size(); c++) {
            StringBuilder s = new StringBuilder(cps.get(c).label()).append(": ");
            for (int r = 0; r < rows.size(); r++) {
                AuditReport.MetricRow row = rows.get(r);
                s.append(r == 0 ? "" : ", ").append(row.label()).append(' ').append(number(row.values().get(c).estimate()));
                if (c > 0 && !row.deltas().isEmpty()) {
                    Bootstrap.Interval d = row.deltas().get(c - 1);
                    s.append(" (").append(signed(d.estimate())).append(" vs ").append(cps.get(0).label()).append(')');
                }
            }
            out.add(Map.of("text", s.toString()));
        }
        return out;
    }

    private static List<Map<String, String>> charts(AuditReport report) {
        List<Map<String, String>> charts = new ArrayList<>();
        for (String[] group : new String[][] {{AuditReport.MetricRow.HALLUCINATION, "Hallucination rate by type (lower is better)", "rate"},
                {AuditReport.MetricRow.POPE, "POPE by split (higher is better, yes-ratio ideally 0.5)", "score"}}) {
            List<AuditReport.MetricRow> rows = report.metrics().stream().filter(r -> r.group().equals(group[0])).toList();
            if (!rows.isEmpty()) {
                byte[] png = ReportCharts.groupedBars(group[1], group[2], rows, report.checkpoints());
                charts.add(Map.of("title", group[1], "png", Base64.getEncoder().encodeToString(png)));
            }
        }
        return charts;
    }

    private static Map<String, Object> deltaRow(AuditReport.MetricRow row) {
        List<Map<String, String>> cells = new ArrayList<>();
        for (int c = 1; c < row.values().size(); c++) {
            Bootstrap.Interval d = row.deltas().get(c - 1);
            cells.add(Map.of("value", number(row.values().get(c).estimate()), "delta", signed(d.estimate()), "ci",
                    "[" + signed(d.lower()) + ", " + signed(d.upper()) + "]", "verdict", verdict(row.direction(), d)));
        }
        return Map.of("label", row.label(), "base", number(row.values().get(0).estimate()), "cells", cells);
    }

    /** {@code better} or {@code worse} when the whole interval lies on one side of zero, else empty. */
    static String verdict(AuditReport.Direction direction, Bootstrap.Interval d) {
        int sign = d.lower() > 0 ? 1 : d.upper() < 0 ? -1 : 0;
        return switch (direction) {
            case LOWER_IS_BETTER -> sign < 0 ? "better" : sign > 0 ? "worse" : "";
            case HIGHER_IS_BETTER -> sign > 0 ? "better" : sign < 0 ? "worse" : "";
            case NEUTRAL -> "";
        };
    }

    private static Map<String, Object> worstCase(int rank, AuditReport.WorstCase w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rank", rank);
        m.put("checkpoint", w.checkpoint());
        m.put("itemId", w.itemId());
        m.put("category", w.category());
        m.put("prompt", w.prompt());
        m.put("why", w.why());
        m.put("segments", segments(w.answer(), w.spans()));
        w.imagePng().map(ReportRenderer::enlarged).ifPresent(png -> m.put("image", Base64.getEncoder().encodeToString(png)));
        return m;
    }

    /** The answer cut into marked and unmarked pieces; overlapping spans are merged. */
    static List<Map<String, Object>> segments(String answer, List<AuditReport.Span> spans) {
        boolean[] marked = new boolean[answer.length()];
        for (AuditReport.Span s : spans) {
            for (int i = s.start(); i < s.end(); i++) {
                marked[i] = true;
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= answer.length(); i++) {
            if (i == answer.length() || marked[i] != marked[start]) {
                out.add(Map.of("text", answer.substring(start, i), "marked", marked[start]));
                start = i;
            }
        }
        return out;
    }

    /** Scene images are small (64 to 96 px): scaled up by pixel repetition to about 192 px, so both formats stay sharp. */
    static byte[] enlarged(byte[] png) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
            if (image == null || image.getWidth() >= 192) {
                return png;
            }
            int factor = Math.max(1, 192 / image.getWidth());
            BufferedImage big = new BufferedImage(image.getWidth() * factor, image.getHeight() * factor, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < big.getHeight(); y++) {
                for (int x = 0; x < big.getWidth(); x++) {
                    big.setRGB(x, y, image.getRGB(x / factor, y / factor));
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(big, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a worst-case image", e);
        }
    }

    static String number(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : "n/a";
    }

    static String signed(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%+.3f", value) : "n/a";
    }

    static String interval(Bootstrap.Interval i) {
        return Double.isFinite(i.lower()) ? "[" + number(i.lower()) + ", " + number(i.upper()) + "]" : "";
    }
}
