package dev.groundwork.storage.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.groundwork.storage.audit.AuditTrail;
import dev.groundwork.storage.dataset.io.ExportFolder;
import dev.groundwork.storage.dataset.io.Json;
import dev.groundwork.storage.image.Image;
import dev.groundwork.storage.image.ImageFormat;
import dev.groundwork.storage.image.ImageStore;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * Writes a stored dataset in the native format: {@code manifest.jsonl} and
 * {@code images/<sha256>.<ext>}. The folder appears whole or not at all (written beside the
 * target, then renamed). Importing the export reproduces the same {@link DatasetDigest}.
 */
@Service
public class DatasetExporter {

    private final DatasetContent content;
    private final DatasetDigest digest;
    private final ImageStore store;
    private final AuditTrail audit;

    public DatasetExporter(DatasetContent content, DatasetDigest digest, ImageStore store, AuditTrail audit) {
        this.content = content;
        this.digest = digest;
        this.store = store;
        this.audit = audit;
    }

    public ExportSummary export(String datasetName, Path outDir, String actor) {
        try (ExportFolder folder = ExportFolder.create(outDir)) {
            Dataset dataset = content.dataset(datasetName);
            Path temp = folder.work();
            Path target = folder.target();
            List<DatasetContent.Entry> entries = content.read(datasetName, DatasetExporter::exportPath);
            Files.createDirectories(temp.resolve("images"));
            Set<String> written = new HashSet<>();
            try (BufferedWriter w = Files.newBufferedWriter(temp.resolve(Manifest.FILE_NAME), StandardCharsets.UTF_8)) {
                w.write(Json.MAPPER.writeValueAsString(header(dataset)));
                w.write('\n');
                for (DatasetContent.Entry e : entries) {
                    Image image = e.image();
                    if (written.add(image.getSha256())) {
                        byte[] bytes = store.read(image.getSha256()).orElseThrow(() -> new IllegalStateException(
                                "image " + image.getSha256() + " is in the database but missing from the image store "
                                        + store.root()));
                        Files.write(temp.resolve(e.item().image()), bytes);
                    }
                    w.write(Json.MAPPER.writeValueAsString(e.item()));
                    w.write('\n');
                }
            }
            folder.publish();
            audit.record(actor, "dataset.export", datasetName, entries.size() + " items to " + target);
            return new ExportSummary(datasetName, target, entries.size(), written.size(), digest.of(datasetName));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export to " + outDir + ": " + e.getMessage(), e);
        }
    }

    static String exportPath(Image image) {
        return "images/" + image.getSha256() + "." + ImageFormat.ofMediaType(image.getMediaType()).extension();
    }

    private static Manifest.Header header(Dataset dataset) throws JsonProcessingException {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("exportedFrom", dataset.getName());
        source.put("sourceFormat", dataset.getSourceFormat());
        if (dataset.getSourceInfo() != null) {
            JsonNode info = Json.MAPPER.readTree(dataset.getSourceInfo());
            source.put("sourceInfo", info);
        }
        return Manifest.Header.of(dataset.getName(), dataset.getDescription(), source);
    }
}
