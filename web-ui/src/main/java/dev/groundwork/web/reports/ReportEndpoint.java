package dev.groundwork.web.reports;

import dev.groundwork.storage.training.EvaluationReport.ReportFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * An evaluation's audit report from the artifact store: {@code report.html} inline (the Reports view shows it in an
 * iframe) and {@code report.pdf} as a download named after the report. Only reviewers and admins reach it
 * (SecurityConfiguration). The file is the one behind the stored {@code file:} URI; a URI outside the artifact store is
 * refused (403), a file no longer there is a 404 that says so. The HTML is self-contained (images inline), so it is
 * served under a content security policy that runs no script and loads nothing but inline styles and {@code data:}
 * images, in a sandbox of its own.
 */
@RestController
public class ReportEndpoint {

    private static final Logger log = LoggerFactory.getLogger(ReportEndpoint.class);

    /** The report's HTML may be framed by the workbench's own pages, nothing else may run or load. */
    static final String HTML_POLICY = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
            + "font-src data:; frame-ancestors 'self'";

    private final EvaluationReports reports;
    private final ArtifactFiles artifacts;

    public ReportEndpoint(EvaluationReports reports, ArtifactFiles artifacts) {
        this.reports = reports;
        this.artifacts = artifacts;
    }

    /** Where the report's HTML is served, relative to the application's root. */
    public static String htmlPath(String key) {
        return "api/reports/" + key + "/report.html";
    }

    /** Where the report's PDF is served, relative to the application's root. */
    public static String pdfPath(String key) {
        return "api/reports/" + key + "/report.pdf";
    }

    @GetMapping("/api/reports/{key}/report.html")
    public ResponseEntity<Resource> html(@PathVariable("key") String key) {
        return serve(key, ReportFiles::reportHtmlUri, summary -> ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                        .filename("report.html", StandardCharsets.UTF_8).build().toString())
                .header("Content-Security-Policy", HTML_POLICY));
    }

    @GetMapping("/api/reports/{key}/report.pdf")
    public ResponseEntity<Resource> pdf(@PathVariable("key") String key) {
        return serve(key, ReportFiles::reportPdfUri, summary -> ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(ReportFormat.pdfFileName(summary.title(), summary.key()), StandardCharsets.UTF_8)
                        .build().toString()));
    }

    private ResponseEntity<Resource> serve(String key, Function<ReportFiles, String> uri,
            Function<EvaluationReports.Summary, ResponseEntity.BodyBuilder> headers) {
        var summary = reports.byKey(key);
        if (summary.isEmpty()) {
            return text(HttpStatus.NOT_FOUND, "no evaluation report '" + key + "'");
        }
        String location = uri.apply(summary.get().files());
        String title = summary.get().title();
        Path file;
        try {
            file = artifacts.file(location);
        } catch (ArtifactFiles.OutsideStoreException e) {
            log.warn("refused to serve report {}: {}", key, e.getMessage());
            return text(HttpStatus.FORBIDDEN, "the report's file is not in the artifact store: " + e.getMessage());
        } catch (ArtifactFiles.MissingFileException e) {
            return text(HttpStatus.NOT_FOUND, "the file of report '" + title + "' is gone: " + e.getMessage());
        }
        long length;
        try {
            length = Files.size(file);
        } catch (IOException e) {
            return text(HttpStatus.NOT_FOUND, "the file of report '" + title + "' cannot be read: " + e.getMessage());
        }
        return headers.apply(summary.get())
                .contentLength(length)
                .cacheControl(CacheControl.noStore())
                .header("X-Content-Type-Options", "nosniff")
                .body(new FileSystemResource(file));
    }

    private static ResponseEntity<Resource> text(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noStore())
                .body(new ByteArrayResource((message + "\n").getBytes(StandardCharsets.UTF_8)));
    }
}
