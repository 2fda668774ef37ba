package dev.groundwork.storage.dataset;

import dev.groundwork.storage.image.ImageLimits;

/**
 * Limits on what an import accepts.
 *
 * @param maxManifestBytes size of manifest, POPE or COCO files
 * @param maxArchiveBytes total uncompressed size of a zip
 * @param maxErrors problems collected before giving up
 * @param maxPromptChars length of an item's prompt (a POPE question's text)
 * @param maxResponseChars length of a response's text
 */
public record ImportLimits(ImageLimits image, long maxManifestBytes, long maxArchiveBytes, int maxErrors,
        int maxPromptChars, int maxResponseChars) {
    public static final ImportLimits DEFAULT =
            new ImportLimits(ImageLimits.DEFAULT, 256L * 1024 * 1024, 8L * 1024 * 1024 * 1024, 100, 20_000, 50_000);

    public ImportLimits {
        if (maxManifestBytes <= 0 || maxArchiveBytes <= 0 || maxErrors <= 0 || maxPromptChars <= 0
                || maxResponseChars <= 0) {
            throw new IllegalArgumentException("import limits must be positive");
        }
    }
}
