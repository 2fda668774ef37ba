package dev.groundwork.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.groundwork.trainer.loss.DpoLoss;
import dev.groundwork.trainer.loss.MdpoLoss;
import dev.groundwork.trainer.model.VlmConfig;
import dev.groundwork.trainer.model.WordTokenizer;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchesAndImagesTest {

    private final WordTokenizer tokenizer = WordTokenizer.fit(List.of("is there a star?", "yes.", "no, there is no star.", ":"));

    @Test
    void a_row_is_bos_prompt_separator_response_eos_with_the_mask_on_response_and_eos() {
        Batches.Row row = new Batches(tokenizer, 48).encode("Is there a star?", "Yes.");
        assertThat(tokenizer.decode(java.util.Arrays.stream(row.ids()).mapToInt(i -> (int) i).toArray()))
                .isEqualTo("is there a star?: yes.");
        assertThat(row.ids()[0]).isEqualTo(tokenizer.bosId());
        assertThat(row.ids()[row.ids().length - 1]).isEqualTo(tokenizer.eosId());
        assertThat(row.responseMask()).containsExactly(0, 0, 0, 0, 0, 0, 0, 1, 1, 1);
    }

    @Test
    void batches_are_padded_to_the_longest_row_and_rows_are_cut_at_the_maximum_length() {
        Batches batches = new Batches(tokenizer, 12);
        Batches.TextBatch batch = batches.pad(List.of(batches.encode("Is there a star?", "Yes."),
                batches.encode("Is there a star?", "No, there is no star.")));
        assertThat(batch.length()).isEqualTo(12);
        assertThat(batch.lengths()).containsExactly(10, 12);
        assertThat(batch.ids()[0][10]).isEqualTo(tokenizer.padId());
        assertThat(batch.mask()[0][10]).isZero();
        assertThat(batch.responseTokenCounts()).containsExactly(3f, 5f);
    }

    /**
     * "Is there a star?" is 5 tokens (is, there, a, star, ?) and the separator 1, so a row needs 1 + 5 + 1 = 7
     * positions before its response: maxLength 8 leaves exactly one response position (maxPromptTokens 8 − 2 − 1 = 5),
     * maxLength 7 leaves none (at most 7 − 2 − 1 = 4 prompt tokens).
     */
    @Test
    void a_prompt_that_leaves_no_room_for_the_response_is_refused_with_its_token_count_and_the_limit() {
        Batches.Row justFits = new Batches(tokenizer, 8).encode("Is there a star?", "Yes.");
        assertThat(justFits.ids()).hasSize(8);
        assertThat(justFits.responseTokens()).isEqualTo(1);
        assertThat(new Batches(tokenizer, 8).maxPromptTokens()).isEqualTo(5);

        Batches tooShort = new Batches(tokenizer, 7);
        assertThat(tooShort.maxPromptTokens()).isEqualTo(4);
        assertThatIllegalArgumentException().isThrownBy(() -> tooShort.encode("Is there a star?", "Yes."))
                .withMessageContaining("the prompt is 5 tokens, but maxTextLength 7 leaves room for at most 4 prompt tokens");
    }

    @Test
    void trainers_refuse_an_over_long_prompt_naming_the_example_before_training() {
        Picture picture = new Picture(32, 32, new float[3 * 32 * 32]);
        VlmConfig config = new VlmConfig(32, 8, 16, 1, 1, 2, 7, 2);
        List<PreferenceExample> pairs = List.of(new PreferenceExample(picture, "a star?", "yes.", "no."),
                new PreferenceExample(picture, "Is there a star?", "yes.", "no."));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new DpoTrainer(config, tokenizer, pairs, DpoLoss.sigmoid(0.1), TrainingOptions.defaults(),
                        Start.fresh()))
                .withMessageStartingWith("training example 1: the prompt is 5 tokens, but maxTextLength 7 leaves room for at most 4");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new MdpoTrainer(config, tokenizer, pairs, MdpoLoss.of(0.1), TrainingOptions.defaults(),
                        Start.fresh()))
                .withMessageStartingWith("training example 1: the prompt is 5 tokens");
        List<SftExample> sft = List.of(new SftExample(picture, "Is there a star?", "yes."));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new SftTrainer(config, tokenizer, sft, TrainingOptions.defaults(), Start.fresh()))
                .withMessageStartingWith("training example 0: the prompt is 5 tokens");
    }

    @Test
    void data_order_is_a_seeded_permutation_per_epoch_and_seeking_continues_it_exactly() {
        DataCursor a = new DataCursor(10, 4, 9);
        int[][] batches = {a.next(), a.next(), a.next(), a.next()};
        assertThat(a.position()).isEqualTo(new DataCursor.Position(1, 8));
        DataCursor b = new DataCursor(10, 4, 9);
        b.seek(new DataCursor.Position(1, 4));
        assertThat(b.next()).containsExactly(batches[3]);
        assertThat(java.util.Arrays.stream(batches[0]).boxed().toList()).doesNotContainAnyElementsOf(java.util.Arrays.stream(batches[1]).boxed().toList());
    }

    @Test
    void a_corruption_crop_keeps_between_1_and_20_percent_of_the_area_and_is_the_same_for_the_same_key() {
        for (long key = 0; key < 200; key++) {
            double[] box = Images.cropBox(80, 80, 3, CounterRng.CROP, key);
            double area = (box[2] - box[0]) * (box[3] - box[1]) / (80.0 * 80.0);
            assertThat(area).isBetween(0.01 - 1e-9, 0.20 + 1e-9);
            assertThat(box[0]).isGreaterThanOrEqualTo(0);
            assertThat(box[3]).isLessThanOrEqualTo(80);
        }
        float[] pixels = new float[3 * 80 * 80];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (i % 80) / 79f;
        }
        Picture picture = new Picture(80, 80, pixels);
        assertThat(Images.crop(picture, 32, 3, CounterRng.CROP, 5)).containsExactly(Images.crop(picture, 32, 3, CounterRng.CROP, 5));
        assertThat(Images.crop(picture, 32, 3, CounterRng.CROP, 5)).isNotEqualTo(Images.crop(picture, 32, 3, CounterRng.CROP, 6));
        float[] resized = Images.resize(picture, 32);
        assertThat(resized).hasSize(3 * 32 * 32);
        assertThat(resized[0]).isLessThan(resized[31]);
    }
}
