package dev.groundwork.storage.dataset.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The JSON settings of the dataset formats, and error messages a person can act on: what was expected and what was
 * found, in plain words, never a parser's internals or a Java class name.
 */
public final class Json {

    /** Strict: unknown fields, nulls for numbers and trailing tokens are errors. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    /** Lenient reader for third-party formats (POPE, COCO) that carry extra fields. */
    public static final ObjectMapper LENIENT = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final Pattern UNEXPECTED_CHAR = Pattern.compile("^Unexpected character \\('(.+?)' \\(code \\d+\\)\\)");
    private static final Pattern UNRECOGNIZED_TOKEN = Pattern.compile("^Unrecognized token '(.*?)'");
    private static final Pattern DUPLICATE_FIELD = Pattern.compile("^Duplicate field '(.*?)'");

    private Json() {}

    /** The field an error is about (dotted path, e.g. {@code responses[1].text}), or null. */
    public static String field(JsonProcessingException e) {
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            return m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
        }
        return null;
    }

    /**
     * Why a line is not JSON at all (from {@code readTree}): where on the line and what is wrong.
     */
    public static String syntax(JsonProcessingException e) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        JsonLocation at = e.getLocation();
        String where = at != null && at.getColumnNr() > 0 ? " at column " + at.getColumnNr() : "";
        Matcher m;
        String reason;
        if ((m = UNEXPECTED_CHAR.matcher(original)).find()) {
            reason = "unexpected character '" + m.group(1) + "'";
        } else if ((m = UNRECOGNIZED_TOKEN.matcher(original)).find()) {
            reason = "unknown word '" + m.group(1) + "' (text must be in double quotes)";
        } else if ((m = DUPLICATE_FIELD.matcher(original)).find()) {
            reason = "field '" + m.group(1) + "' appears twice";
        } else if (original.contains("end-of-input")) {
            reason = "the line ends before the JSON value is complete";
        } else if (original.contains("Trailing token") || original.contains("trailing token")) {
            reason = "more than one JSON value on the line";
        } else if (original.contains("control character")) {
            reason = "a control character inside text (write it as an escape such as \\n)";
        } else {
            reason = "malformed JSON";
        }
        return "not valid JSON" + where + ": " + reason;
    }

    /**
     * Why a well-formed line does not fit the record it should be (from {@code treeToValue}).
     *
     * @param line the line as a tree, to say what was found where something else was expected
     */
    public static String binding(JsonProcessingException e, JsonNode line) {
        if (e instanceof UnrecognizedPropertyException u) {
            Collection<Object> known = u.getKnownPropertyIds();
            return "unknown field" + (known == null || known.isEmpty() ? ""
                    : " (known fields: " + known.stream().map(String::valueOf).sorted().collect(Collectors.joining(", "))
                            + ")");
        }
        if (e instanceof InvalidFormatException f && f.getTargetType() != null && f.getTargetType().isEnum()) {
            return "value '" + f.getValue() + "' is not one of " + Arrays.toString(f.getTargetType().getEnumConstants());
        }
        if (e instanceof ValueInstantiationException v && v.getCause() != null && v.getCause().getMessage() != null) {
            return v.getCause() instanceof NullPointerException ? v.getCause().getMessage() + " is missing"
                    : v.getCause().getMessage();
        }
        if (e instanceof MismatchedInputException m) {
            JsonNode found = at(line, m);
            return "expected " + expected(m.getTargetType()) + ", found " + (found == null ? "nothing" : kind(found));
        }
        return "value does not fit the field";
    }

    /** Plain words for a JSON value's kind: "an array", "text", "a number"… */
    public static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "text";
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            case NULL -> "null";
            default -> "a value of another kind";
        };
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "another kind of value";
        }
        if (type == String.class || type == Character.class || type == char.class) {
            return "text";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.toString(type.getEnumConstants());
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list (a JSON array)";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "a JSON object";
        }
        String what = type.getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
        return "a JSON object for " + (what.matches("^[aeiou].*") ? "an " : "a ") + what;
    }

    /** The value at the error's path, or null when the path leads nowhere. */
    private static JsonNode at(JsonNode root, JsonMappingException e) {
        JsonNode node = root;
        for (JsonMappingException.Reference r : e.getPath()) {
            if (node == null) {
                return null;
            }
            node = r.getFieldName() != null ? node.get(r.getFieldName()) : node.get(r.getIndex());
        }
        return node;
    }
}
