package dev.groundwork.trainer.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.groundwork.trainer.model.Tokenizer;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Turns prompts and responses into decoder input: {@code [<bos>, prompt…, sep…, response…, <eos>]} with a response
 * mask that is 1 on the response tokens and {@code <eos>} (the tokens whose log-probabilities count), padded with
 * {@code <pad>} (mask 0) to the longest row of a batch. The separator is the tokenisation of {@link #SEPARATOR}; fit
 * the tokenizer on texts that include it. Rows longer than {@code maxLength} are cut at the end (their {@code <eos>}
 * and response tail are then dropped), but a prompt must leave room for at least one response position: a longer
 * one is refused ({@link #requireResponseRoom}), since its row would carry no response token and train with a zero
 * gradient.
 */
public final class Batches {

    /** The prompt/response separator text. */
    public static final String SEPARATOR = ":";

    private final Tokenizer tokenizer;
    private final int maxLength;
    private final int[] separator;

    /** @throws IllegalArgumentException if {@code maxLength} &lt; 3 */
    public Batches(Tokenizer tokenizer, int maxLength) {
        this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
        if (maxLength < 3) {
            throw new IllegalArgumentException("maxLength must be >= 3, was " + maxLength);
        }
        this.maxLength = maxLength;
        this.separator = tokenizer.encode(SEPARATOR);
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** The row limit (the model's {@code maxTextLength}). */
    public int maxLength() {
        return maxLength;
    }

    /**
     * The most prompt tokens that still leave one position for the response: {@code maxLength} minus {@code <bos>},
     * the separator and that one response token.
     */
    public int maxPromptTokens() {
        return maxLength - 2 - separator.length;
    }

    /**
     * Checks that every example's prompt leaves room for its response, before any training.
     *
     * @param what how the message names an example, e.g. "training example"; its index in {@code examples} follows
     * @return {@code examples}
     * @throws IllegalArgumentException naming the first example whose prompt is too long, its token count and the limit
     */
    public <E> List<E> requireResponseRoom(List<E> examples, Function<E, String> prompt, String what) {
        for (int i = 0; i < examples.size(); i++) {
            int tokens = tokenizer.encode(prompt.apply(examples.get(i))).length;
            if (tokens > maxPromptTokens()) {
                throw new IllegalArgumentException(what + " " + i + ": " + tooLong(tokens));
            }
        }
        return examples;
    }

    /** {@link #requireResponseRoom} with a {@code Batches} of {@code tokenizer} and {@code maxLength}. */
    static <E> List<E> requireResponseRoom(Tokenizer tokenizer, int maxLength, List<E> examples, Function<E, String> prompt,
            String what) {
        return new Batches(tokenizer, maxLength).requireResponseRoom(examples, prompt, what);
    }

    private String tooLong(int promptTokens) {
        return "the prompt is " + promptTokens + " tokens, but maxTextLength " + maxLength + " leaves room for at most "
                + maxPromptTokens() + " prompt tokens (" + maxLength + " minus <bos>, the " + separator.length
                + "-token separator and at least one response token), so the response would be cut away entirely;"
                + " shorten the prompt or raise maxTextLength";
    }

    /** One tokenised row: ids and response mask of the same length. */
    public record Row(long[] ids, float[] responseMask) {

        /** The number of response tokens ({@code <eos>} included), i.e. the mask's sum. */
        public int responseTokens() {
            int count = 0;
            for (float m : responseMask) {
                count += m > 0 ? 1 : 0;
            }
            return count;
        }
    }

    /**
     * A padded batch.
     *
     * @param ids (B,T) token ids
     * @param mask (B,T) response masks
     * @param lengths the unpadded length of each row
     */
    public record TextBatch(long[][] ids, float[][] mask, int[] lengths) {

        public int size() {
            return ids.length;
        }

        public int length() {
            return ids[0].length;
        }

        /** (B,T) int64 tokens in {@code manager}. */
        public NDArray tokens(NDManager manager) {
            long[] flat = new long[size() * length()];
            for (int i = 0; i < size(); i++) {
                System.arraycopy(ids[i], 0, flat, i * length(), length());
            }
            return manager.create(flat, new Shape(size(), length()));
        }

        /** (B,T) float32 response mask in {@code manager}. */
        public NDArray responseMask(NDManager manager) {
            float[] flat = new float[size() * length()];
            for (int i = 0; i < size(); i++) {
                System.arraycopy(mask[i], 0, flat, i * length(), length());
            }
            return manager.create(flat, new Shape(size(), length()));
        }

        /** The response token counts (mask sums) per row, ignoring position 0 as {@code SequenceLogProbs} does. */
        public float[] responseTokenCounts() {
            float[] counts = new float[size()];
            for (int i = 0; i < size(); i++) {
                for (int t = 1; t < length(); t++) {
                    counts[i] += mask[i][t];
                }
            }
            return counts;
        }

        /** (B,T) float32 one-hot weights of each row's last real token (its {@code <eos>} unless truncated). */
        public NDArray lastTokenWeights(NDManager manager) {
            float[] flat = new float[size() * length()];
            for (int i = 0; i < size(); i++) {
                flat[i * length() + lengths[i] - 1] = 1;
            }
            return manager.create(flat, new Shape(size(), length()));
        }
    }

    /**
     * {@code [<bos>, prompt, sep, response, <eos>]} cut to the maximum length, with its response mask.
     *
     * @throws IllegalArgumentException if the prompt leaves no room for the response ({@link #maxPromptTokens})
     */
    public Row encode(String prompt, String response) {
        int[] p = tokenizer.encode(prompt);
        if (p.length > maxPromptTokens()) {
            throw new IllegalArgumentException(tooLong(p.length));
        }
        int[] r = tokenizer.encode(response);
        int full = 1 + p.length + separator.length + r.length + 1;
        int length = Math.min(full, maxLength);
        long[] ids = new long[length];
        float[] mask = new float[length];
        int at = 0;
        long[] all = new long[full];
        all[at++] = tokenizer.bosId();
        for (int id : p) {
            all[at++] = id;
        }
        for (int id : separator) {
            all[at++] = id;
        }
        int responseStart = at;
        for (int id : r) {
            all[at++] = id;
        }
        all[at] = tokenizer.eosId();
        System.arraycopy(all, 0, ids, 0, length);
        for (int t = responseStart; t < length; t++) {
            mask[t] = 1;
        }
        return new Row(ids, mask);
    }

    /** The rows padded with {@code <pad>} (mask 0) to the longest one. */
    public TextBatch pad(List<Row> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("a batch needs at least one row");
        }
        int length = rows.stream().mapToInt(r -> r.ids().length).max().orElseThrow();
        long[][] ids = new long[rows.size()][length];
        float[][] mask = new float[rows.size()][length];
        int[] lengths = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            java.util.Arrays.fill(ids[i], tokenizer.padId());
            System.arraycopy(row.ids(), 0, ids[i], 0, row.ids().length);
            System.arraycopy(row.responseMask(), 0, mask[i], 0, row.responseMask().length);
            lengths[i] = row.ids().length;
        }
        return new TextBatch(ids, mask, lengths);
    }
}
