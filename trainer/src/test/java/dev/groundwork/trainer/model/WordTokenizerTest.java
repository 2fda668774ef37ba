package dev.groundwork.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordTokenizerTest {

    private static final List<String> TEXTS = List.of("What colour is the square?", "The square is red.",
            "Left: a blue circle, right: a red square.");

    @Test
    void special_tokens_come_first_and_words_follow_in_sorted_order() {
        WordTokenizer tokenizer = WordTokenizer.fit(TEXTS);
        assertThat(tokenizer.vocabulary().subList(0, 4)).containsExactly("<pad>", "<bos>", "<eos>", "<unk>");
        assertThat(tokenizer.padId()).isZero();
        assertThat(tokenizer.bosId()).isEqualTo(1);
        assertThat(tokenizer.eosId()).isEqualTo(2);
        assertThat(tokenizer.unkId()).isEqualTo(3);
        List<String> words = tokenizer.vocabulary().subList(4, tokenizer.vocabSize());
        assertThat(words).isSorted().doesNotHaveDuplicates().contains(",", ".", ":", "?", "blue", "square", "what");
        assertThat(WordTokenizer.fit(List.of(TEXTS.get(2), TEXTS.get(0), TEXTS.get(1))).vocabulary())
                .isEqualTo(tokenizer.vocabulary());
    }

    @Test
    void text_is_lower_cased_and_punctuation_split_off() {
        assertThat(WordTokenizer.split("Left: a Blue circle, right?")).containsExactly("left", ":", "a", "blue", "circle", ",",
                "right", "?");
    }

    @Test
    void encoding_then_decoding_gives_back_the_normalised_text() {
        WordTokenizer tokenizer = WordTokenizer.fit(TEXTS);
        int[] ids = tokenizer.encode("The square is red.");
        assertThat(ids).hasSize(5).doesNotContain(0, 1, 2, 3);
        assertThat(tokenizer.decode(ids)).isEqualTo("the square is red.");
        assertThat(tokenizer.decode(new int[] {1, ids[0], ids[1], 2, 0})).isEqualTo("the square");
    }

    @Test
    void unknown_words_map_to_unk() {
        WordTokenizer tokenizer = WordTokenizer.fit(TEXTS);
        int[] ids = tokenizer.encode("the purple square");
        assertThat(ids[1]).isEqualTo(tokenizer.unkId());
        assertThat(tokenizer.decode(ids)).isEqualTo("the <unk> square");
    }

    @Test
    void json_round_trip_keeps_every_id() {
        WordTokenizer tokenizer = WordTokenizer.fit(TEXTS);
        WordTokenizer copy = WordTokenizer.fromJson(tokenizer.toJson());
        assertThat(copy.vocabulary()).isEqualTo(tokenizer.vocabulary());
        assertThat(copy.encode(TEXTS.get(2))).isEqualTo(tokenizer.encode(TEXTS.get(2)));
    }

    @Test
    void json_without_the_special_tokens_is_rejected() {
        assertThatThrownBy(() -> WordTokenizer.fromJson("{\"vocabulary\":[\"a\",\"b\"]}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WordTokenizer.fromJson("[1,2]")).isInstanceOf(IllegalArgumentException.class);
    }
}
