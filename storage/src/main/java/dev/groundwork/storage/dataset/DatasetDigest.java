package dev.groundwork.storage.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.groundwork.storage.dataset.io.Json;
import dev.groundwork.storage.image.ImageInspector;
import java.nio.charset.StandardCharsets;
import org.springframework.stereotype.Component;

/**
 * The content hash of a stored dataset: SHA-256 over its items in order, each written as canonical
 * JSON with the image named by its SHA-256 (not its path), responses, hallucination details and
 * ground truth. Two datasets with equal digests hold the same content, whatever their names and
 * image file names; an export imported elsewhere has the digest of the original.
 */
@Component
public class DatasetDigest {

    private final DatasetContent content;

    DatasetDigest(DatasetContent content) {
        this.content = content;
    }

    public String of(String datasetName) {
        StringBuilder canonical = new StringBuilder();
        for (DatasetContent.Entry e : content.read(datasetName, image -> "sha256:" + image.getSha256())) {
            try {
                canonical.append(Json.MAPPER.writeValueAsString(e.item())).append('\n');
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException("cannot serialise item " + e.item().id(), ex);
            }
        }
        return ImageInspector.sha256(canonical.toString().getBytes(StandardCharsets.UTF_8));
    }
}
