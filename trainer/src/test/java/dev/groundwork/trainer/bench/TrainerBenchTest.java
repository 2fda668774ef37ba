package dev.groundwork.trainer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import ai.djl.engine.Engine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrainerBenchTest {

    @Test
    void a_tiny_run_times_the_product_trainers_and_names_the_engine_it_ran_on() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TrainerBench.Options options = new TrainerBench.Options("tiny", 2, 12, 0, 1, 1, 0, 1, Optional.empty());
        TrainerBench.Report report = TrainerBench.run(options, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String printed = bytes.toString(StandardCharsets.UTF_8);
        Engine engine = Engine.getInstance();
        assertThat(report.engine()).isEqualTo("DJL " + Engine.getDjlVersion() + " (" + engine.getEngineName() + " "
                + engine.getVersion() + ")");
        assertThat(printed).contains(report.engine()).contains("DPO :").contains("mDPO:").contains("PyTorch peer: skipped");
        assertThat(report.jvm().dpoPairsPerSecond()).isPositive();
        assertThat(report.jvm().mdpoPairsPerSecond()).isPositive();
        assertThat(report.jvm().sgemmGflops()).isPositive();
        assertThat(report.peer()).isEmpty();
    }

    @Test
    void options_refuse_a_text_length_the_model_cannot_take() {
        assertThatIllegalArgumentException().isThrownBy(() -> new TrainerBench.Options("tiny", 2, 49, 0, 1, 1, 0, 1, Optional.empty()))
                .withMessageContaining("textLength must be in [5, 48]");
    }

    @Test
    void reads_the_peers_json_line() {
        assertThat(TrainerBench.flatJson("{\"threads\": 2, \"torch\": \"1.13.0\", \"sgemm_gflops\": 1.5e2}"))
                .containsEntry("threads", "2").containsEntry("torch", "1.13.0").containsEntry("sgemm_gflops", "1.5e2");
    }
}
