package dev.groundwork.web.api.imports;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.groundwork.storage.dataset.DatasetName;
import dev.groundwork.storage.dataset.ImportError;
import dev.groundwork.storage.dataset.ImportSummary;
import dev.groundwork.web.api.ApiCaller;
import dev.groundwork.web.api.ApiPaths;
import dev.groundwork.web.api.CursorPage;
import dev.groundwork.web.api.NotFoundException;
import dev.groundwork.web.api.PageLimits;
import dev.groundwork.web.api.UnprocessableException;
import dev.groundwork.web.datasets.DatasetUpload;
import dev.groundwork.web.security.Roles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Dataset imports over the API: the request body is the dataset file itself (a zip in the dataset format, a POPE
 * {@code .jsonl} or a COCO {@code .json}), staged under the upload limit and imported by the same importer and queue
 * as the Datasets view's uploads. The answer is a job to poll; its errors are the importer's (file, line, field).
 */
@RestController
@Tag(name = "imports", description = "Dataset uploads and their import jobs")
public class ImportsApi {

    /** A job as polled: its status, its progress in the current phase, and the importer's errors when it failed. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record JobView(String id, ImportJobs.Status status, String fileName,
            @Schema(description = "the dataset's name once known: the requested one, or the imported one") Optional<String> dataset,
            Progress progress, Instant createdAt, Optional<Instant> finishedAt, List<ErrorView> errors,
            @Schema(description = "what was stored, once SUCCEEDED") Optional<SummaryView> summary) {

        static JobView of(ImportJobs.Snapshot s) {
            return new JobView(s.id(), s.status(), s.fileName(), s.dataset(),
                    new Progress(s.phase().map(p -> p.name()), s.phase().map(p -> p.label()), s.done(), s.total()),
                    s.createdAt(), s.finishedAt(), s.errors().stream().map(ErrorView::of).toList(),
                    s.summary().map(SummaryView::of));
        }
    }

    /** How far the import has got: the phase (READING, IMAGES, STORING, FINISHING) and its steps done of total. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Progress(Optional<String> phase, Optional<String> label, int done, int total) {}

    /** One problem the importer found: the file, the line (0 when none) and field (null when none), and what is wrong. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ErrorView(String file, int line, Optional<String> field, String message) {
        static ErrorView of(ImportError e) {
            return new ErrorView(e.file(), e.line(), Optional.ofNullable(e.field()), e.message());
        }
    }

    /** What a finished import stored. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record SummaryView(String dataset, String sourceFormat, int items, int responses, int imagesNew,
            int imagesReused, String digest) {
        static SummaryView of(ImportSummary s) {
            return new SummaryView(s.dataset(), s.sourceFormat(), s.items(), s.responses(), s.imagesNew(),
                    s.imagesReused(), s.digest());
        }
    }

    private final ImportJobs jobs;
    private final DatasetUpload stager;
    private final PageLimits limits;

    public ImportsApi(ImportJobs jobs, PageLimits limits,
            @Value("${groundwork.web.max-upload-bytes:536870912}") long maxUploadBytes) {
        this.jobs = jobs;
        this.limits = limits;
        this.stager = DatasetUpload.stager(maxUploadBytes);
    }

    @PostMapping(ApiPaths.DATASET_UPLOAD)
    @Operation(summary = "Upload a dataset file and queue its import; poll the job the answer names",
            description = "The body is the file itself, up to groundwork.web.max-upload-bytes: application/zip (a "
                    + "dataset folder, or POPE files with their images), application/x-ndjson (a POPE question file) or "
                    + "application/json (COCO instances). Answers 202 with the job and Location: /api/v1/imports/{id}.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
                    @Content(mediaType = "application/zip", schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = "application/x-ndjson", schema = @Schema(type = "string", format = "binary")),
                    @Content(mediaType = "application/json", schema = @Schema(type = "string", format = "binary"))}))
    public ResponseEntity<JobView> upload(HttpServletRequest request,
            @Parameter(description = "the dataset's name; else the manifest's, else the file name's stem")
            @RequestParam("name") Optional<String> name,
            @Parameter(description = "the file's name, whose extension says its kind; else upload.zip, upload.jsonl or "
                    + "upload.json by Content-Type") @RequestParam("filename") Optional<String> filename) throws IOException {
        name.ifPresent(n -> DatasetName.problem(n).ifPresent(p -> {
            throw new UnprocessableException("name", p);
        }));
        String file = filename.filter(f -> !f.isBlank()).orElseGet(() -> defaultFileName(request.getContentType()));
        DatasetUpload.typeProblem(file).ifPresent(p -> {
            throw new UnprocessableException("filename", p);
        });
        DatasetUpload.Staged staged;
        try (InputStream in = request.getInputStream()) {
            staged = stager.stage(file, in, request.getContentLengthLong());
        } catch (DatasetUpload.TooLargeException e) {
            throw new ResponseStatusException(HttpStatus.PAYLOAD_TOO_LARGE, e.getMessage());
        }
        ImportJobs.Snapshot job = jobs.submit(staged, name, ApiCaller.actor());
        return ResponseEntity.accepted().location(URI.create(ApiPaths.V1 + "/imports/" + job.id())).body(JobView.of(job));
    }

    @GetMapping(ApiPaths.V1 + "/imports/{id}")
    @Operation(summary = "One import job: its status, progress and, when it failed, the importer's errors",
            description = "Jobs are kept in the workbench's memory for 24 hours; a restart forgets them (an import is "
                    + "all-or-nothing, so a forgotten job left no half dataset). A pipeline sees its own jobs, an admin all.")
    public JobView job(@PathVariable("id") String id) {
        return jobs.find(id, ApiCaller.actor(), seesAll()).map(JobView::of)
                .orElseThrow(() -> new NotFoundException("no import job " + id + " (jobs are kept for 24 hours)"));
    }

    @GetMapping(ApiPaths.V1 + "/imports")
    @Operation(summary = "The caller's import jobs (an admin's: everyone's), newest first")
    public CursorPage<JobView> list(
            @Parameter(description = "next_cursor of the previous page") @RequestParam("cursor") Optional<String> cursor,
            @RequestParam(name = "limit", defaultValue = "" + PageLimits.DEFAULT) int limit) {
        int n = limits.of(limit);
        long before = cursor.map(CursorPage::decodeLong).orElse(Long.MAX_VALUE);
        List<ImportJobs.Snapshot> fetched = jobs.list(ApiCaller.actor(), seesAll(), before, n + 1);
        CursorPage<ImportJobs.Snapshot> page = CursorPage.of(fetched, n, s -> Long.toString(s.sequence()));
        return new CursorPage<>(page.items().stream().map(JobView::of).toList(), page.nextCursor());
    }

    private static boolean seesAll() {
        return Optional.ofNullable(SecurityContextHolder.getContext().getAuthentication()).stream()
                .flatMap(a -> a.getAuthorities().stream()).map(GrantedAuthority::getAuthority)
                .anyMatch(("ROLE_" + Roles.ADMIN)::equals);
    }

    /** A file name whose extension tells the importer what the body is. */
    static String defaultFileName(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("application/x-ndjson") || type.startsWith("application/jsonl")) {
            return "upload.jsonl";
        }
        if (type.startsWith("application/json")) {
            return "upload.json";
        }
        return "upload.zip";
    }
}
