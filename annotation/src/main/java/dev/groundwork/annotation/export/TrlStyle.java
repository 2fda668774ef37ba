package dev.groundwork.annotation.export;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a TRL preference row spells its prompt and answers. Both hold {@code prompt}, {@code chosen}, {@code rejected}
 * and {@code images} (a list of image paths or URLs), in that order.
 *
 * <ul>
 *   <li>{@link #CONVERSATIONAL} (the default): TRL's conversational preference format as its vision-language examples
 *       use it, e.g. the dataset {@code HuggingFaceH4/rlaif-v_formatted} (its card's {@code format} function) and the
 *       blog post "Preference Optimization for Vision Language Models with TRL" (huggingface/blog {@code dpo_vlm.md}):
 *       <pre>{@code
 * {"prompt":[{"role":"user","content":[{"type":"image"},{"type":"text","text":"…"}]}],
 *  "chosen":[{"role":"assistant","content":[{"type":"text","text":"…"}]}],
 *  "rejected":[{"role":"assistant","content":[{"type":"text","text":"…"}]}],
 *  "images":["images/….png"]}
 * }</pre>
 *       The user turn holds one {@code {"type":"image"}} part per entry of {@code images}, then the prompt as one text
 *       part; this is what a VLM processor's chat template needs to place the image tokens. An image part has no
 *       {@code text} key: the published dataset's Arrow schema fills in {@code "text": null} when it is loaded, and
 *       TRL and the chat templates read both alike.
 *   <li>{@link #PLAIN}: TRL's standard preference format, {@code prompt}, {@code chosen} and {@code rejected} as plain
 *       strings; a text-only trainer, or a script that applies its own template, reads it.
 * </ul>
 *
 * See TRL's "Dataset formats and types" guide (huggingface.co/docs/trl/dataset_formats) for both.
 */
public enum TrlStyle {
    CONVERSATIONAL {
        @Override
        public ObjectNode row(String prompt, String chosen, String rejected, List<String> images) {
            ArrayNode content = JSON.arrayNode();
            for (int i = 0; i < images.size(); i++) {
                content.addObject().put("type", "image");
            }
            content.addObject().put("type", "text").put("text", prompt);
            ObjectNode row = JSON.objectNode();
            row.set("prompt", turn("user", content));
            row.set("chosen", answer(chosen));
            row.set("rejected", answer(rejected));
            row.set("images", paths(images));
            return row;
        }
    },
    PLAIN {
        @Override
        public ObjectNode row(String prompt, String chosen, String rejected, List<String> images) {
            ObjectNode row = JSON.objectNode();
            row.put("prompt", prompt).put("chosen", chosen).put("rejected", rejected);
            row.set("images", paths(images));
            return row;
        }
    };

    public static final TrlStyle DEFAULT = CONVERSATIONAL;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** One preference row of this style; {@code images} are the row's image paths or URLs, in order. */
    public abstract ObjectNode row(String prompt, String chosen, String rejected, List<String> images);

    /** The name a person types: {@code conversational} or {@code plain}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The style a person named, in any case. */
    public static Optional<TrlStyle> of(String label) {
        return Arrays.stream(values()).filter(s -> s.label().equalsIgnoreCase(label.strip())).findFirst();
    }

    /** The labels, for a message: {@code conversational, plain}. */
    public static String labels() {
        return Arrays.stream(values()).map(TrlStyle::label).collect(Collectors.joining(", "));
    }

    private static ArrayNode turn(String role, ArrayNode content) {
        ArrayNode turns = JSON.arrayNode();
        turns.addObject().put("role", role).set("content", content);
        return turns;
    }

    private static ArrayNode answer(String text) {
        ArrayNode content = JSON.arrayNode();
        content.addObject().put("type", "text").put("text", text);
        return turn("assistant", content);
    }

    private static ArrayNode paths(List<String> images) {
        ArrayNode list = JSON.arrayNode();
        images.forEach(list::add);
        return list;
    }
}
