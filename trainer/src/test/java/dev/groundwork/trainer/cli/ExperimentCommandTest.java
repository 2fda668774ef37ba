package dev.groundwork.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gw experiment sft-dpo-mdpo} end to end on a tiny budget: five checkpoints (SFT and the four preference
 * objectives from it), one comparative report, the two checks printed. The measured run is the closing note's, with
 * the preset's budget; this only shows that the pieces fit.
 */
class ExperimentCommandTest {

    @TempDir Path tmp;

    @BeforeEach
    void dataDir() {
        System.setProperty("GW_DATA_DIR", tmp.toString());
    }

    @AfterEach
    void clear() {
        System.clearProperty("GW_DATA_DIR");
    }

    @Test
    void the_experiment_trains_five_policies_from_one_sft_checkpoint_and_writes_one_report() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path dir = tmp.resolve("exp");
        int code = TrainerCli.run(new String[] {"experiment", "sft-dpo-mdpo", "--size", "tiny", "--sft-steps", "2", "--steps", "1",
                "--train-scenes", "8", "--held-out", "2", "--out", dir.toString(), "--kafka", "none"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed + err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(printed).contains("SFT 2 steps, then 1 steps for each of dpo, mdpo", "(a) SFT POPE-random accuracy",
                "(b) SFT false-yes rate adversarial", "mdpo-no-image-cond", "mdpo-no-anchor");
        for (String label : List.of("sft", "dpo", "mdpo", "mdpo-no-image-cond", "mdpo-no-anchor")) {
            assertThat(dir.resolve("checkpoints").resolve(label).resolve("model.params")).exists();
        }
        JsonNode provenance = new ObjectMapper().readTree(dir.resolve("checkpoints/mdpo-no-anchor/provenance.json").toFile());
        assertThat(provenance.get("parent").asText()).endsWith("/checkpoints/sft/");
        JsonNode metrics = new ObjectMapper().readTree(dir.resolve("report/metrics.json").toFile());
        assertThat(metrics.get("checkpoints")).hasSize(5);
        assertThat(metrics.get("checkpoints").get(4).get("label").asText()).isEqualTo("mdpo-no-anchor");
        assertThat(dir.resolve("report/report.pdf")).exists();
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("experiment.json").toFile());
        assertThat(summary.get("settings").get("preference_steps").asInt()).isEqualTo(1);
        assertThat(summary.get("checks")).hasSize(2);
    }
}
