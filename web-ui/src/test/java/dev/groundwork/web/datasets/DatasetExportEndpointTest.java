package dev.groundwork.web.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.annotation.AnnotationConfiguration;
import dev.groundwork.annotation.assignment.ComparisonService;
import dev.groundwork.annotation.assignment.PairingMode;
import dev.groundwork.annotation.judgment.JudgmentService;
import dev.groundwork.annotation.simulate.JudgmentSimulator;
import dev.groundwork.storage.audit.AuditLog;
import dev.groundwork.storage.audit.AuditLogRepository;
import dev.groundwork.storage.dataset.DatasetImporter;
import dev.groundwork.storage.dataset.ImportSummary;
import dev.groundwork.storage.world.World;
import dev.groundwork.storage.world.WorldConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/**
 * The export endpoint on a real storage and annotation context (in-memory H2, no web server, no
 * login: SecurityConfiguration's admin rule is not part of this test), driven through Spring MVC's
 * test dispatcher so the request mapping, parameters and the streamed body are the ones a browser gets.
 */
@SpringBootTest(classes = DatasetExportEndpointTest.Context.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
                "spring.datasource.url=jdbc:h2:mem:export-endpoint-${random.uuid};DB_CLOSE_DELAY=-1",
                "spring.jpa.hibernate.ddl-auto=validate",
                "spring.jpa.open-in-view=false",
                "spring.main.banner-mode=off",
                "groundwork.storage.image-root=${java.io.tmpdir}/gw-export-endpoint-images-${random.uuid}",
                "logging.level.root=WARN"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatasetExportEndpointTest {

    /**
     * Storage, annotation and the endpoint on just the data auto-configuration: Vaadin's and Hilla's
     * need a servlet context, which this test does without.
     */
    @SpringBootConfiguration
    @ImportAutoConfiguration({DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
            HibernateJpaAutoConfiguration.class, TransactionAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
            JacksonAutoConfiguration.class})
    @Import({AnnotationConfiguration.class, DatasetExportEndpoint.class})
    static class Context {}

    @Autowired DatasetExportEndpoint endpoint;
    @Autowired DatasetImporter importer;
    @Autowired ComparisonService comparisons;
    @Autowired JudgmentSimulator simulator;
    @Autowired JudgmentService judgments;
    @Autowired AuditLogRepository audit;
    @TempDir Path tmp;

    private ImportSummary imported;
    private MockMvc mvc;

    @BeforeAll
    void importAndJudgeAWorld(@TempDir Path worldDir) throws IOException {
        World.generate(WorldConfig.defaults(4, 17)).writeDataset(worldDir.resolve("w"), "export-me");
        imported = importer.importDataset(worldDir.resolve("w"), Optional.empty(), "test");
        comparisons.createForDataset("export-me", PairingMode.FIRST_VS_REST, 3, "test");
        simulator.critic("export-me", "critic-1", 0.9, 1).forEach(judgments::record);
    }

    @BeforeEach
    void mvc() {
        mvc = MockMvcBuilders.standaloneSetup(endpoint).build();
    }

    private MockHttpServletResponse download(String path) throws Exception {
        return mvc.perform(get(path).principal(() -> "admin1")).andReturn().getResponse();
    }

    /** Entry name to content. */
    private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        return entries;
    }

    @Test
    void native_export_is_a_zip_attachment_that_imports_back_to_the_same_content() throws Exception {
        MockHttpServletResponse response = download("/api/datasets/export-me/export?format=native");

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getContentType()).isEqualTo("application/zip");
        assertThat(response.getHeader("Content-Disposition")).startsWith("attachment;").contains("export-me.zip");
        byte[] zip = response.getContentAsByteArray();
        assertThat(response.getContentLengthLong()).isEqualTo(zip.length);
        Map<String, byte[]> entries = unzip(zip);
        assertThat(entries).containsKey("export-me/manifest.jsonl");
        assertThat(entries.keySet()).anyMatch(name -> name.matches("export-me/images/[0-9a-f]{64}\\.png"));

        Path copy = tmp.resolve("copy.zip");
        Files.write(copy, zip);
        ImportSummary again = importer.importDataset(copy, Optional.of("export-me-copy"), "test");
        assertThat(again.digest()).isEqualTo(imported.digest());
        assertThat(again.items()).isEqualTo(imported.items());
    }

    @Test
    void the_export_is_audited_with_the_signed_in_user_as_actor() throws Exception {
        long before = audit.findByActionOrderByOccurredAt("dataset.export").size();
        download("/api/datasets/export-me/export");
        var entries = audit.findByActionOrderByOccurredAt("dataset.export");
        assertThat(entries).hasSize((int) before + 1);
        AuditLog last = entries.get(entries.size() - 1);
        assertThat(last.getActor()).isEqualTo("admin1");
        assertThat(last.getTarget()).isEqualTo("export-me");
    }

    @Test
    void trl_export_keeps_critic_only_pairs_only_when_allowed() throws Exception {
        MockHttpServletResponse humansOnly = download("/api/datasets/export-me/export?format=trl");
        MockHttpServletResponse withCritic = download("/api/datasets/export-me/export?format=trl&allowCritic=true");

        assertThat(humansOnly.getStatus()).isEqualTo(200);
        assertThat(humansOnly.getHeader("Content-Disposition")).contains("export-me-trl.zip");
        String none = new String(unzip(humansOnly.getContentAsByteArray()).get("export-me-trl/preferences.jsonl"),
                StandardCharsets.UTF_8);
        assertThat(none).isEmpty();
        Map<String, byte[]> entries = unzip(withCritic.getContentAsByteArray());
        String pairs = new String(entries.get("export-me-trl/preferences.jsonl"), StandardCharsets.UTF_8);
        assertThat(pairs.lines()).isNotEmpty().allMatch(l -> l.startsWith("{\"prompt\":"));
        assertThat(entries.keySet()).anyMatch(name -> name.startsWith("export-me-trl/images/"));
    }

    @Test
    void trl_rows_are_conversational_by_default_and_plain_on_request() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> conversational = trlRows(json, "/api/datasets/export-me/export?format=trl&allowCritic=true");
        List<JsonNode> asked = trlRows(json, "/api/datasets/export-me/export?format=trl&allowCritic=true"
                + "&trlStyle=conversational");
        List<JsonNode> plain = trlRows(json, "/api/datasets/export-me/export?format=trl&allowCritic=true&trlStyle=plain");
        assertThat(conversational).isNotEmpty().isEqualTo(asked).hasSameSizeAs(plain);
        for (int i = 0; i < plain.size(); i++) {
            JsonNode turn = conversational.get(i);
            JsonNode row = plain.get(i);
            assertThat(row.get("prompt").isTextual()).isTrue();
            assertThat(turn.at("/prompt/0/role").asText()).isEqualTo("user");
            assertThat(turn.at("/prompt/0/content/0/type").asText()).isEqualTo("image");
            assertThat(turn.at("/prompt/0/content/1/text").asText()).isEqualTo(row.get("prompt").asText());
            assertThat(turn.at("/chosen/0/content/0/text").asText()).isEqualTo(row.get("chosen").asText());
            assertThat(turn.at("/rejected/0/content/0/text").asText()).isEqualTo(row.get("rejected").asText());
            assertThat(turn.get("images")).isEqualTo(row.get("images"));
        }
    }

    @Test
    void an_unknown_trl_style_is_400_naming_the_allowed_ones() throws Exception {
        MockHttpServletResponse response = download("/api/datasets/export-me/export?format=trl&trlStyle=chatml");
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentAsString(StandardCharsets.UTF_8))
                .isEqualTo("trlStyle: unknown TRL style 'chatml' (allowed: conversational, plain)\n");
    }

    private List<JsonNode> trlRows(ObjectMapper json, String url) throws Exception {
        MockHttpServletResponse response = download(url);
        assertThat(response.getStatus()).isEqualTo(200);
        String lines = new String(unzip(response.getContentAsByteArray()).get("export-me-trl/preferences.jsonl"),
                StandardCharsets.UTF_8);
        List<JsonNode> rows = new ArrayList<>();
        for (String line : lines.lines().toList()) {
            rows.add(json.readTree(line));
        }
        return rows;
    }

    @Test
    void the_views_links_encode_the_dataset_name_as_one_path_segment_and_the_options_as_query_parameters()
            throws Exception {
        assertThat(DatasetExportEndpoint.link("export-me", "trl", true))
                .isEqualTo("/api/datasets/export-me/export?format=trl&allowCritic=true");
        assertThat(DatasetExportEndpoint.link("export-me", "native", false)).isEqualTo("/api/datasets/export-me/export?format=native");
        // A name from before names were checked: nothing in it can change the path or the query.
        assertThat(DatasetExportEndpoint.link("../../tmp/evil<img src=x>?format=trl#x", "native", false))
                .isEqualTo("/api/datasets/..%2F..%2Ftmp%2Fevil%3Cimg%20src%3Dx%3E%3Fformat%3Dtrl%23x/export?format=native");
        MockHttpServletResponse response = download(DatasetExportEndpoint.link("export-me", "native", false));
        assertThat(response.getStatus()).isEqualTo(200);
    }

    @Test
    void an_unknown_dataset_is_404_with_a_message() throws Exception {
        MockHttpServletResponse response = download("/api/datasets/nope/export?format=native");
        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getContentType()).startsWith("text/plain");
        assertThat(response.getContentAsString(StandardCharsets.UTF_8)).contains("no dataset named 'nope'");
    }

    @Test
    void an_unknown_format_is_400_naming_the_allowed_ones() throws Exception {
        MockHttpServletResponse response = download("/api/datasets/export-me/export?format=csv");
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentAsString(StandardCharsets.UTF_8))
                .contains("unknown export format 'csv'").contains("native, trl");
    }

    @Test
    void the_temporary_export_is_removed_once_the_zip_has_been_read() throws Exception {
        var response = endpoint.export("export-me", "native", false, "conversational", () -> "admin1");
        DatasetExportEndpoint.TemporaryZip zip = (DatasetExportEndpoint.TemporaryZip) response.getBody();
        Path work = zip.getFile().toPath().getParent();
        assertThat(work).exists();
        try (var in = zip.getInputStream()) {
            assertThat(in.readAllBytes()).isNotEmpty();
        }
        assertThat(work).doesNotExist();
    }
}
