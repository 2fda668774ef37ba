package dev.groundwork.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/** One YAML document of a manifest file: where it is, and its tree. */
record Manifest(Path file, int index, JsonNode tree) {

    String apiVersion() {
        return tree.path("apiVersion").asText("");
    }

    String kind() {
        return tree.path("kind").asText("");
    }

    String name() {
        return tree.path("metadata").path("name").asText("");
    }

    /** {@code kafka.yaml#2 Kafka groundwork-kafka}: how problems name this document. */
    @Override
    public String toString() {
        return file.getFileName() + "#" + (index + 1) + " " + kind() + " " + name();
    }
}
