package dev.groundwork.annotation.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** JSON encoding of events, and decoding that says why a record is unusable. */
public final class EventCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private EventCodec() {}

    public static byte[] encode(GroundworkEvent event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + event.type() + " " + event.eventId(), e);
        }
    }

    public static String encodeToString(GroundworkEvent event) {
        return new String(encode(event), StandardCharsets.UTF_8);
    }

    /**
     * Decodes and validates a record value.
     *
     * @throws InvalidEventException naming what is wrong (malformed JSON, unknown type, rule broken)
     */
    public static GroundworkEvent decode(byte[] value) {
        if (value == null || value.length == 0) {
            throw new InvalidEventException("empty record value");
        }
        GroundworkEvent event;
        try {
            event = MAPPER.readValue(value, GroundworkEvent.class);
        } catch (IOException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new InvalidEventException("not a Groundwork event: " + msg);
        }
        List<String> violations = List.of();
        if (event instanceof JudgmentRecorded j) {
            violations = j.violations();
        } else if (event instanceof DisagreementResolved r) {
            violations = r.violations();
        } else if (event instanceof CriticRequested c) {
            violations = c.violations();
        } else if (event instanceof DatasetDeleted d) {
            violations = d.violations();
        } else if (event instanceof DatasetRenamed d) {
            violations = d.violations();
        }
        if (!violations.isEmpty()) {
            throw new InvalidEventException(String.join("; ", violations));
        }
        return event;
    }

    /** A record that cannot be used; the message is the reason written to the dead-letter topic. */
    public static final class InvalidEventException extends RuntimeException {
        public InvalidEventException(String reason) {
            super(reason);
        }
    }
}
