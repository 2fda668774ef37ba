package dev.groundwork.critic.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A critic's prompt templates: one pairwise ({@code {question}}, {@code {first}}, {@code {second}}) and one pointwise
 * ({@code {question}}, {@code {answer}}) template, with a name and version that every judgment records. The default
 * set, {@link #llavaCritic()}, is LLaVA-Critic's published pair (model card of {@code lmms-lab/llava-critic-7b}, Quick
 * Start), reproduced verbatim in {@code llava-critic-templates.json}. Other sets are JSON files of the same shape.
 *
 * @param pointwiseScale the top of the pointwise score scale (100 for LLaVA-Critic's "out of 100")
 */
public record TemplateSet(String name, String version, String pairwise, String pointwise, int pointwiseScale) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public TemplateSet {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        require(pairwise, "pairwise", List.of("{question}", "{first}", "{second}"));
        require(pointwise, "pointwise", List.of("{question}", "{answer}"));
        if (pointwiseScale < 1) {
            throw new IllegalArgumentException("pointwiseScale must be >= 1, was " + pointwiseScale);
        }
    }

    /** LLaVA-Critic's pairwise ranking and pointwise scoring prompts. */
    public static TemplateSet llavaCritic() {
        try (InputStream in = TemplateSet.class.getResourceAsStream("llava-critic-templates.json")) {
            return parse(JSON.readTree(in), "llava-critic-templates.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A template set from a JSON file with {@code name}, {@code version}, {@code pairwise}, {@code pointwise} and
     * optionally {@code pointwiseScale}.
     *
     * @throws IllegalArgumentException naming the file and the field when one is missing or lacks a placeholder
     */
    public static TemplateSet load(Path file) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not valid JSON (line " + e.getLocation().getLineNr() + ")");
        }
        return parse(root, file.toString());
    }

    private static TemplateSet parse(JsonNode root, String source) {
        try {
            return new TemplateSet(text(root, "name", source), text(root, "version", source),
                    text(root, "pairwise", source), text(root, "pointwise", source),
                    root.path("pointwiseScale").asInt(100));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode root, String field, String source) {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual()) {
            throw new IllegalArgumentException(source + ": field '" + field + "' is missing or not a string");
        }
        return node.asText();
    }

    private static void require(String template, String field, List<String> placeholders) {
        Objects.requireNonNull(template, field);
        for (String p : placeholders) {
            if (!template.contains(p)) {
                throw new IllegalArgumentException("template '" + field + "' lacks the placeholder " + p);
            }
        }
    }

    /** {@code name-version}: the template version a judgment records. */
    public String id() {
        return name + "-" + version;
    }

    String pairwisePrompt(String question, String first, String second) {
        return pairwise.replace("{question}", question).replace("{first}", first).replace("{second}", second);
    }

    String pointwisePrompt(String question, String answer) {
        return pointwise.replace("{question}", question).replace("{answer}", answer);
    }
}
