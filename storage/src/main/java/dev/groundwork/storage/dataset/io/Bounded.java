package dev.groundwork.storage.dataset.io;

import dev.groundwork.storage.dataset.ImportError;
import dev.groundwork.storage.dataset.ImportException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a stream to its end, refusing more than a limit whatever the headers claimed. */
final class Bounded {
    private Bounded() {}

    static byte[] readAll(InputStream in, long maxBytes, String name) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            total += n;
            if (total > maxBytes) {
                throw new ImportException(ImportError.of(name, "file is over the limit of " + maxBytes + " bytes"));
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
