package dev.groundwork.deploy.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads a manifest into a typed model (fabric8's Kubernetes model, Strimzi's api) the way the API server's strict field
 * validation reads it ({@code kubectl apply}'s default since Kubernetes 1.27): an unknown field is an error, not an
 * extra. Both models keep unknown fields in an {@code additionalProperties} map through {@code @JsonAnySetter}; this
 * mapper turns every any-setter off, so an unknown field fails as it would on a cluster. A value of the wrong type
 * fails too: no string to number, no number or boolean to string (Kubernetes refuses {@code value: 3} for a string).
 */
final class StrictModel {

    private static final ObjectMapper MAPPER = mapper();

    private StrictModel() {}

    private static ObjectMapper mapper() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .annotationIntrospector(new JacksonAnnotationIntrospector() {
                    @Override
                    public Boolean hasAnySetter(Annotated a) {
                        return Boolean.FALSE;
                    }
                })
                .build();
        for (CoercionInputShape shape : new CoercionInputShape[] {CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean}) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        return mapper;
    }

    /** The document as {@code type}, or the problem: where in the document, and what. */
    static Optional<String> problem(JsonNode tree, Class<?> type) {
        try {
            MAPPER.treeToValue(tree, type);
            return Optional.empty();
        } catch (JsonMappingException e) {
            String path = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            String what = e instanceof UnrecognizedPropertyException u
                    ? "unknown field \"" + u.getPropertyName() + "\" (" + type.getSimpleName() + " model: "
                            + u.getReferringClass().getSimpleName() + ")"
                    : e.getOriginalMessage().lines().findFirst().orElse("").replace(" (but might if coercion using `CoercionConfig` was enabled)", "");
            return Optional.of("at " + (path.isEmpty() ? "the top" : path) + ": " + what);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Optional.of(String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
    }
}
