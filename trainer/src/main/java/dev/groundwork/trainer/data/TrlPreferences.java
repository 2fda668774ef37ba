package dev.groundwork.trainer.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.trainer.train.Picture;
import dev.groundwork.trainer.train.PreferenceExample;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * Preference pairs from a TRL-format file, as {@code gw export --format trl} writes it and as TRL's
 * {@code DPOTrainer} reads it for vision-language models: one JSON object per line with {@code prompt},
 * {@code chosen}, {@code rejected} and {@code images} (paths relative to the file, first image used). Both shapes
 * are read:
 *
 * <ul>
 *   <li>plain: {@code "prompt": "text", "chosen": "text", "rejected": "text"};
 *   <li>conversational (TRL's VLM examples, e.g. {@code HuggingFaceH4/rlaif-v_formatted}, and our default):
 *       {@code prompt} is a list of messages whose user turn holds {@code {"type":"image"}} and
 *       {@code {"type":"text","text":…}} parts, and {@code chosen}/{@code rejected} are lists with an assistant
 *       message of text parts. The prompt is the user turn's text parts joined by a space, an answer the assistant
 *       turn's; image parts (with or without {@code "text": null}, as the published dataset loads) are skipped.
 * </ul>
 *
 * A line that is neither is refused with the file, line and field. Every pair has weight 1; the file holds no
 * held-out split ({@code heldOutEvery} takes every n-th pair out, 0 for none).
 */
public final class TrlPreferences implements PreferenceSource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final int heldOutEvery;

    public TrlPreferences(Path file, int heldOutEvery) {
        this.file = Objects.requireNonNull(file, "file");
        if (heldOutEvery < 0) {
            throw new IllegalArgumentException("heldOutEvery must be >= 0, was " + heldOutEvery);
        }
        this.heldOutEvery = heldOutEvery;
    }

    /** Thrown for a line that is not a preference pair; the message names file, line and field. */
    public static final class FormatException extends IllegalArgumentException {
        FormatException(String message) {
            super(message);
        }
    }

    @Override
    public PreferenceSet preferences() {
        Path base = file.toAbsolutePath().getParent();
        List<PreferenceExample> train = new ArrayList<>();
        List<PreferenceExample> heldOut = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        Map<String, Picture> pictures = new HashMap<>();
        MessageDigest digest = sha256();
        int lineNumber = 0;
        int pairs = 0;
        try (BufferedReader in = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file),
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)))) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                digest.update(line.getBytes(StandardCharsets.UTF_8));
                if (line.isBlank()) {
                    continue;
                }
                JsonNode row;
                try {
                    row = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    throw refuse(lineNumber, "the line is not valid JSON");
                }
                if (!row.isObject()) {
                    throw refuse(lineNumber, "expected a JSON object with prompt, chosen, rejected and images");
                }
                String prompt = promptText(row.get("prompt"), lineNumber);
                String chosen = answerText(row.get("chosen"), lineNumber, "chosen");
                String rejected = answerText(row.get("rejected"), lineNumber, "rejected");
                JsonNode images = row.get("images");
                if (images == null || !images.isArray() || images.isEmpty() || !images.get(0).isTextual()) {
                    throw refuse(lineNumber, "images: expected a list with at least one image path");
                }
                String imagePath = images.get(0).asText();
                Picture picture = pictures.computeIfAbsent(imagePath, p -> readPicture(base, p));
                if (picture == null) {
                    throw refuse(lineNumber, "images: cannot read " + imagePath + " (missing, or not a PNG or JPEG)");
                }
                PreferenceExample pair = new PreferenceExample(picture, prompt, chosen, rejected);
                texts.add(prompt);
                texts.add(chosen);
                texts.add(rejected);
                pairs++;
                (heldOutEvery > 0 && pairs % heldOutEvery == 0 ? heldOut : train).add(pair);
            }
        } catch (CharacterCodingException e) {
            throw refuse(lineNumber + 1, "the file is not valid UTF-8");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (pairs == 0) {
            throw new FormatException(file + ": no preference pairs in the file");
        }
        String description = "TRL preference file " + file.toAbsolutePath() + " (" + pairs + " pairs, sha256 "
                + HexFormat.of().formatHex(digest.digest()).substring(0, 16) + ")";
        return new PreferenceSet(train, heldOut, texts, description, List.of(), "");
    }

    /** The prompt's text: a string, or the user turn's text parts joined by a space. */
    private String promptText(JsonNode prompt, int line) {
        if (prompt == null || prompt.isNull()) {
            throw refuse(line, "prompt is missing");
        }
        if (prompt.isTextual()) {
            return stripImageToken(prompt.asText());
        }
        if (prompt.isArray()) {
            return textParts(turn(prompt, "user", line, "prompt"), line, "prompt");
        }
        throw refuse(line, "prompt: expected text or a list of messages");
    }

    /** An answer's text: a string, or the assistant turn's text parts joined by a space. */
    private String answerText(JsonNode answer, int line, String field) {
        if (answer == null || answer.isNull()) {
            throw refuse(line, field + " is missing");
        }
        if (answer.isTextual()) {
            return answer.asText();
        }
        if (answer.isArray()) {
            return textParts(turn(answer, "assistant", line, field), line, field);
        }
        throw refuse(line, field + ": expected text or a list with an assistant message");
    }

    /** The content of the first message with the role; every message must be an object with a role. */
    private JsonNode turn(JsonNode messages, String role, int line, String field) {
        JsonNode found = null;
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            if (!message.isObject() || !message.path("role").isTextual()) {
                throw refuse(line, field + "[" + i + "]: expected a message with a role and content");
            }
            if (found == null && role.equals(message.get("role").asText())) {
                found = message;
            }
        }
        if (found == null) {
            throw refuse(line, field + ": expected a message with the role " + role);
        }
        JsonNode content = found.get("content");
        if (content == null || !(content.isTextual() || content.isArray())) {
            throw refuse(line, field + ": the " + role + " message's content must be text or a list of parts");
        }
        return content;
    }

    private String textParts(JsonNode content, int line, String field) {
        if (content.isTextual()) {
            return content.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : content) {
            if (!part.isObject() || !part.path("type").isTextual()) {
                throw refuse(line, field + ": expected content parts with a type (text or image)");
            }
            if ("text".equals(part.get("type").asText())) {
                if (!part.path("text").isTextual()) {
                    throw refuse(line, field + ": a text part without its text");
                }
                if (!text.isEmpty()) {
                    text.append(' ');
                }
                text.append(part.get("text").asText());
            }
        }
        if (text.isEmpty()) {
            throw refuse(line, field + ": no text part");
        }
        return text.toString();
    }

    /** LLaVA-style prompts carry an {@code <image>} token in the text; our model takes the image separately. */
    private static String stripImageToken(String prompt) {
        return prompt.replace("<image>", "").strip();
    }

    private static Picture readPicture(Path base, String relative) {
        Path path = base.resolve(relative).normalize();
        if (!path.startsWith(base) || !Files.isRegularFile(path)) {
            return null;
        }
        try {
            BufferedImage image = ImageIO.read(path.toFile());
            return image == null ? null : Picture.of(image);
        } catch (IOException e) {
            return null;
        }
    }

    private FormatException refuse(int line, String reason) {
        return new FormatException(file + " line " + line + ": " + reason);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
