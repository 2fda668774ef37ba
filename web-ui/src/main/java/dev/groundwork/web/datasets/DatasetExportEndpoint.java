package dev.groundwork.web.datasets;

import dev.groundwork.annotation.preference.PreferencePolicy;
import dev.groundwork.annotation.export.TrlExporter;
import dev.groundwork.annotation.export.TrlStyle;
import dev.groundwork.storage.dataset.DatasetExporter;
import dev.groundwork.storage.dataset.DatasetNotFoundException;
import dev.groundwork.storage.dataset.DatasetRepository;
import dev.groundwork.web.security.CurrentUser;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Principal;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Downloads a dataset as a zip: {@code format=native} (manifest and images, importable again) or
 * {@code format=trl} (preference pairs for TRL's DPO trainer; {@code allowCritic=true} also keeps
 * pairs only a critic judged, as {@code ./gw export --allow-critic} does; {@code trlStyle=conversational}, the
 * default, or {@code plain}, as {@code ./gw export --trl-style}, see {@link TrlStyle}). The export is written
 * with the same exporters as the command line, which record it in the audit log, into a temporary
 * folder that is zipped, streamed and removed once sent. Only admins reach it (SecurityConfiguration).
 */
@RestController
public class DatasetExportEndpoint {

    public static final List<String> FORMATS = List.of("native", "trl");

    private final DatasetRepository datasets;
    private final DatasetExporter exporter;
    private final TrlExporter trlExporter;

    public DatasetExportEndpoint(DatasetRepository datasets, DatasetExporter exporter, TrlExporter trlExporter) {
        this.datasets = datasets;
        this.exporter = exporter;
        this.trlExporter = trlExporter;
    }

    /**
     * The download link of a dataset's export, every part URL-encoded: the name as one path segment (a slash or a
     * {@code ?} in a name cannot change the path or the query), the options as query parameters.
     */
    public static String link(String dataset, String format, boolean allowCritic) {
        UriComponentsBuilder link = UriComponentsBuilder.fromPath("/api/datasets/{name}/export").queryParam("format", format);
        if (allowCritic) {
            link.queryParam("allowCritic", true);
        }
        return link.encode().buildAndExpand(dataset).toUriString();
    }

    @GetMapping("/api/datasets/{name}/export")
    public ResponseEntity<Resource> export(@PathVariable("name") String name,
            @RequestParam(name = "format", defaultValue = "native") String format,
            @RequestParam(name = "allowCritic", defaultValue = "false") boolean allowCritic,
            @RequestParam(name = "trlStyle", defaultValue = "conversational") String trlStyle, Principal principal)
            throws IOException {
        if (!FORMATS.contains(format)) {
            return text(HttpStatus.BAD_REQUEST, "unknown export format '" + format + "' (allowed: " + String.join(", ", FORMATS) + ")");
        }
        Optional<TrlStyle> style = TrlStyle.of(trlStyle);
        if (style.isEmpty()) {
            return text(HttpStatus.BAD_REQUEST, "trlStyle: unknown TRL style '" + trlStyle + "' (allowed: "
                    + TrlStyle.labels() + ")");
        }
        if (!datasets.existsByName(name)) {
            return text(HttpStatus.NOT_FOUND, new DatasetNotFoundException(name).getMessage());
        }
        String actor = actor(principal);
        Path work = Files.createTempDirectory("gw-download-");
        try {
            Path exported = work.resolve(format);
            if (format.equals("trl")) {
                trlExporter.export(name, exported, new PreferencePolicy(allowCritic), style.get(), actor);
            } else {
                exporter.export(name, exported, actor);
            }
            String folder = zipFolderName(name) + (format.equals("trl") ? "-trl" : "");
            Path zip = work.resolve(folder + ".zip");
            zip(exported, folder, zip);
            return ResponseEntity.ok()
                    .contentType(MediaType.parseMediaType("application/zip"))
                    .contentLength(Files.size(zip))
                    .header(HttpHeaders.CONTENT_DISPOSITION,
                            ContentDisposition.attachment().filename(folder + ".zip", StandardCharsets.UTF_8).build().toString())
                    .cacheControl(CacheControl.noStore())
                    .header("X-Content-Type-Options", "nosniff")
                    .body(new TemporaryZip(zip, work));
        } catch (DatasetNotFoundException e) {
            TempFolders.delete(work);
            return text(HttpStatus.NOT_FOUND, e.getMessage());
        } catch (IOException | RuntimeException e) {
            TempFolders.delete(work);
            throw e;
        }
    }

    /**
     * The finished zip, streamed synchronously on the request thread (no async timeout on a large
     * download); its temporary folder goes when the response closes the stream.
     */
    static final class TemporaryZip extends FileSystemResource {
        private final Path work;

        TemporaryZip(Path zip, Path work) {
            super(zip);
            this.work = work;
        }

        @Override
        public InputStream getInputStream() throws IOException {
            return new FilterInputStream(super.getInputStream()) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        TempFolders.delete(work);
                    }
                }
            };
        }
    }

    /** The signed-in user's name as the other views record it. */
    private static String actor(Principal principal) {
        return CurrentUser.get().map(CurrentUser::username)
                .orElseGet(() -> principal == null ? "unknown" : principal.getName());
    }

    private static ResponseEntity<Resource> text(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8))
                .body(new ByteArrayResource((message + "\n").getBytes(StandardCharsets.UTF_8)));
    }

    /** A dataset name as a file and folder name: letters, digits, dot, dash and underscore. */
    static String zipFolderName(String dataset) {
        String safe = dataset.replaceAll("[^\\p{L}\\p{N}._-]", "_").replaceFirst("^\\.+", "");
        return safe.isEmpty() ? "dataset" : safe;
    }

    /** Zips every file under {@code dir} into a single top-level folder {@code folder/}, in path order. */
    static void zip(Path dir, String folder, Path zipFile) throws IOException {
        try (OutputStream file = Files.newOutputStream(zipFile); ZipOutputStream zip = new ZipOutputStream(file);
                Stream<Path> files = Files.walk(dir)) {
            zip.setLevel(Deflater.BEST_SPEED);
            for (Path p : files.filter(Files::isRegularFile).sorted().toList()) {
                String entry = folder + "/" + dir.relativize(p).toString().replace('\\', '/');
                zip.putNextEntry(new ZipEntry(entry));
                Files.copy(p, zip);
                zip.closeEntry();
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
