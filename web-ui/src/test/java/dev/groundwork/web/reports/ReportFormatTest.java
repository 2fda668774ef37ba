package dev.groundwork.web.reports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.storage.training.ComparedCheckpoint;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportFormatTest {

    static final List<ComparedCheckpoint> SFT_VS_DPO = List.of(
            new ComparedCheckpoint("sft", "file:///a/sft/", "sft", Map.of("chair_i", 0.3124, "pope_f1_score_adversarial", 0.7)),
            new ComparedCheckpoint("dpo-r2", "file:///a/dpo/", "dpo", Map.of("chair_i", 0.12)),
            new ComparedCheckpoint("mystery", "file:///a/m/", "", Map.of()));

    @Test
    void checkpoints_are_listed_by_label_with_their_objective() {
        assertThat(ReportFormat.checkpoints(SFT_VS_DPO)).isEqualTo("sft (sft) · dpo-r2 (dpo) · mystery");
        assertThat(ReportFormat.checkpoints(List.of())).isEqualTo("–");
    }

    @Test
    void a_figure_is_shown_per_checkpoint_with_a_dash_where_one_has_none() {
        assertThat(ReportFormat.figure(SFT_VS_DPO, ReportFormat.Figure.CHAIR_I)).isEqualTo("sft 0.312 · dpo-r2 0.120 · mystery –");
        assertThat(ReportFormat.figure(SFT_VS_DPO, ReportFormat.Figure.POPE_ADVERSARIAL_F1))
                .isEqualTo("sft 0.700 · dpo-r2 – · mystery –");
        assertThat(ReportFormat.figure(SFT_VS_DPO, ReportFormat.Figure.CHAIR_S)).isEqualTo("–");
    }

    @Test
    void dates_are_utc_to_the_minute() {
        assertThat(ReportFormat.date(Instant.parse("2026-12-01T10:12:59Z"))).isEqualTo("2026-12-01 10:12 UTC");
    }

    @Test
    void the_pdf_is_named_after_the_title_and_the_start_of_the_key() {
        assertThat(ReportFormat.pdfFileName("sft vs dpo on world-heldout", "1a2b3c4d-5e6f-7a8b-9c0d-112233445566"))
                .isEqualTo("sft-vs-dpo-on-world-heldout-1a2b3c4d.pdf");
        assertThat(ReportFormat.pdfFileName("../../etc/passwd", "k")).isEqualTo("etc-passwd-k.pdf");
        assertThat(ReportFormat.pdfFileName("  ", "")).isEqualTo("evaluation-report.pdf");
    }
}
