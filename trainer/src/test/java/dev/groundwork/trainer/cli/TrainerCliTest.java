package dev.groundwork.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gw train} in-process: sft, dpo from it, resume; usage errors in one line. No Kafka: events are skipped. */
class TrainerCliTest {

    @TempDir Path tmp;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void noKafka() {
        System.setProperty("GW_DATA_DIR", tmp.toString());
    }

    @AfterEach
    void clear() {
        System.clearProperty("GW_DATA_DIR");
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return TrainerCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void train_runs_sft_then_dpo_from_it_and_resumes() throws Exception {
        Path sft = tmp.resolve("runs/sft");
        assertThat(run("train", "sft", "--steps", "4", "--scenes", "12", "--held-out", "4", "--out", sft.toString(), "--kafka",
                "none")).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(output()).contains("held-out token NLL").contains("finished: 4 steps");
        assertThat(sft.resolve("model.params")).exists();
        assertThat(sft.resolve("tokenizer.json")).exists();
        assertThat(Files.readString(sft.resolve("provenance.json"))).contains("\"objective\": \"sft\"").contains("synthetic world seed 7");

        Path dpo = tmp.resolve("runs/dpo");
        assertThat(run("train", "dpo", "--steps", "3", "--scenes", "12", "--held-out", "4", "--init", sft.toString(), "--out",
                dpo.toString(), "--kafka", "none")).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(output()).contains("held-out implicit-reward accuracy");
        assertThat(dpo.resolve("reference.params")).exists();
        assertThat(Files.readString(dpo.resolve("provenance.json"))).contains(sft.toUri().toString());
        Path resumed = tmp.resolve("runs/dpo-resumed");
        assertThat(run("train", "dpo", "--steps", "5", "--scenes", "12", "--held-out", "4", "--resume", dpo.toString(), "--out",
                resumed.toString(), "--kafka", "none")).isZero();
        assertThat(output()).contains("finished: 5 steps");
    }

    @Test
    void usage_errors_are_one_line_with_exit_code_2() {
        assertThat(run("train", "ppo")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("gw: unknown objective 'ppo' (sft, reward, dpo, mdpo)");
        assertThat(run("train", "dpo", "--init", "a", "--resume", "b")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("gw: give --resume or --init, not both");
        assertThat(run("train", "sft", "--from", "stream")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("gw: --from stream trains on preference pairs");
        assertThat(run("train", "dpo", "--from", "trl")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("gw: --from trl needs --file PATH");
        assertThat(run("train", "dpo", "--from", "stream", "--kafka", "none")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("gw: --from stream needs Kafka: give --kafka HOST:PORT");
        assertThat(run("--frob")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("run './gw --help' for usage");
        assertThat(run("train", "dpo", "--init", tmp.resolve("nothing").toString(), "--kafka", "none")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("gw: " + tmp.resolve("nothing") + " is not a checkpoint");
    }
}
