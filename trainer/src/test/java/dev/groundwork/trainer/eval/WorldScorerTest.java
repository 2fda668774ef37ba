package dev.groundwork.trainer.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundwork.storage.dataset.Manifest;
import dev.groundwork.storage.world.World;
import dev.groundwork.trainer.data.WorldData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The world's own responses, scored. Every item's first response is faithful and its second carries one known
 * hallucination, so by construction:
 * <ul>
 *   <li>faithful: POPE accuracy, precision, recall and F1 1 in each split, yes-ratio 1/2 (each split is half yes);
 *       CHAIR_i = CHAIR_s = Hal = 0 and Cover = 1 (the faithful caption names every object); every open question
 *       correct, rates 0, nothing unparseable;
 *   <li>second responses: yes-probes answered "No, there is no …", no-probes "Yes, there is a …": no true positive or negative, so
 *       accuracy, precision, recall and F1 0, yes-ratio 1/2; each caption names one absent class once, so CHAIR_s = Hal
 *       = 1 and the hallucinated mentions equal the captions; every attribute, count and relation answer states the
 *       wrong value, rates 1.
 * </ul>
 */
class WorldScorerTest {

    private static final List<Manifest.Item> ITEMS = World.generate(WorldData.config(30, 10, 7)).items();

    private static List<WorldScorer.Answered> answers(int response) {
        return ITEMS.stream().map(i -> new WorldScorer.Answered(i, i.responses().get(response).text())).toList();
    }

    @Test
    void the_worlds_faithful_answers_score_perfectly() {
        WorldScorer.Result r = new WorldScorer(YesNo.STRICT).score(answers(0));
        Map<String, Double> m = r.metrics();
        for (String split : List.of("random", "popular", "adversarial")) {
            assertThat(m).containsEntry("pope_accuracy_" + split, 1.0).containsEntry("pope_f1_score_" + split, 1.0)
                    .containsEntry("pope_yes_ratio_" + split, 0.5).containsEntry("pope_unparseable_" + split, 0.0);
        }
        assertThat(m).containsEntry("chair_i", 0.0).containsEntry("chair_s", 0.0).containsEntry("cover", 1.0)
                .containsEntry("hal", 0.0);
        assertThat(m).containsEntry("attribute_hallucination_rate", 0.0).containsEntry("attribute_unparseable", 0.0)
                .containsEntry("count_hallucination_rate", 0.0).containsEntry("count_unparseable", 0.0)
                .containsEntry("relation_hallucination_rate", 0.0).containsEntry("relation_unparseable", 0.0)
                .doesNotContainKey("attribute_size_hallucination_rate");
        assertThat(r.samples()).hasSize(ITEMS.size());
        assertThat(r.samples()).filteredOn(s -> !s.category().equals("caption"))
                .allSatisfy(s -> assertThat(s.verdict()).isEqualTo("correct"));
    }

    @Test
    void the_worlds_hallucinating_answers_are_caught_as_hallucinations() {
        WorldScorer.Result r = new WorldScorer(YesNo.STRICT).score(answers(1));
        Map<String, Double> m = r.metrics();
        for (String split : List.of("random", "popular", "adversarial")) {
            assertThat(m).containsEntry("pope_accuracy_" + split, 0.0).containsEntry("pope_f1_score_" + split, 0.0)
                    .containsEntry("pope_yes_ratio_" + split, 0.5);
        }
        long captions = ITEMS.stream().filter(i -> i.category().equals("caption")).count();
        assertThat(m).containsEntry("chair_s", 1.0).containsEntry("hal", 1.0);
        assertThat(r.counts()).containsEntry("captions", (int) captions).containsEntry("hallucinated_mentions", (int) captions);
        assertThat(m).containsEntry("attribute_hallucination_rate", 1.0).containsEntry("count_hallucination_rate", 1.0)
                .containsEntry("relation_hallucination_rate", 1.0);
        WorldScorer.Sample first = r.samples().get(0);
        assertThat(first.category()).isEqualTo("caption");
        assertThat(first.hallucinated()).singleElement().satisfies(h ->
                assertThat(first.answer().substring(h.start(), h.end())).isEqualTo(h.text()));
    }

    @Test
    void a_category_no_scorer_reads_is_refused() {
        Manifest.Item odd = new Manifest.Item("x", "i.png", "?", ITEMS.get(0).task(), "mystery", "a", List.of(), null);
        assertThatThrownBy(() -> new WorldScorer(YesNo.STRICT).score(List.of(new WorldScorer.Answered(odd, "a"))))
                .hasMessage("world item x has category 'mystery', which no world scorer reads");
    }
}
