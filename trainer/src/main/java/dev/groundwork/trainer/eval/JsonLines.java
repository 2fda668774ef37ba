package dev.groundwork.trainer.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
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
        int line = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)))) {
            String text;
            while ((text = in.readLine()) != null) {
                line++;
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
                    throw refuse(file, line, "expected a JSON object");
                }
                row.accept(line, node);
            }
        } catch (CharacterCodingException e) {
            throw refuse(file, line + 1, "the file is not valid UTF-8");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
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
