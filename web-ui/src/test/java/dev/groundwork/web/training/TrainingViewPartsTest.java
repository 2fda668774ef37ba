package dev.groundwork.web.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.annotation.event.CheckpointSaved.OffsetRange;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The Training view's plain parts: which metrics share a chart, the curves as read, the charts and the text. */
class TrainingViewPartsTest {

    static final List<String> MDPO = List.of("loss", "loss/dpo", "loss/image_conditional", "loss/anchor", "nll_loss",
            "rewards/chosen", "rewards/rejected", "rewards/margins", "rewards/accuracies", "rewards/imageless_chosen",
            "rewards/imageless_margins", "rewards/imageless_accuracies", "logps/chosen", "logps/rejected",
            "logps/imageless_chosen", "logits/chosen", "logits/rejected", "grad_norm");

    @Test
    void an_mdpo_run_s_metrics_are_grouped_into_loss_margins_accuracies_and_the_rest() {
        List<MetricGroups.Group> groups = MetricGroups.of(MDPO);
        assertThat(groups).extracting(MetricGroups.Group::title).containsExactly("Loss", "Reward margins",
                "Reward accuracies", "Rewards", "Log-probabilities", "Logits", "grad_norm");
        assertThat(groups.get(0).metrics()).containsExactly("loss", "loss/anchor", "loss/dpo", "loss/image_conditional",
                "nll_loss");
        assertThat(groups.get(1).metrics()).containsExactly("rewards/imageless_margins", "rewards/margins");
        assertThat(groups.get(2).metrics()).containsExactly("rewards/accuracies", "rewards/imageless_accuracies");
        assertThat(groups.get(3).metrics()).containsExactly("rewards/chosen", "rewards/imageless_chosen",
                "rewards/rejected");
        assertThat(groups.stream().mapToInt(g -> g.metrics().size()).sum()).as("every metric drawn once")
                .isEqualTo(MDPO.size());
    }

    @Test
    void a_reward_model_s_accuracy_and_margin_join_the_reward_charts_and_unknown_metrics_get_their_own() {
        assertThat(MetricGroups.of(List.of("accuracy", "margin", "loss", "learning_rate", "grad_norm")))
                .extracting(MetricGroups.Group::title)
                .containsExactly("Loss", "Reward margins", "Reward accuracies", "grad_norm", "learning_rate");
        assertThat(MetricGroups.of(List.of())).isEmpty();
    }

    @Test
    void curves_take_each_point_once_and_a_step_reported_again_keeps_its_latest_value() {
        MetricCurves curves = new MetricCurves(9);
        assertThat(curves.add(List.of(new TrainingRuns.Sample(10, 1, "loss", 0.7), new TrainingRuns.Sample(11, 2, "loss", 0.6))))
                .isTrue();
        assertThat(curves.add(List.of(new TrainingRuns.Sample(11, 2, "loss", 0.6)))).as("read again").isTrue();
        assertThat(curves.points()).isEqualTo(2);
        curves.add(List.of(new TrainingRuns.Sample(12, 2, "loss", 0.55), new TrainingRuns.Sample(13, 3, "rewards/margins", 0.2)));
        assertThat(curves.points()).isEqualTo(3);
        assertThat(curves.lastId()).isEqualTo(13);
        assertThat(curves.lastStep()).hasValue(3);
        assertThat(curves.of("loss")).containsExactly(Map.entry(1L, 0.7), Map.entry(2L, 0.55));
        assertThat(curves.latest("loss")).contains(0.55);
        assertThat(curves.add(List.of())).isFalse();
        assertThat(new MetricCurves(1).lastStep()).isEmpty();
    }

    @Test
    void a_chart_is_a_png_with_a_line_in_the_first_series_colour() throws Exception {
        MetricCurves curves = new MetricCurves(1);
        curves.add(List.of(new TrainingRuns.Sample(1, 1, "loss", 0.69), new TrainingRuns.Sample(2, 2, "loss", 0.5),
                new TrainingRuns.Sample(3, 3, "loss", 0.31)));
        byte[] png = TrainingCharts.chart(new MetricGroups.Group("Loss", List.of("loss")), curves, 400, 240);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(400);
        long blue = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == 0x1676F3) {
                    blue++;
                }
            }
        }
        assertThat(blue).as("pixels of the loss line").isGreaterThan(100);
        byte[] empty = TrainingCharts.chart(new MetricGroups.Group("Loss", List.of("loss")), new MetricCurves(1), 400, 240);
        assertThat(ImageIO.read(new ByteArrayInputStream(empty))).isNotNull();
    }

    @Test
    void lineage_reads_as_offsets_and_judges_by_kind_with_their_pairs() {
        List<OffsetRange> ranges = List.of(new OffsetRange("groundwork.judgments.v1", 0, 12, 30),
                new OffsetRange("groundwork.judgments.v1", 1, 0, 4));
        assertThat(TrainingFormat.ranges(ranges)).isEqualTo("groundwork.judgments.v1-0 [12, 30) · groundwork.judgments.v1-1 [0, 4)");
        assertThat(TrainingFormat.records(ranges)).isEqualTo(22);
        assertThat(TrainingFormat.ranges(List.of())).isEqualTo("–");

        TrainingRuns.Lineage judged = new TrainingRuns.Lineage(6, "file:///a/", "{}", Optional.of(7L), Optional.empty(),
                Instant.EPOCH, ranges, List.of(new TrainingRuns.Judge("HUMAN", "u-1", 5), new TrainingRuns.Judge("HUMAN", "bob", 2),
                        new TrainingRuns.Judge("CRITIC", "claims", 2)));
        assertThat(TrainingFormat.judges(judged, id -> id.equals("u-1") ? "Alice (alice)" : id))
                .isEqualTo("annotators: Alice (alice) 5, bob 2 · critics: claims 2");
        TrainingRuns.Lineage old = new TrainingRuns.Lineage(6, "file:///a/", "{}", Optional.of(7L), Optional.empty(),
                Instant.EPOCH, ranges, List.of());
        assertThat(TrainingFormat.judges(old, id -> id)).isEqualTo(TrainingFormat.JUDGES_UNREPORTED);
        TrainingRuns.Lineage world = new TrainingRuns.Lineage(6, "file:///a/", "{}", Optional.of(7L), Optional.empty(),
                Instant.EPOCH, List.of(), List.of());
        assertThat(TrainingFormat.judges(world, id -> id)).isEqualTo(TrainingFormat.NO_JUDGMENTS);
    }

    @Test
    void steps_keys_and_times_are_short() {
        assertThat(TrainingFormat.steps(12, Optional.of(40L))).isEqualTo("12 / 40");
        assertThat(TrainingFormat.steps(12, Optional.empty())).isEqualTo("12");
        assertThat(TrainingFormat.steps(0, Optional.of(0L))).isEqualTo("0");
        assertThat(TrainingFormat.shortKey(Optional.of("9e1f2d3e-1f2a-3b4c-8d5e-6f7a8b9c0d1e"), 3)).isEqualTo("9e1f2d3e…");
        assertThat(TrainingFormat.shortKey(Optional.empty(), 3)).isEqualTo("#3");
        assertThat(TrainingFormat.time(Instant.parse("2026-12-01T10:12:03.456Z"))).isEqualTo("2026-12-01 10:12:03");
    }
}
