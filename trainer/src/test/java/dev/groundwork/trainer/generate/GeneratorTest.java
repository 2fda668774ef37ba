package dev.groundwork.trainer.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.groundwork.trainer.model.VisionLanguageModel;
import dev.groundwork.trainer.model.VlmConfig;
import dev.groundwork.trainer.model.WordTokenizer;
import dev.groundwork.trainer.train.Parameters;
import dev.groundwork.trainer.train.Picture;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Generation mechanics on a freshly initialised tiny model (a near-uniform policy: diverse samples, random stops). */
class GeneratorTest {

    static final int MAX_NEW = 10;
    static final String PROMPT = "Is there a star in the image?";

    static NDManager manager;
    static VisionLanguageModel model;
    static WordTokenizer tokenizer;
    static Generator generator;
    static Picture picture;

    @BeforeAll
    static void setUp() {
        tokenizer = WordTokenizer.fit(List.of(":", PROMPT, "Yes, there is a star.", "No, there is no star.",
                "What colour is the circle?", "The circle is red.", "How many squares are there?", "There are two squares."));
        manager = NDManager.newBaseManager();
        Engine.getInstance().setRandomSeed(21);
        model = new VisionLanguageModel(VlmConfig.tiny(), tokenizer.vocabSize());
        model.initializeParameters(manager);
        generator = new Generator(model, new ParameterStore(manager, false), tokenizer, manager, MAX_NEW);
        picture = randomPicture(40, 3);
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    static Picture randomPicture(int side, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] chw = new float[3 * side * side];
        for (int i = 0; i < chw.length; i++) {
            chw[i] = (float) random.nextDouble();
        }
        return new Picture(side, side, chw);
    }

    @Test
    void greedy_decoding_is_deterministic() {
        String first = generator.greedy(picture, PROMPT);
        assertThat(generator.greedy(picture, PROMPT)).isEqualTo(first);
        assertThat(generator.greedy(List.of(picture, picture), List.of(PROMPT, PROMPT))).containsOnly(first);
    }

    @Test
    void sampling_with_the_same_seed_repeats_the_k_samples_and_another_seed_changes_them() {
        List<String> first = generator.sample(picture, PROMPT, 6, 42);
        System.out.println("samples (seed 42): " + first);
        assertThat(generator.sample(picture, PROMPT, 6, 42)).isEqualTo(first);
        assertThat(generator.sample(picture, PROMPT, 6, 43)).isNotEqualTo(first);
        assertThat(new java.util.HashSet<>(first)).as("samples of one call differ from each other").hasSizeGreaterThan(1);
        assertThat(generator.sample(picture, PROMPT, Sampling.policy(), 42)).isEqualTo(first.get(0));
    }

    @Test
    void a_near_zero_temperature_or_a_tiny_nucleus_gives_the_greedy_response() {
        String greedy = generator.greedy(picture, PROMPT);
        assertThat(generator.sample(picture, PROMPT, Sampling.of(1e-6, 1.0), 5)).isEqualTo(greedy);
        assertThat(generator.sample(picture, PROMPT, Sampling.of(1.0, 1e-6), 6)).isEqualTo(greedy);
        assertThat(generator.sample(picture, PROMPT, 4, Sampling.of(1e-6, 1.0), 7)).containsOnly(greedy);
    }

    @Test
    void every_generation_stops_at_eos_or_at_the_new_token_limit() {
        List<Picture> pictures = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            pictures.add(randomPicture(40, 100 + i));
        }
        List<Generation> generations = generator.generate(pictures, Collections.nCopies(pictures.size(), PROMPT),
                Sampling.of(1.5, 1.0), 9);
        int eos = 0;
        for (Generation generation : generations) {
            assertThat(generation.tokens()).doesNotContain(tokenizer.eosId(), tokenizer.padId(), tokenizer.bosId());
            if (generation.stop() == Generation.Stop.EOS) {
                eos++;
                assertThat(generation.length()).isLessThan(MAX_NEW);
            } else {
                assertThat(generation.length()).isEqualTo(MAX_NEW);
            }
            assertThat(generation.text()).isEqualTo(tokenizer.decode(generation.tokens()));
        }
        System.out.println("stops at <eos>: " + eos + " of " + generations.size());
        assertThat(eos).as("some samples stop at <eos>").isPositive();
        assertThat(eos).as("some samples run to the limit").isLessThan(generations.size());
    }

    @Test
    void generation_never_exceeds_the_models_text_length() {
        int maxLength = VlmConfig.tiny().maxTextLength();
        Generator unlimited = new Generator(model, new ParameterStore(manager, false), tokenizer, manager, 1000);
        String longPrompt = String.join(" ", Collections.nCopies(40, "star"));
        int prefix = unlimited.prefix(longPrompt).length;
        for (Generation generation : unlimited.generate(List.of(picture, picture), List.of(longPrompt, PROMPT), Sampling.policy(), 3)) {
            if (generation.stop() == Generation.Stop.LENGTH) {
                assertThat(generation.length()).isIn(maxLength - prefix, maxLength - unlimited.prefix(PROMPT).length);
            }
        }
        Generation full = unlimited.generate(List.of(picture), List.of(longPrompt), Sampling.greedy(), 0).get(0);
        assertThat(prefix + full.length()).isLessThanOrEqualTo(maxLength);
        String tooLong = String.join(" ", Collections.nCopies(maxLength, "star"));
        Generation none = unlimited.generate(List.of(picture), List.of(tooLong), Sampling.greedy(), 0).get(0);
        assertThat(none.length()).isZero();
        assertThat(none.stop()).isEqualTo(Generation.Stop.LENGTH);
    }

    @Test
    void the_nucleus_keeps_only_the_most_likely_tokens_whose_mass_reaches_top_p() {
        int vocab = tokenizer.vocabSize();
        float[] logits = new float[vocab];
        java.util.Arrays.fill(logits, -30f);
        // probabilities ∝ 5 : 3 : 2 on ids 10, 5, 7 (the rest ~0)
        logits[10] = (float) Math.log(5);
        logits[5] = (float) Math.log(3);
        logits[7] = (float) Math.log(2);
        java.util.Set<Integer> belowHalf = new java.util.TreeSet<>();
        java.util.Set<Integer> belowEighty = new java.util.TreeSet<>();
        java.util.Set<Integer> all = new java.util.TreeSet<>();
        int[] counts = new int[vocab];
        for (int i = 0; i < 2000; i++) {
            double u = (i + 0.5) / 2000;
            belowHalf.add(generator.choose(logits, 0, vocab, Sampling.of(1, 0.45), u));
            belowEighty.add(generator.choose(logits, 0, vocab, Sampling.of(1, 0.75), u));
            int token = generator.choose(logits, 0, vocab, Sampling.of(1, 1), u);
            all.add(token);
            counts[token]++;
        }
        assertThat(belowHalf).containsExactly(10);
        assertThat(belowEighty).containsExactly(5, 10);
        assertThat(all).contains(5, 7, 10);
        assertThat(counts[10] / 2000.0).isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.01));
        assertThat(generator.choose(logits, 0, vocab, Sampling.greedy(), 0.99)).isEqualTo(10);
    }

    @Test
    void pad_and_bos_are_never_generated() {
        int vocab = tokenizer.vocabSize();
        float[] logits = new float[vocab];
        logits[tokenizer.padId()] = 50;
        logits[tokenizer.bosId()] = 40;
        logits[8] = 1;
        assertThat(generator.choose(logits, 0, vocab, Sampling.greedy(), 0)).isEqualTo(8);
        assertThat(generator.choose(logits, 0, vocab, Sampling.of(0.1, 1), 0.5)).isEqualTo(8);
    }

    @Test
    void a_loaded_generator_answers_like_the_model_it_was_saved_from() {
        try (Generator loaded = Generator.load(VlmConfig.tiny(), tokenizer, Parameters.toBytes(model), MAX_NEW)) {
            assertThat(loaded.greedy(picture, PROMPT)).isEqualTo(generator.greedy(picture, PROMPT));
            assertThat(loaded.sample(picture, PROMPT, 3, 8)).isEqualTo(generator.sample(picture, PROMPT, 3, 8));
        }
    }

    @Test
    void invalid_settings_are_rejected() {
        assertThatThrownBy(() -> Sampling.of(-1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sampling.of(1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Sampling.of(1, 1.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> generator.sample(picture, PROMPT, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Generator(model, new ParameterStore(manager, false), tokenizer, manager, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> generator.greedy(List.of(picture), List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
