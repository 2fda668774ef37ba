package dev.groundwork.trainer.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reading a JSON-lines file (one JSON object per line, blank lines skipped) with refusals that name the file, line
 * and field and never quote a parser's internals.
 */
final class JsonLines {

    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonLines() {}

    interface Row {
        void accept(int line, JsonNode row);
    }

    static void forEach(Path file, Row row) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        int line = 0;
        int start = bytes.length >= 3 && (bytes[0] & 0xFF) == 0xEF && (bytes[1] & 0xFF) == 0xBB && (bytes[2] & 0xFF) == 0xBF
                ? 3 : 0;
        while (start < bytes.length) {
            line++;
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            String text = decode(utf8, bytes, start, end, file, line);
            start = end + 1;
            if (text.isBlank()) {
                continue;
            }
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw refuse(file, line, "the line is not valid JSON");
            }
            if (node == null || !node.isObject()) {
                throw refuse(file, line, "expected a JSON object" + (node == null ? "" : ", found " + kind(node)));
            }
            row.accept(line, node);
        }
    }

    /** One line's bytes as text; refuses bytes that are not UTF-8 with the line and their offset in the file. */
    private static String decode(CharsetDecoder utf8, byte[] bytes, int start, int end, Path file, int line) {
        ByteBuffer in = ByteBuffer.wrap(bytes, start, end - start);
        CharBuffer out = CharBuffer.allocate(end - start + 1);
        utf8.reset();
        CoderResult result = utf8.decode(in, out, true);
        if (!result.isError()) {
            result = utf8.flush(out);
        }
        if (result.isError()) {
            throw refuse(file, line, String.format("the file is not valid UTF-8: byte 0x%02X at byte offset %d",
                    bytes[in.position()] & 0xFF, in.position()));
        }
        String text = out.flip().toString();
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** An id field: a number or text, as text; empty when absent or null. */
    static Optional<String> id(Path file, int line, JsonNode row, String field) {
        JsonNode id = row.get(field);
        if (id == null || id.isNull()) {
            return Optional.empty();
        }
        if (!id.isValueNode()) {
            throw refuse(file, line, field + " must be a number or text");
        }
        return Optional.of(id.asText());
    }

    /** A scalar field as text; empty when absent, null or not a scalar. */
    static Optional<String> text(JsonNode row, String field) {
        JsonNode v = row.get(field);
        return v == null || v.isNull() || !v.isValueNode() ? Optional.empty() : Optional.of(v.asText());
    }

    /** A field that must be a JSON string. */
    static String string(Path file, int line, JsonNode row, String field) {
        JsonNode v = row.get(field);
        if (v == null || v.isNull()) {
            throw refuse(file, line, field + " is missing");
        }
        if (!v.isTextual()) {
            throw refuse(file, line, field + " must be a string, was " + kind(v));
        }
        return v.asText();
    }

    static String kind(JsonNode v) {
        return switch (v.getNodeType()) {
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "a string";
            default -> "null";
        };
    }

    static FormatException refuse(Path file, int line, String reason) {
        return new FormatException(file + " line " + line + ": " + reason);
    }
}
