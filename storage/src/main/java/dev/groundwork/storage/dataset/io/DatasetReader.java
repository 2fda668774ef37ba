package dev.groundwork.storage.dataset.io;

import dev.groundwork.storage.dataset.ImportError;
import dev.groundwork.storage.dataset.ImportException;
import dev.groundwork.storage.dataset.ImportLimits;
import dev.groundwork.storage.dataset.Manifest;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Opens a dataset path and reads it into a {@link DatasetPlan}, detecting the format:
 * a {@code manifest.jsonl} (native), else POPE question files ({@code *.jsonl} at the top),
 * plus COCO instance files ({@code instances*.json}, top level or under {@code annotations/})
 * as ground truth for either.
 */
public final class DatasetReader {

    private final ImportLimits limits;

    public DatasetReader(ImportLimits limits) {
        this.limits = limits;
    }

    /** An opened source and, for a single POPE file given directly, that file. */
    public record Opened(DatasetSource source, Optional<String> onlyFile, String defaultName) {}

    public Opened open(Path path) {
        String shown = String.valueOf(path.getFileName());
        if (Files.isSymbolicLink(path)) {
            throw new ImportException(ImportError.of(shown, "symbolic link is not allowed as a dataset"));
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return new Opened(new FolderSource(path), Optional.empty(), shown);
        }
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new ImportException(ImportError.of(path.toString(), "no such dataset folder or file"));
        }
        if (shown.endsWith(".zip")) {
            return new Opened(new ZipSource(path, limits.maxArchiveBytes()), Optional.empty(), stem(shown));
        }
        if (shown.endsWith(".jsonl")) {
            Path parent = path.toAbsolutePath().getParent();
            return new Opened(new FolderSource(parent), Optional.of(shown), stem(shown));
        }
        throw new ImportException(ImportError.of(shown, "not a dataset: give a folder, a .zip or a POPE .jsonl file"));
    }

    /**
     * Reads the dataset's text files, adding the problems of their lines to {@code problems} and returning the items
     * without any, so that their images can be checked in the same pass.
     *
     * @throws ImportException when the files cannot be read at all (no manifest or POPE file, not UTF-8, no header)
     */
    public DatasetPlan read(Opened opened, Optional<String> nameOverride, Problems problems) {
        DatasetSource source = opened.source();
        List<String> files = source.files();
        DatasetPlan base;
        if (opened.onlyFile().isEmpty() && files.contains(Manifest.FILE_NAME)) {
            base = new ManifestReader(limits).read(source, nameOverride, problems);
        } else {
            List<String> popeFiles = opened.onlyFile().map(List::of).orElseGet(() -> files.stream()
                    .filter(f -> PopeReader.looksLikePope(source, f, limits.maxManifestBytes())).toList());
            if (popeFiles.isEmpty()) {
                throw new ImportException(ImportError.of(source.describe(),
                        "no " + Manifest.FILE_NAME + " and no POPE question file (*.jsonl) found"));
            }
            int before = problems.count();
            var items = new PopeReader(limits).read(source, popeFiles, problems);
            if (items.isEmpty() && problems.count() == before) {
                problems.add(ImportError.of(popeFiles.get(0), "holds no questions"));
            }
            String name = nameOverride.orElse(opened.defaultName());
            base = new DatasetPlan(name, "POPE questions from " + String.join(", ", popeFiles), "pope",
                    Map.of("files", popeFiles), DatasetPlan.Items.of(items), Map.of());
        }
        return withCoco(source, files, base);
    }

    private DatasetPlan withCoco(DatasetSource source, List<String> files, DatasetPlan plan) {
        List<String> cocoFiles = files.stream().filter(CocoReader::isCocoFile).toList();
        if (cocoFiles.isEmpty()) {
            return plan;
        }
        Map<String, Manifest.GroundTruth> byFileName = new LinkedHashMap<>();
        for (String f : cocoFiles) {
            byFileName.putAll(new CocoReader(limits).read(source, f));
        }
        Map<String, DatasetPlan.Located<Manifest.GroundTruth>> truths = new LinkedHashMap<>(plan.truths());
        for (var located : plan.items().images()) {
            String image = located.value();
            String fileName = image.substring(image.lastIndexOf('/') + 1);
            Manifest.GroundTruth coco = byFileName.get(fileName);
            if (coco != null && !truths.containsKey(image)) {
                truths.put(image, new DatasetPlan.Located<>(cocoFiles.get(0), 0, coco));
            }
        }
        Map<String, Object> info = new LinkedHashMap<>(plan.sourceInfo());
        info.put("cocoGroundTruth", new ArrayList<>(cocoFiles));
        return new DatasetPlan(plan.name(), plan.description(), plan.sourceFormat() + "+coco", info, plan.items(), truths);
    }

    private static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
