package dev.groundwork.web.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.time.temporal.Temporal;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What is wrong with a JSON body, for a person: the field as a path ({@code items[2].verdict}) and the reason in plain
 * words, never a Java type or a parser's message.
 */
final class JsonProblems {

    /** The field (empty for the body as a whole) and the reason. */
    record Problem(Optional<String> field, String reason) {}

    private JsonProblems() {}

    static Problem of(JsonProcessingException e) {
        Optional<JsonParseException> syntax = e instanceof JsonParseException parse ? Optional.of(parse)
                : e.getCause() instanceof JsonParseException parse ? Optional.of(parse) : Optional.empty();
        Optional<String> field = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                ? Optional.of(path(mapping)) : Optional.empty();
        if (syntax.isPresent()) {
            String where = where(syntax.get().getLocation());
            return new Problem(field, field.isPresent() ? "is not valid JSON" + where : "the body is not valid JSON" + where);
        }
        if (field.isPresent()) {
            return new Problem(field, reason((JsonMappingException) e));
        }
        return new Problem(Optional.empty(), "the body is not valid JSON" + where(e.getLocation()));
    }

    /** {@code items[2].verdict}: field names joined by dots, list positions in brackets. */
    static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String reason(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException) {
            return "is not a field of this request";
        }
        if (e instanceof InvalidFormatException invalid) {
            return "'" + invalid.getValue() + "' is not " + expected(invalid.getTargetType());
        }
        if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
            return "must be " + expected(mismatched.getTargetType());
        }
        return "has a value this request does not accept";
    }

    /** The expected kind of value in words. */
    static String expected(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "));
        }
        if (type == String.class || type == Character.class || type == char.class) {
            return "a text";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "a date and time such as 2026-01-31T12:00:00Z";
        }
        if (Map.class.isAssignableFrom(type) || !type.isPrimitive()) {
            return "an object";
        }
        return "a value of another kind";
    }

    private static String where(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
