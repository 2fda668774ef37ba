package dev.groundwork.storage.dataset.io;

import dev.groundwork.storage.dataset.ImportError;
import dev.groundwork.storage.dataset.ImportException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * A dataset in a zip. Every entry is checked when the zip is opened: an entry whose name is
 * absolute or climbs out with {@code ..} (zip-slip) or a symbolic link is left out and reported by
 * {@link #problems()} (which refuses the import, after the rest has been checked too); a total
 * uncompressed size over the limit refuses the archive at once. A single top-level folder holding everything is
 * stripped, so zipping the dataset folder itself works.
 */
public final class ZipSource implements DatasetSource {

    private final Path path;
    private final ZipFile zip;
    private final Map<String, ZipArchiveEntry> entries = new LinkedHashMap<>();
    private final List<ImportError> problems = new ArrayList<>();

    public ZipSource(Path path, long maxTotalBytes) {
        this.path = path;
        try {
            this.zip = ZipFile.builder().setPath(path).get();
        } catch (IOException e) {
            throw new ImportException(ImportError.of(path.getFileName().toString(), "not a readable zip: " + e.getMessage()));
        }
        try {
            index(maxTotalBytes);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private void index(long maxTotalBytes) {
        List<ZipArchiveEntry> files = new ArrayList<>();
        long total = 0;
        for (ZipArchiveEntry e : Collections.list(zip.getEntries())) {
            String name = e.getName();
            if (e.isUnixSymlink()) {
                problems.add(ImportError.of(name, "symbolic link entries are not allowed in a dataset zip"));
                continue;
            }
            String check = e.isDirectory() && name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
            var unsafe = DatasetSource.unsafePathReason(check);
            if (unsafe.isPresent()) {
                problems.add(ImportError.of(name, "unsafe zip entry (zip-slip): " + unsafe.get()));
                continue;
            }
            if (e.isDirectory()) {
                continue;
            }
            total += Math.max(0, e.getSize());
            if (total > maxTotalBytes) {
                throw new ImportException(ImportError.of(path.getFileName().toString(),
                        "zip expands to more than the limit of " + maxTotalBytes + " bytes"));
            }
            files.add(e);
        }
        String prefix = commonTopFolder(files);
        for (ZipArchiveEntry e : files) {
            entries.put(e.getName().substring(prefix.length()), e);
        }
    }

    private static String commonTopFolder(List<ZipArchiveEntry> files) {
        if (files.isEmpty()) {
            return "";
        }
        String first = files.get(0).getName();
        int slash = first.indexOf('/');
        if (slash < 0) {
            return "";
        }
        String prefix = first.substring(0, slash + 1);
        for (ZipArchiveEntry e : files) {
            if (!e.getName().startsWith(prefix)) {
                return "";
            }
        }
        return prefix;
    }

    @Override
    public List<ImportError> problems() {
        return List.copyOf(problems);
    }

    @Override
    public List<String> files() {
        return entries.keySet().stream().sorted().toList();
    }

    @Override
    public Optional<Long> size(String relativePath) {
        ZipArchiveEntry e = entries.get(relativePath);
        return e == null ? Optional.empty() : Optional.of(e.getSize());
    }

    @Override
    public InputStream open(String relativePath) {
        DatasetSource.requireSafe(relativePath, relativePath);
        ZipArchiveEntry e = entries.get(relativePath);
        if (e == null) {
            throw new ImportException(ImportError.of(relativePath, "file not found in " + describe()));
        }
        try {
            return zip.getInputStream(e);
        } catch (IOException ex) {
            throw new ImportException(ImportError.of(relativePath, "cannot read from zip: " + ex.getMessage()));
        }
    }

    @Override
    public String describe() {
        return "zip " + path.getFileName();
    }

    @Override
    public void close() {
        try {
            zip.close();
        } catch (IOException ignored) {
            // nothing useful to do
        }
    }
}
