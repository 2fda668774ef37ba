package dev.groundwork.storage.dataset.io;

import dev.groundwork.storage.dataset.ImportError;
import dev.groundwork.storage.dataset.ImportException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Reads a text file of a dataset line by line, decoding strictly as UTF-8 as {@link Utf8Text} does, so that a large
 * manifest is never held whole: only the current line is in memory. A byte sequence that is not UTF-8 refuses the
 * file with its line and byte offset; more than {@code maxBytes} refuses it as too large. The SHA-256 of every byte
 * read is kept, so that a second pass can tell whether the file changed in between.
 */
final class Utf8Lines implements Closeable {

    private final String file;
    private final InputStream in;
    private final long maxBytes;
    private final MessageDigest sha256;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buffer = new byte[64 * 1024];
    private int buffered;
    private int position;
    private byte[] line = new byte[8192];
    private long offset;
    private int lineNumber;
    private boolean ended;

    Utf8Lines(String file, InputStream in, long maxBytes) {
        this.file = file;
        this.in = in;
        this.maxBytes = maxBytes;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Opens {@code file} of {@code source}. */
    static Utf8Lines open(DatasetSource source, String file, long maxBytes) {
        return new Utf8Lines(file, source.open(file), maxBytes);
    }

    /**
     * The next line without its terminator ({@code \n} or {@code \r\n}), or {@code null} at the end of the file.
     *
     * @throws ImportException when the line is not UTF-8 or the file grows over the limit
     */
    String next() {
        if (ended) {
            return null;
        }
        long start = offset;
        int length = 0;
        boolean terminated = false;
        while (!terminated) {
            if (position == buffered && !fill()) {
                break;
            }
            int from = position;
            while (position < buffered && buffer[position] != '\n') {
                position++;
            }
            int taken = position - from;
            if (position < buffered) {
                terminated = true;
                position++;
            }
            offset += taken + (terminated ? 1 : 0);
            if (offset > maxBytes) {
                throw new ImportException(ImportError.of(file, "file is over the limit of " + maxBytes + " bytes"));
            }
            if (length + taken > line.length) {
                line = Arrays.copyOf(line, Math.max(line.length * 2, length + taken));
            }
            System.arraycopy(buffer, from, line, length, taken);
            length += taken;
        }
        sha256.update(line, 0, length);
        if (terminated) {
            sha256.update((byte) '\n');
        } else {
            ended = true;
            if (length == 0) {
                return null;
            }
        }
        lineNumber++;
        int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        String text = decode(start, end, !terminated);
        return lineNumber == 1 && text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** Reads more bytes into the buffer; false at the end of the file. */
    private boolean fill() {
        try {
            int n;
            do {
                n = in.read(buffer);
            } while (n == 0);
            buffered = Math.max(n, 0);
            position = 0;
            return n > 0;
        } catch (IOException e) {
            throw new ImportException(ImportError.of(file, "cannot read: " + e.getMessage()));
        }
    }

    /** The 1-based number of the line {@link #next} returned last. */
    int lineNumber() {
        return lineNumber;
    }

    /** The SHA-256 of the bytes read so far, in hex; of the whole file once {@link #next} returned {@code null}. */
    String sha256() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) sha256.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests of this JVM cannot be copied", e);
        }
    }

    private String decode(long start, int length, boolean lastLine) {
        ByteBuffer bytes = ByteBuffer.wrap(line, 0, length);
        CharBuffer out = CharBuffer.allocate(length + 1);
        decoder.reset();
        CoderResult result = decoder.decode(bytes, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = bytes.position();
            boolean incomplete = lastLine && at + result.length() > length && result.isMalformed() && result.length() > 1;
            throw new ImportException(ImportError.at(file, lineNumber, null, Utf8Text.describe(line, at, length,
                    result.length(), incomplete, start + at) + "; the file must be UTF-8 text (save it as UTF-8)"));
        }
        return out.flip().toString();
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException ignored) {
            // a read-only stream: nothing is lost
        }
    }
}
