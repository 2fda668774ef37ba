package dev.groundwork.web.cli;

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

/** The CLI end to end in-process: exit codes, one-line errors, and a world → import → export run. */
class GroundworkCliTest {

    @TempDir Path tmp;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void isolate() {
        // The test classpath's application.properties (in-memory H2) outranks the CLI's defaults;
        // system properties outrank both, so point every run at one file database like ./gw does.
        System.setProperty("GW_DATA_DIR", tmp.resolve("data").toString());
        System.setProperty("spring.datasource.url", "jdbc:h2:file:" + tmp.resolve("data/db/groundwork"));
        System.setProperty("groundwork.storage.image-root", tmp.resolve("data/images").toString());
    }

    @AfterEach
    void restore() {
        System.clearProperty("GW_DATA_DIR");
        System.clearProperty("spring.datasource.url");
        System.clearProperty("groundwork.storage.image-root");
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return GroundworkCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stderrFirstLine() {
        return err.toString(StandardCharsets.UTF_8).lines().findFirst().orElse("");
    }

    @Test
    void usage_errors_exit_2_with_a_one_line_reason() {
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(stderrFirstLine()).isEqualTo("gw: unknown command 'frobnicate'");
        assertThat(run("world", "generate", "--seed", "1", "--out", tmp.toString())).isEqualTo(2);
        assertThat(stderrFirstLine()).contains("--scenes");
        assertThat(run("world", "generate", "--scenes", "many", "--seed", "1", "--out", "x")).isEqualTo(2);
        assertThat(stderrFirstLine()).contains("--scenes must be an integer, was 'many'");
        assertThat(run("export", "--dataset", "x", "--out", "y", "--format", "csv")).isEqualTo(2);
        assertThat(stderrFirstLine()).contains("unknown export format 'csv'");
    }

    @Test
    void world_import_export_and_failures_through_the_cli() throws Exception {
        Path world = tmp.resolve("w");
        assertThat(run("world", "generate", "--scenes", "6", "--seed", "5", "--out", world.toString(), "--name", "cli-world")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("6 scenes");
        assertThat(world.resolve("manifest.jsonl")).exists();

        assertThat(run("import", world.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("imported dataset 'cli-world'");

        assertThat(run("import", world.toString())).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8).lines().count()).isEqualTo(1);
        assertThat(stderrFirstLine()).startsWith("gw: import refused:").contains("already exists");

        assertThat(run("import", tmp.resolve("nowhere").toString())).isEqualTo(1);
        assertThat(stderrFirstLine()).contains("no such dataset folder or file");

        Path exported = tmp.resolve("exported");
        assertThat(run("export", "--dataset", "cli-world", "--out", exported.toString())).isZero();
        assertThat(Files.readAllLines(exported.resolve("manifest.jsonl")).get(0)).contains("\"schemaVersion\":1");

        assertThat(run("export", "--dataset", "missing", "--out", tmp.resolve("e2").toString())).isEqualTo(1);
        assertThat(stderrFirstLine()).isEqualTo("gw: no dataset named 'missing'");

        assertThat(run("datasets")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("cli-world");
    }

    @Test
    void train_runs_sft_then_dpo_from_it_and_resumes_recording_runs_metrics_and_checkpoints() throws Exception {
        Path sft = tmp.resolve("runs/sft");
        assertThat(run("train", "sft", "--steps", "4", "--scenes", "12", "--held-out", "4", "--out", sft.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("held-out token NLL").contains("finished: 4 steps");
        assertThat(sft.resolve("model.params")).exists();
        assertThat(sft.resolve("optimizer.bin")).exists();
        assertThat(Files.readString(sft.resolve("provenance.json"))).contains("\"objective\": \"sft\"").contains("synthetic world seed 7");

        Path dpo = tmp.resolve("runs/dpo");
        assertThat(run("train", "dpo", "--steps", "3", "--scenes", "12", "--held-out", "4", "--init", sft.toString(),
                "--out", dpo.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("held-out implicit-reward accuracy");
        assertThat(dpo.resolve("reference.params")).exists();
        Path resumed = tmp.resolve("runs/dpo-resumed");
        assertThat(run("train", "dpo", "--steps", "5", "--scenes", "12", "--held-out", "4", "--resume", dpo.toString(),
                "--out", resumed.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("finished: 5 steps");

        assertThat(run("train", "ppo")).isEqualTo(2);
        assertThat(stderrFirstLine()).contains("unknown objective 'ppo'");
    }
}
