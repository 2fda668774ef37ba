package dev.groundwork.storage.dataset.io;

import dev.groundwork.storage.dataset.ImportError;
import dev.groundwork.storage.dataset.ImportException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Strict UTF-8 decoding of the text files of a dataset. A byte sequence that is not UTF-8 refuses the file with the
 * line it is on and its byte offset in the file, instead of turning into replacement characters.
 */
public final class Utf8Text {

    private Utf8Text() {}

    /**
     * The text of {@code bytes}, without a leading byte-order mark.
     *
     * @throws ImportException naming {@code file}, the line and the byte offset of the first sequence that is not UTF-8
     */
    public static String decode(String file, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int offset = in.position();
            throw new ImportException(ImportError.at(file, lineAt(bytes, offset), null, describe(bytes, offset, result)
                    + "; the file must be UTF-8 text (save it as UTF-8)"));
        }
        String text = out.flip().toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** The lines of {@code bytes} decoded as {@link #decode} does. */
    public static List<String> lines(String file, byte[] bytes) {
        return decode(file, bytes).lines().toList();
    }

    private static String describe(byte[] bytes, int offset, CoderResult result) {
        int length = Math.max(1, result.length());
        boolean incomplete = offset + length > bytes.length && result.isMalformed() && length > 1;
        return describe(bytes, offset, bytes.length, result.length(), incomplete, offset);
    }

    /**
     * What is wrong at {@code bytes[at]}: the bytes (as hex) of the sequence of {@code sequence} bytes there, up to
     * {@code end}, and its byte offset {@code fileOffset} in the file.
     */
    static String describe(byte[] bytes, int at, int end, int sequence, boolean incomplete, long fileOffset) {
        StringBuilder hex = new StringBuilder();
        for (int i = at; i < Math.min(end, at + Math.max(1, sequence)); i++) {
            hex.append(hex.isEmpty() ? "" : " ").append(String.format("0x%02X", bytes[i] & 0xFF));
        }
        String what = incomplete ? "an incomplete UTF-8 sequence" : "bytes that are not UTF-8";
        return what + " (" + hex + ") at byte offset " + fileOffset;
    }

    /** 1-based line of the byte at {@code offset}: one more than the line feeds before it. */
    private static int lineAt(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }
}
