package dev.groundwork.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The worked example of docs/api.md, run as a user runs it: the Python block that starts with {@code # walkthrough.py}
 * is cut out of the document and run by Debian's {@code python3} (with {@code python3-requests} and
 * {@code python3-pil}, which {@code ./gw test} installs) against the real workbench and Keycloak, with the pipeline's
 * and the external judge's service accounts. Its own assertions check the API's answers; this test then checks, in
 * the database, that what it did is what the workbench recorded.
 */
class ApiWalkthroughIT {

    private static final Path DOC = Path.of("../docs/api.md");
    private static final Pattern PYTHON_BLOCK = Pattern.compile("```python\\n(# walkthrough\\.py.*?)\\n```", Pattern.DOTALL);
    private static final Pattern CURL_BLOCK = Pattern.compile("```bash\\n(# walkthrough\\.sh.*?)\\n```", Pattern.DOTALL);
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final String DATASET = "walkthrough-it";

    static Workbench workbench;

    @BeforeAll
    static void start() {
        workbench = Workbench.get();
    }

    /** An example's code, exactly as the document shows it. */
    static String example(Pattern block, String name) throws IOException {
        Matcher m = block.matcher(Files.readString(DOC, StandardCharsets.UTF_8));
        assertThat(m.find()).as("docs/api.md holds a code block starting with '# " + name + "'").isTrue();
        return m.group(1) + "\n";
    }

    /** Runs a script of the document in its own folder with the workbench's address and secrets; its output. */
    static String run(List<String> command, Path dir, Map<String, String> extra) throws Exception {
        Path log = dir.resolve("run.log");
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("GW_URL", workbench.appUrl.toString().replaceAll("/$", ""));
        env.put("GW_ISSUER", workbench.keycloak.issuerUri().toString());
        env.put("GW_PIPELINE_SECRET", workbench.keycloak.config().pipelineClientSecret());
        env.put("GW_JUDGE_SECRET", workbench.keycloak.config().judgeClientSecret());
        env.remove("PYTHONPATH"); // Debian's python3 with Debian's packages, whatever else the shell has
        env.putAll(extra);
        Process p = pb.start();
        boolean done = p.waitFor(Duration.ofMinutes(4).toSeconds(), TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println("[" + command.get(command.size() - 1) + "]\n" + output);
        assertThat(done).as("it finished within 4 minutes:\n" + output).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }

    @Test
    void the_python_walkthrough_of_the_api_docs_runs_against_the_workbench_and_its_pairs_match_the_judges_votes()
            throws Exception {
        assertThat(PYTHON).as("Debian's python3 (./gw test installs python3-requests and python3-pil)").isExecutable();
        Path dir = Files.createTempDirectory("gw-walkthrough-");
        Files.writeString(dir.resolve("walkthrough.py"), example(PYTHON_BLOCK, "walkthrough.py"));
        String output = run(List.of(PYTHON.toString(), "walkthrough.py"), dir, Map.of("GW_DATASET", DATASET));
        assertThat(output).contains("walkthrough: 2 preference pairs from " + DATASET);

        // What the workbench recorded: the pushed answers under the pipeline's model, one CRITIC judgment per
        // comparison by the judge's account (its retries replayed, not recorded twice), the faithful answer chosen.
        assertThat(workbench.jdbc.queryForObject("""
                select count(*) from response r join item i on r.item_id = i.id join dataset d on i.dataset_id = d.id
                where d.name = ? and r.model_name = 'my-vlm' and r.checkpoint = 'step-100'""", Long.class, DATASET))
                .isEqualTo(4);
        List<Map<String, Object>> judgments = workbench.jdbc.queryForList("""
                select j.judge_kind, j.judge_id, j.verdict, ra.text as a_text, rb.text as b_text
                from judgment j join comparison c on j.comparison_id = c.id
                join response ra on c.response_a_id = ra.id join response rb on c.response_b_id = rb.id
                join item i on c.item_id = i.id join dataset d on i.dataset_id = d.id where d.name = ?""", DATASET);
        assertThat(judgments).hasSize(2).allSatisfy(j -> {
            assertThat(j.get("JUDGE_KIND")).isEqualTo("CRITIC");
            assertThat(j.get("JUDGE_ID")).isEqualTo("groundwork-judge");
            String chosen = (String) (j.get("VERDICT").equals("A") ? j.get("A_TEXT") : j.get("B_TEXT"));
            assertThat(chosen).doesNotContain("green triangle");
        });
        assertThat(workbench.jdbc.queryForList("select distinct actor from audit_log where target like ?", String.class,
                DATASET + "%")).contains("groundwork-pipeline");
    }

    @Test
    void the_curl_walkthrough_does_the_same_on_a_zip_of_ones_own() throws Exception {
        Path dir = Files.createTempDirectory("gw-walkthrough-curl-");
        Path zip = dir.resolve("shapes.zip");
        String dataset = "walkthrough-curl";
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            StringBuilder manifest = new StringBuilder("{\"format\":\"groundwork-dataset\",\"schemaVersion\":1,\"name\":\""
                    + dataset + "\"}\n");
            Color[] colours = {Color.RED, Color.BLUE, Color.ORANGE};
            for (int i = 0; i < colours.length; i++) {
                BufferedImage picture = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = picture.createGraphics();
                g.setColor(Color.WHITE);
                g.fillRect(0, 0, 64, 64);
                g.setColor(colours[i]);
                g.fillOval(12, 12, 40, 40);
                g.dispose();
                ByteArrayOutputStream png = new ByteArrayOutputStream();
                ImageIO.write(picture, "png", png);
                z.putNextEntry(new ZipEntry("images/" + i + ".png"));
                z.write(png.toByteArray());
                z.closeEntry();
                manifest.append("{\"id\":\"item-").append(i).append("\",\"image\":\"images/").append(i)
                        .append(".png\",\"prompt\":\"Describe the image.\",\"task\":\"CAPTION\"}\n");
            }
            z.putNextEntry(new ZipEntry("manifest.jsonl"));
            z.write(manifest.toString().getBytes(StandardCharsets.UTF_8));
            z.closeEntry();
        }
        Files.writeString(dir.resolve("walkthrough.sh"), example(CURL_BLOCK, "walkthrough.sh"));
        String output = run(List.of("bash", "walkthrough.sh"), dir, Map.of("DATASET_ZIP", zip.toString()));
        assertThat(output).contains("walkthrough.sh: 3 preference pairs from " + dataset);
        assertThat(workbench.jdbc.queryForObject("""
                select count(*) from judgment j join comparison c on j.comparison_id = c.id join item i on c.item_id = i.id
                join dataset d on i.dataset_id = d.id where d.name = ? and j.judge_id = 'groundwork-judge'""", Long.class,
                dataset)).isEqualTo(3);
    }
}
