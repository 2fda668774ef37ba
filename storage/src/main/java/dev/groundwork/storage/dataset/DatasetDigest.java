package dev.groundwork.storage.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.groundwork.storage.dataset.io.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.stereotype.Component;

/**
 * The content hash of a stored dataset: SHA-256 over its items in order, each written as canonical
 * JSON with the image named by its SHA-256 (not its path), responses, hallucination details and
 * ground truth. Two datasets with equal digests hold the same content, whatever their names and
 * image file names; an export imported elsewhere has the digest of the original.
 *
 * <p>{@link #of} reads a stored dataset back; an import computes the same value with a {@link Builder} from the rows
 * it writes, so it never reads the dataset a second time.
 */
@Component
public class DatasetDigest {

    private final DatasetContent content;

    DatasetDigest(DatasetContent content) {
        this.content = content;
    }

    public String of(String datasetName) {
        Builder builder = new Builder();
        for (DatasetContent.Entry e : content.read(datasetName, image -> imageName(image.getSha256()))) {
            builder.add(e.item());
        }
        return builder.finish();
    }

    /** How an item's image is named in the canonical form. */
    static String imageName(String sha256) {
        return "sha256:" + sha256;
    }

    /**
     * The digest fed one item at a time, in dataset order: each item as stored, its image named by
     * {@link #imageName}, ground truth on the first item of each image only.
     */
    static final class Builder {
        private final MessageDigest sha256;

        Builder() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is not available", e);
            }
        }

        void add(Manifest.Item item) {
            try {
                sha256.update(Json.MAPPER.writeValueAsBytes(item));
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException("cannot serialise item " + item.id(), ex);
            }
            sha256.update((byte) '\n');
        }

        String finish() {
            return HexFormat.of().formatHex(sha256.digest());
        }
    }
}
