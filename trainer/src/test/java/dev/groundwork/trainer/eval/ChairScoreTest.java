package dev.groundwork.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Three answers on the world's vocabulary:
 * <pre>
 *   "A red circle and two Stars."     truth {circle}          mentions circle, star (plural)   1 hallucinated
 *   "There are 3 squares, a square."  truth {square, ring}    mentions square, square           0 hallucinated
 *   "An empty scene."                 truth {hexagon}         no mentions
 * </pre>
 * CHAIR_i = 1/4 = 0.25 (per occurrence), CHAIR_s = 1/3, Cover = (1 + 1 + 0) / (1 + 2 + 1) = 0.5, Hal = 1/3.
 */
class ChairScoreTest {

    @Test
    void chair_cover_and_hal_with_plurals_counted_per_mention() {
        ChairScore s = ChairScore.of(List.of(
                new ChairScore.Caption("A red circle and two Stars.", Set.of("circle")),
                new ChairScore.Caption("There are 3 squares, a square.", Set.of("square", "ring")),
                new ChairScore.Caption("An empty scene.", Set.of("hexagon"))), ObjectVocabulary.world());
        assertThat(s.mentions()).isEqualTo(4);
        assertThat(s.hallucinatedMentions()).isEqualTo(1);
        assertThat(s.chairI()).isEqualTo(0.25);
        assertThat(s.chairS()).isEqualTo(1.0 / 3);
        assertThat(s.cover()).isEqualTo(0.5);
        assertThat(s.hal()).isEqualTo(1.0 / 3);
    }

    @Test
    void synonym_lines_map_words_phrases_and_plurals_to_a_class_longest_phrase_first() {
        ObjectVocabulary v = ObjectVocabulary.of(List.of(List.of("dog", "puppy", "pup"), List.of("hot dog"),
                List.of("bus", "minibus"), List.of("teddy bear", "teddy")));
        assertThat(ObjectVocabulary.plural("bus")).isEqualTo("buses");
        assertThat(ObjectVocabulary.plural("puppy")).isEqualTo("puppies");
        assertThat(ObjectVocabulary.plural("toy")).isEqualTo("toys");
        assertThat(ObjectVocabulary.plural("teddy bear")).isEqualTo("teddy bears");
        assertThat(v.mentions("Two puppies eat hot dogs near the minibuses and a teddy bear."))
                .extracting(ObjectVocabulary.Mention::objectClass, ObjectVocabulary.Mention::text)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("dog", "puppies"),
                        org.assertj.core.groups.Tuple.tuple("hot dog", "hot dogs"),
                        org.assertj.core.groups.Tuple.tuple("bus", "minibuses"),
                        org.assertj.core.groups.Tuple.tuple("teddy bear", "teddy bear"));
        assertThat(v.mentions("Two puppies").get(0).start()).isEqualTo(4);
    }
}
