package dev.groundwork.trainer.generate;

/**
 * One generated response.
 *
 * @param tokens the generated token ids, without the stopping {@code <eos>}
 * @param text the decoded response
 * @param stop why generation ended
 */
public record Generation(int[] tokens, String text, Stop stop) {

    /** Why a generation ended. */
    public enum Stop {
        /** The model emitted {@code <eos>}. */
        EOS,
        /** The new-token limit or the model's maximum text length was reached. */
        LENGTH
    }

    public Generation {
        tokens = tokens.clone();
    }

    @Override
    public int[] tokens() {
        return tokens.clone();
    }

    /** Number of generated tokens ({@code <eos>} not counted). */
    public int length() {
        return tokens.length;
    }
}
