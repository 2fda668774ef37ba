package dev.groundwork.storage.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.List;

/** {@code evaluation_report.checkpoints}: the compared checkpoints as a JSON array, in report order. */
@Converter
class ComparedCheckpointsJson implements AttributeConverter<List<ComparedCheckpoint>, String> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<ComparedCheckpoint>> TYPE = new TypeReference<>() {};

    @Override
    public String convertToDatabaseColumn(List<ComparedCheckpoint> checkpoints) {
        try {
            return JSON.writeValueAsString(checkpoints == null ? List.of() : checkpoints);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the compared checkpoints as JSON", e);
        }
    }

    @Override
    public List<ComparedCheckpoint> convertToEntityAttribute(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return List.copyOf(JSON.readValue(json, TYPE));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "evaluation_report.checkpoints is not a JSON array of checkpoints: " + e.getMessage(), e);
        }
    }
}
