package dev.groundwork.web.reports;

import dev.groundwork.annotation.event.EvaluationCompleted;
import dev.groundwork.annotation.event.EvaluationCompleted.EvaluatedCheckpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Evaluation reports for the tests: the event the trainer publishes, and small real report files it would write. */
public final class TestReports {

    /** The text {@link #writeFiles} puts in the report's HTML (and its PDF), the dpo checkpoint's CHAIR_i. */
    public static final String HEADLINE = "CHAIR_i dpo 0.125";

    private TestReports() {}

    /** sft vs dpo on {@code suite}: sft CHAIR_i 0.312, POPE adversarial F1 0.701; dpo 0.125 and 0.802. */
    public static EvaluationCompleted event(String key, String title, String suite, Path dir, Instant at) {
        return new EvaluationCompleted(UUID.randomUUID().toString(), EvaluationCompleted.TYPE,
                EvaluationCompleted.SCHEMA_VERSION, at, key, suite, title, 40, 7,
                List.of(new EvaluatedCheckpoint("sft", "file:///artifacts/runs/sft/", "sft",
                                Map.of("chair_i", 0.312, "chair_s", 0.55, "pope_f1_score_adversarial", 0.701)),
                        new EvaluatedCheckpoint("dpo", "file:///artifacts/runs/dpo/", "dpo",
                                Map.of("chair_i", 0.125, "chair_s", 0.3, "pope_f1_score_adversarial", 0.802))),
                dir.resolve("metrics.json").toUri().toString(), dir.resolve("samples.jsonl").toUri().toString(),
                dir.resolve("report.html").toUri().toString(), dir.resolve("report.pdf").toUri().toString());
    }

    /** Writes {@code report.html} (self-contained, an inline image) and {@code report.pdf} into {@code dir}. */
    public static void writeFiles(Path dir, String title) throws IOException {
        Files.createDirectories(dir);
        String pixel = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
        Files.writeString(dir.resolve("report.html"), """
                <!doctype html>
                <html><head><meta charset="utf-8"><title>%s</title><style>td{padding:2px 8px}</style></head>
                <body><h1>%s</h1>
                <p id="headline">%s</p>
                <table><tr><th>checkpoint</th><th>CHAIR_i</th></tr><tr><td>sft</td><td>0.312</td></tr>
                <tr><td>dpo</td><td>0.125</td></tr></table>
                <img alt="chart" src="data:image/png;base64,%s">
                </body></html>
                """.formatted(title, title, HEADLINE, pixel));
        Files.write(dir.resolve("report.pdf"), pdf(title + " - " + HEADLINE));
        Files.writeString(dir.resolve("metrics.json"), "{\"sft\":{\"chair_i\":0.312},\"dpo\":{\"chair_i\":0.125}}\n");
        Files.writeString(dir.resolve("samples.jsonl"), "");
    }

    /** A one-page PDF 1.4 with one line of Helvetica text, cross-reference table and all. */
    static byte[] pdf(String text) {
        String escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)");
        String content = "BT /F1 14 Tf 72 720 Td (" + escaped + ") Tj ET";
        List<String> objects = List.of(
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
                        + "/Resources << /Font << /F1 5 0 R >> >> >>",
                "<< /Length " + content.length() + " >>\nstream\n" + content + "\nendstream",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Integer> offsets = new ArrayList<>();
        write(out, "%PDF-1.4\n");
        for (int i = 0; i < objects.size(); i++) {
            offsets.add(out.size());
            write(out, (i + 1) + " 0 obj\n" + objects.get(i) + "\nendobj\n");
        }
        int xref = out.size();
        StringBuilder table = new StringBuilder("xref\n0 " + (objects.size() + 1) + "\n0000000000 65535 f \n");
        offsets.forEach(o -> table.append(String.format("%010d 00000 n \n", o)));
        write(out, table + "trailer\n<< /Size " + (objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n" + xref + "\n%%EOF\n");
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
