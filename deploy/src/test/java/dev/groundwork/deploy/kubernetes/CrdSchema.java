package dev.groundwork.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenAPI v3 schema of one operator resource, from its CustomResourceDefinition (kept in
 * {@code src/test/resources/kubernetes/schemas}, each file's source in the README there), checked as the API server
 * checks a custom resource under strict field validation: types, enums, patterns, bounds and required fields as the
 * CRD says, and a field the schema does not declare is refused (the server would prune it and, strictly, fail), except
 * under {@code x-kubernetes-preserve-unknown-fields} and in maps ({@code additionalProperties}). A schema may have
 * core Kubernetes types trimmed out ({@code embedded}: a pointer, with {@code *} for every item of a list, to the name of
 * the model), such as a pod template's {@code spec}; those parts are left open here and read strictly into fabric8's
 * model instead ({@link ManifestValidator}).
 */
final class CrdSchema {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String apiVersion;
    private final String kind;
    private final JsonSchema schema;
    private final Map<String, String> embedded;

    private CrdSchema(String apiVersion, String kind, JsonSchema schema, Map<String, String> embedded) {
        this.apiVersion = apiVersion;
        this.kind = kind;
        this.schema = schema;
        this.embedded = embedded;
    }

    /** The schema in the class-path resource {@code kubernetes/schemas/<file>}. */
    static CrdSchema load(String file) {
        String resource = "/kubernetes/schemas/" + file;
        try (InputStream in = CrdSchema.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no schema " + resource + " on the test class path");
            }
            JsonNode doc = JSON.readTree(in);
            ObjectNode schema = (ObjectNode) doc.get("schema").deepCopy();
            // Every object has these (the API server checks them, not the CRD); some CRDs' schemas leave them out.
            ObjectNode properties = schema.with("properties");
            properties.putIfAbsent("apiVersion", JSON.createObjectNode().put("type", "string"));
            properties.putIfAbsent("kind", JSON.createObjectNode().put("type", "string"));
            properties.putIfAbsent("metadata", JSON.createObjectNode().put("type", "object"));
            closeObjects(schema);
            Map<String, String> embedded = new LinkedHashMap<>();
            doc.path("embedded").fields().forEachRemaining(e -> embedded.put(e.getKey(), e.getValue().asText()));
            return new CrdSchema(doc.get("group").asText() + "/" + doc.get("version").asText(), doc.get("kind").asText(),
                    JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(schema), Map.copyOf(embedded));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    String apiVersion() {
        return apiVersion;
    }

    String kind() {
        return kind;
    }

    /** Each problem as {@code <path>: <message>}; none when the document is valid. */
    List<String> problems(JsonNode document) {
        return schema.validate(document).stream().map(ValidationMessage::getMessage).sorted().toList();
    }

    /**
     * The parts of the document that the schema leaves to a core model: where each is (e.g.
     * {@code spec.rayClusterSpec.workerGroupSpecs[0].template.spec}), to the model's name and the part.
     */
    Map<String, Map.Entry<String, JsonNode>> embedded(JsonNode document) {
        Map<String, Map.Entry<String, JsonNode>> parts = new LinkedHashMap<>();
        embedded.forEach((pointer, model) -> collect(document, List.of(pointer.substring(1).split("/")), "", model, parts));
        return parts;
    }

    private static void collect(JsonNode node, List<String> segments, String at, String model,
            Map<String, Map.Entry<String, JsonNode>> parts) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return;
        }
        if (segments.isEmpty()) {
            parts.put(at, Map.entry(model, node));
            return;
        }
        String segment = segments.get(0);
        List<String> rest = segments.subList(1, segments.size());
        if (segment.equals("*")) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), rest, at + "[" + i + "]", model, parts);
            }
        } else {
            collect(node.get(segment), rest, at.isEmpty() ? segment : at + "." + segment, model, parts);
        }
    }

    /** Adds {@code additionalProperties: false} to every object schema that lists its properties and keeps no others. */
    private static void closeObjects(JsonNode node) {
        if (node instanceof ObjectNode object) {
            boolean preserves = object.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
            if (object.has("properties") && !object.has("additionalProperties") && !preserves) {
                object.set("additionalProperties", BooleanNode.FALSE);
            }
            // Kubernetes' own keywords are read above or are not checked here (CEL rules, list types); JSON Schema
            // does not know them.
            object.remove(object.properties().stream().map(Map.Entry::getKey)
                    .filter(key -> key.startsWith("x-kubernetes-") || key.equals("nullable")).toList());
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                closeObjects(it.next().getValue());
            }
        } else if (node != null && node.isArray()) {
            node.forEach(CrdSchema::closeObjects);
        }
    }
}
