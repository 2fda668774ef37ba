package dev.groundwork.web.datasets;

import com.vaadin.flow.component.UI;
import com.vaadin.flow.server.VaadinResponse;
import com.vaadin.flow.server.VaadinServletResponse;
import com.vaadin.flow.server.streams.UploadEvent;
import com.vaadin.flow.server.streams.UploadHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Receives one dataset file from the Upload component and stages it in a fresh temporary folder
 * under its (cleaned) original name, since the importer recognises a dataset by its file name and
 * uses the name's stem as the default dataset name. The size limit is enforced while reading: at
 * most {@code maxBytes + 1} bytes are written, and a larger upload is refused with HTTP 413 and a
 * message naming the limit. A request body without a declared length is also cut off at the limit by
 * {@link RequestBodyLimitFilter} ahead of this handler.
 *
 * <p>Runs on the upload request thread; the listener must hand its work to the UI with
 * {@code UI.access}.
 */
public final class DatasetUpload implements UploadHandler {

    /** What happens to an upload, called on the upload request thread with the UI it came from. */
    public interface Listener {
        /** The file was stored; the listener now owns it and must {@link Staged#delete()} it. */
        void staged(UI ui, Staged upload);

        /** The file was refused; nothing was kept. */
        void refused(UI ui, String fileName, String reason);
    }

    /** An uploaded file in its own temporary folder. */
    public record Staged(Path directory, Path file, String originalName, long bytes) {
        /** Removes the folder and the file. */
        public void delete() {
            TempFolders.delete(directory);
        }
    }

    /** The upload was larger than the limit. */
    public static final class TooLargeException extends IOException {
        TooLargeException(String fileName, long maxBytes) {
            super("'" + fileName + "' is larger than the upload limit of " + size(maxBytes) + "; nothing was imported");
        }
    }

    private static final int MAX_NAME = 120;
    /** The file types a dataset upload may have. */
    static final List<String> EXTENSIONS = List.of(".zip", ".jsonl", ".json");

    private final long maxBytes;
    private final Listener listener;
    private final Path tempRoot;

    /** Stages uploads under the system's temporary folder. */
    DatasetUpload(long maxBytes, Listener listener) {
        this(maxBytes, listener, Path.of(System.getProperty("java.io.tmpdir")));
    }

    DatasetUpload(long maxBytes, Listener listener, Path tempRoot) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("groundwork.web.max-upload-bytes must be positive, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.listener = listener;
        this.tempRoot = tempRoot;
    }

    /**
     * Stages files that come some other way than Vaadin's Upload (the API's import), with the same limit, names and
     * clean-up; it handles no upload request itself.
     */
    public static DatasetUpload stager(long maxBytes) {
        return new DatasetUpload(maxBytes, new Listener() {
            @Override
            public void staged(UI ui, Staged upload) {
                throw new IllegalStateException("a stager handles no upload request");
            }

            @Override
            public void refused(UI ui, String fileName, String reason) {
                throw new IllegalStateException("a stager handles no upload request");
            }
        });
    }

    long maxBytes() {
        return maxBytes;
    }

    @Override
    public void handleUploadRequest(UploadEvent event) throws IOException {
        String shown = event.getFileName() == null ? "upload" : event.getFileName();
        Optional<String> wrongType = typeProblem(shown);
        if (wrongType.isPresent()) {
            event.getResponse().setStatus(415);
            listener.refused(event.getUI(), shown, wrongType.get());
            return;
        }
        Staged staged;
        try (InputStream in = event.getInputStream()) {
            staged = stage(shown, in, event.getFileSize());
        } catch (TooLargeException e) {
            event.getResponse().setStatus(413);
            listener.refused(event.getUI(), shown, e.getMessage());
            return;
        } catch (RequestBodyLimitFilter.BodyTooLargeException e) {
            // the request was cut off at the limit before its end (RequestBodyLimitFilter); stage kept nothing
            event.getResponse().setStatus(413);
            listener.refused(event.getUI(), shown, new TooLargeException(shown, maxBytes).getMessage());
            return;
        }
        listener.staged(event.getUI(), staged);
    }

    /** Keeps a refusal's status: the default would answer 200 for every upload that did not throw. */
    @Override
    public void responseHandled(boolean success, VaadinResponse response) {
        if (success && response instanceof VaadinServletResponse servlet && servlet.getStatus() >= 400) {
            return;
        }
        UploadHandler.super.responseHandled(success, response);
    }

    /**
     * Copies {@code in} into a new temporary folder as {@link #safeFileName(String) safeFileName}.
     *
     * @param declaredSize the size the client announced, or -1 when unknown
     * @throws TooLargeException when the declared size or the bytes read exceed the limit; nothing is kept
     */
    public Staged stage(String fileName, InputStream in, long declaredSize) throws IOException {
        if (declaredSize > maxBytes) {
            throw new TooLargeException(fileName, maxBytes);
        }
        Path dir = Files.createTempDirectory(tempRoot, "gw-upload-");
        try {
            Path file = dir.resolve(safeFileName(fileName));
            long copied = 0;
            try (OutputStream out = Files.newOutputStream(file)) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = in.read(buffer)) != -1) {
                    copied += n;
                    if (copied > maxBytes) {
                        throw new TooLargeException(fileName, maxBytes);
                    }
                    out.write(buffer, 0, n);
                }
            }
            return new Staged(dir, file, fileName, copied);
        } catch (IOException | RuntimeException e) {
            TempFolders.delete(dir);
            throw e;
        }
    }

    /**
     * The last path segment of a client's file name, with anything but letters, digits, space, dot,
     * dash and underscore replaced, no leading dots, and the dataset extensions in lower case.
     */
    static String safeFileName(String clientName) {
        String name = clientName == null ? "" : clientName;
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        name = name.replaceAll("[^\\p{L}\\p{N} ._-]", "_").replaceFirst("^[.\\s]+", "").strip();
        for (String ext : new String[] {".zip", ".jsonl", ".json"}) {
            if (name.toLowerCase(Locale.ROOT).endsWith(ext)) {
                name = name.substring(0, name.length() - ext.length()) + ext;
                break;
            }
        }
        if (name.length() > MAX_NAME) {
            int dot = name.lastIndexOf('.');
            String ext = dot > 0 && name.length() - dot <= 6 ? name.substring(dot) : "";
            name = name.substring(0, MAX_NAME - ext.length()) + ext;
        }
        return name.isEmpty() ? "upload" : name;
    }

    /** Why a file of this name cannot be a dataset upload, or empty when its type is one of {@link #EXTENSIONS}. */
    public static Optional<String> typeProblem(String fileName) {
        String name = fileName == null ? "" : fileName.toLowerCase(Locale.ROOT);
        if (EXTENSIONS.stream().anyMatch(name::endsWith)) {
            return Optional.empty();
        }
        return Optional.of("'" + (fileName == null ? "" : fileName) + "' is not a dataset file: choose a .zip (a dataset"
                + " folder or POPE files with their images), a POPE .jsonl or a COCO .json");
    }

    /** Bytes in binary units, e.g. 512 MiB, 1.5 GiB, 900 bytes. */
    static String size(long bytes) {
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return (value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value))
                + " " + units[unit];
    }
}
