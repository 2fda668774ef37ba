package dev.groundwork.trainer.model;

/**
 * Maps text to token ids and back. Ids are dense in {@code [0, vocabSize())}; four of them are reserved for the
 * special tokens.
 */
public interface Tokenizer {

    /** The ids of {@code text}, without {@code <bos>}/{@code <eos>}; unknown words map to {@link #unkId()}. */
    int[] encode(String text);

    /** The text of {@code ids}; special tokens are skipped, words are joined by spaces (punctuation attached). */
    String decode(int[] ids);

    /** The number of ids, special tokens included. */
    int vocabSize();

    /** The padding id. */
    int padId();

    /** The beginning-of-sequence id. */
    int bosId();

    /** The end-of-sequence id. */
    int eosId();

    /** The id of words outside the vocabulary. */
    int unkId();
}
