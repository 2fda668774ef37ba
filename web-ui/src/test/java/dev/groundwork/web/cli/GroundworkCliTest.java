package dev.groundwork.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
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

    private List<String> stderrLines() {
        return err.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void usage_errors_exit_2_with_a_one_line_reason_and_a_pointer_to_the_commands_help() {
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(stderrLines()).containsExactly("gw: unknown command 'frobnicate'", "run './gw --help' for usage");
        assertThat(run()).isEqualTo(2);
        assertThat(stderrFirstLine()).isEqualTo("gw: Missing required subcommand");
        assertThat(run("world", "render")).isEqualTo(2);
        assertThat(stderrLines()).containsExactly("gw: unknown subcommand 'render' (expected generate)",
                "run './gw world --help' for usage");
        assertThat(run("world", "generate", "--seed", "1", "--out", tmp.toString())).isEqualTo(2);
        assertThat(stderrLines()).containsExactly("gw: Missing required option: '--scenes=N'",
                "run './gw world generate --help' for usage");
        assertThat(run("world", "generate", "--scenes", "many", "--seed", "1", "--out", "x")).isEqualTo(2);
        assertThat(stderrFirstLine()).isEqualTo("gw: Invalid value for option '--scenes': 'many' is not an int");
        assertThat(run("world", "generate", "--scenes", "0", "--seed", "1", "--out", "x")).isEqualTo(2);
        assertThat(stderrFirstLine()).isEqualTo("gw: --scenes must be at least 1, was 0");
        assertThat(run("world", "generate", "--scenes", "2", "--seed", "1", "--seed", "2", "--out", "x")).isEqualTo(2);
        assertThat(stderrFirstLine()).isEqualTo("gw: option '--seed' (S) should be specified only once");
        assertThat(run("import")).isEqualTo(2);
        assertThat(stderrLines())
                .containsExactly("gw: Missing required parameter: 'PATH'", "run './gw import --help' for usage");
        assertThat(run("import", "x", "--frob")).isEqualTo(2);
        assertThat(stderrFirstLine()).isEqualTo("gw: Unknown option: '--frob'");
        assertThat(run("export", "--dataset", "x", "--out", "y", "--format", "csv")).isEqualTo(2);
        assertThat(stderrLines()).containsExactly(
                "gw: unknown export format 'csv' (available: native, trl)",
                "run './gw export --help' for usage");
        assertThat(run("datasets", "extra")).isEqualTo(2);
        assertThat(stderrFirstLine()).isEqualTo("gw: unknown subcommand 'extra' (expected delete or rename)");
        assertThat(run("up", "--scenes")).isEqualTo(2);
        assertThat(stderrFirstLine()).isEqualTo("gw: Missing required parameter for option '--scenes' (N)");
    }

    @Test
    void every_command_prints_its_generated_help_and_exits_0() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("Usage: gw", "world", "import", "export", "datasets", "demo", "up");
        assertThat(run("help", "export")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: gw export", "--format=FORMAT", "native or trl",
                "--trl-style=STYLE", "conversational", "plain", "default: conversational");
        assertThat(run("world", "generate", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("Usage: gw world generate", "--scenes=N", "--seed=S", "--out=DIR", "--cooccur=GIVEN:PARTNER:P");
        for (String command : List.of("import", "datasets", "demo", "up")) {
            assertThat(run(command, "-h")).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: gw " + command);
            assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        }
        assertThat(run("datasets", "rename", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: gw datasets rename").contains("OLD", "NEW");
        assertThat(run("datasets", "delete", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: gw datasets delete").contains("NAME");
        assertThat(run("up", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--scenes=N", "default: 300", "--no-stream");
    }

    /** {@code serve} (one replica in production, deploy/kubernetes) needs its Keycloak and Kafka named: it starts neither. */
    @Test
    void serve_refuses_to_start_without_its_keycloak_and_kafka() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("GW_OIDC_ISSUER") == null, "GW_OIDC_ISSUER is set here");
        assertThat(run("serve")).isEqualTo(2);
        assertThat(stderrLines()).containsExactly("gw: GW_OIDC_ISSUER is not set: 'serve' runs against your own Keycloak and "
                + "Kafka cluster (use 'up' for the embedded ones)", "run './gw serve --help' for usage");
        assertThat(run("serve", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: gw serve");
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

        Path broken = copyWithoutTwoImages(world, tmp.resolve("broken"));
        assertThat(run("import", broken.toString(), "--dataset", "broken")).isEqualTo(1);
        assertThat(stderrLines()).singleElement().asString()
                .startsWith("gw: import refused: ").endsWith(" [add --errors to list them all]");
        assertThat(run("import", broken.toString(), "--dataset", "broken", "--errors")).isEqualTo(1);
        List<String> listed = stderrLines();
        assertThat(listed.get(0)).startsWith("gw: import refused: ").doesNotContain("--errors");
        assertThat(listed.subList(1, listed.size()))
                .hasSizeGreaterThan(1).allMatch(l -> l.startsWith("  ") && l.contains("images/"));

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
    void trl_export_through_the_cli_is_conversational_unless_plain_is_asked_for() throws Exception {
        assertThat(run("demo", "--scenes", "6")).isZero();
        Path conversational = tmp.resolve("trl-conversational");
        assertThat(run("export", "--dataset", "demo-world", "--format", "trl", "--out", conversational.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("(TRL, conversational: ");
        Path plain = tmp.resolve("trl-plain");
        assertThat(run("export", "--dataset", "demo-world", "--format", "trl", "--trl-style", "plain",
                "--out", plain.toString())).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("(TRL, plain: ");

        ObjectMapper json = new ObjectMapper();
        List<String> turns = Files.readAllLines(conversational.resolve("preferences.jsonl"));
        List<String> strings = Files.readAllLines(plain.resolve("preferences.jsonl"));
        assertThat(turns).isNotEmpty().hasSameSizeAs(strings);
        for (int i = 0; i < turns.size(); i++) {
            JsonNode turn = json.readTree(turns.get(i));
            JsonNode row = json.readTree(strings.get(i));
            assertThat(row.get("prompt").isTextual()).isTrue();
            assertThat(turn.at("/prompt/0/role").asText()).isEqualTo("user");
            assertThat(turn.at("/prompt/0/content/0/type").asText()).isEqualTo("image");
            assertThat(turn.at("/prompt/0/content/1/text").asText()).isEqualTo(row.get("prompt").asText());
            assertThat(turn.at("/chosen/0/role").asText()).isEqualTo("assistant");
            assertThat(turn.at("/chosen/0/content/0/text").asText()).isEqualTo(row.get("chosen").asText());
            assertThat(turn.at("/rejected/0/content/0/text").asText()).isEqualTo(row.get("rejected").asText());
        }

        assertThat(run("export", "--dataset", "demo-world", "--format", "trl", "--trl-style", "chatml",
                "--out", tmp.resolve("trl-bad").toString())).isEqualTo(2);
        assertThat(stderrLines()).containsExactly(
                "gw: Invalid value for option '--trl-style': expected one of conversational, plain, was 'chatml'",
                "run './gw export --help' for usage");
    }

    @Test
    void dataset_names_are_checked_and_datasets_renamed_and_deleted_through_the_cli() throws Exception {
        Path world = tmp.resolve("w");
        assertThat(run("world", "generate", "--scenes", "3", "--seed", "5", "--out", world.toString(), "--name", "cli-world")).isZero();

        assertThat(run("import", world.toString(), "--dataset", "../../tmp/evil<img src=x>")).isEqualTo(2);
        assertThat(stderrFirstLine()).isEqualTo("gw: --dataset: dataset name '../../tmp/evil<img src=x>' is not allowed: use "
                + "1 to 100 characters: letters a-z and A-Z, digits, '.', '_' and '-', starting with a letter or a digit");
        assertThat(run("import", world.toString())).isZero();

        assertThat(run("datasets", "rename", "cli-world", "no spaces please")).isEqualTo(2);
        assertThat(stderrFirstLine()).startsWith("gw: dataset name 'no spaces please' is not allowed");
        assertThat(run("datasets", "rename", "cli-world", "cli-renamed")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("renamed dataset 'cli-world' to 'cli-renamed'\n");
        assertThat(run("datasets")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("cli-renamed").doesNotContain("cli-world");

        assertThat(run("datasets", "delete", "cli-renamed")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("deleted dataset 'cli-renamed': ")
                .contains("unused images removed");
        assertThat(run("datasets", "delete", "cli-renamed")).isEqualTo(1);
        assertThat(stderrFirstLine()).isEqualTo("gw: no dataset named 'cli-renamed'");
        assertThat(run("datasets")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("no datasets yet");
        try (Stream<Path> images = Files.walk(tmp.resolve("data/images"))) {
            assertThat(images.filter(Files::isRegularFile).toList()).as("every image went with the only dataset").isEmpty();
        }
    }

    private static Path copyWithoutTwoImages(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(from.relativize(f).toString()));
            }
        }
        try (Stream<Path> images = Files.list(to.resolve("images"))) {
            for (Path image : images.sorted().limit(2).toList()) {
                Files.delete(image);
            }
        }
        return to;
    }
}
