package dev.groundwork.storage;

import dev.groundwork.storage.dataset.ImportLimits;
import dev.groundwork.storage.image.ImageLimits;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Storage settings ({@code groundwork.storage.*}).
 *
 * @param imageRoot where the content-addressed image store lives
 * @param maxImageBytes largest accepted image file
 * @param maxImagePixels largest accepted width × height, checked from the header
 * @param maxManifestBytes largest manifest / POPE / COCO file
 * @param maxArchiveBytes largest total uncompressed size of an imported zip
 * @param maxPromptChars longest accepted prompt of an item (characters)
 * @param maxResponseChars longest accepted text of a response (characters)
 * @param maxImportErrors problems an import lists before it stops looking
 */
@ConfigurationProperties("groundwork.storage")
public record StorageProperties(
        @DefaultValue("./data/images") Path imageRoot,
        @DefaultValue("20971520") long maxImageBytes,
        @DefaultValue("40000000") long maxImagePixels,
        @DefaultValue("268435456") long maxManifestBytes,
        @DefaultValue("8589934592") long maxArchiveBytes,
        @DefaultValue("20000") int maxPromptChars,
        @DefaultValue("50000") int maxResponseChars,
        @DefaultValue("100") int maxImportErrors) {

    public StorageProperties {
        if (imageRoot == null) {
            throw new IllegalArgumentException("groundwork.storage.image-root must be set");
        }
    }

    public ImportLimits importLimits() {
        return new ImportLimits(new ImageLimits(maxImageBytes, maxImagePixels), maxManifestBytes, maxArchiveBytes,
                maxImportErrors, maxPromptChars, maxResponseChars);
    }
}
