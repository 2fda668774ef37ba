package dev.groundwork.trainer.image;

import java.io.IOException;
import java.util.Optional;

/** Where the trainer gets image bytes from, by SHA-256. The bytes are not trusted: {@link ImageResolver} checks them. */
public sealed interface ImageSource permits DirectoryImageSource, HttpImageSource {

    /**
     * The bytes the source holds under {@code sha256}, or empty when it has no such image.
     *
     * @throws IOException when the source cannot be read or reached (not an answer about the image)
     */
    Optional<byte[]> fetch(String sha256) throws IOException;

    /** Where the source looks, for messages: a directory or a URL (never a credential). */
    String location();
}
