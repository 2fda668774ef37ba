package dev.groundwork.annotation.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundwork.annotation.TestAnnotationApplication;
import dev.groundwork.annotation.criticjob.CriticJobs;
import dev.groundwork.annotation.event.DatasetDeleted;
import dev.groundwork.annotation.event.DatasetRenamed;
import dev.groundwork.annotation.event.EventCodec;
import dev.groundwork.annotation.event.Topics;
import dev.groundwork.annotation.flag.FlagService;
import dev.groundwork.annotation.judgment.RecordJudgment;
import dev.groundwork.annotation.review.ReviewService;
import dev.groundwork.annotation.support.JudgedDataset;
import dev.groundwork.storage.dataset.DatasetImporter;
import dev.groundwork.storage.dataset.DatasetName;
import dev.groundwork.storage.dataset.DatasetNotFoundException;
import dev.groundwork.storage.image.ImageStore;
import dev.groundwork.storage.judgment.JudgeKind;
import dev.groundwork.storage.judgment.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Deleting and renaming datasets: everything of the dataset goes, nothing of another one; each change is audited and
 * published in the same transaction, and a failure midway leaves every row and file as it was.
 */
// Its own context (and in-memory database): the tests count rows of every table.
@SpringBootTest(classes = TestAnnotationApplication.class, properties = "groundwork.test.fixture=dataset-admin")
class DatasetAdminTest {

    private static final List<String> TABLES = List.of("dataset", "item", "response", "image", "scene_object",
            "scene_relation", "comparison", "assignment", "judgment", "judgment_tag", "resolution", "critic_job",
            "critic_request", "audit_log", "outbox_event", "evaluation_report", "item_flag");

    @Autowired ApplicationContext context;
    @Autowired DatasetAdmin admin;
    @Autowired DatasetImporter importer;
    @Autowired ReviewService review;
    @Autowired CriticJobs criticJobs;
    @Autowired ImageStore store;
    @Autowired FlagService flags;
    @Autowired JdbcTemplate jdbc;
    @TempDir Path tmp;

    private static int round;
    private String doomed;
    private String kept;
    private JudgedDataset data;

    /** A judged, reviewed, critic-judged dataset, and a second one that shares the images of its first two items. */
    @BeforeEach
    void twoDatasets() throws Exception {
        round++;
        doomed = "doomed-" + round;
        kept = "kept-" + round;
        Path dir = tmp.resolve(doomed);
        data = JudgedDataset.create(JudgedDataset.Services.of(context), dir, doomed, 3 + round, List.of("a1", "a2"));
        data.human(0, "a1", Verdict.A).human(0, "a2", Verdict.B).human(1, "a1", Verdict.TIE);
        data.correct(1, "a1", Verdict.B); // a correction refers to the judgment it supersedes
        flags.flag(data.comparison(2), "a2", "image unclear");
        review.resolve(data.comparison(0), Verdict.B, "B is right", "rev");
        CriticJobs.Job job = criticJobs.create(doomed, "claims", null, "test");
        criticJobs.recordJudged(job.key(), data.comparison(1), new RecordJudgment(data.comparison(1), JudgeKind.CRITIC,
                "critic-1", Verdict.A, 1, List.of(), "claims hold", 10L, "critic:" + doomed), true, 10, 5, "w1");
        criticJobs.recordDeadLettered(job.key(), data.comparison(2), "TIMEOUT: too slow", "w1");
        importer.importDataset(sharingFirstTwoItems(dir, tmp.resolve(kept), kept), Optional.empty(), "test");
    }

    private static Path sharingFirstTwoItems(Path from, Path to, String name) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(from.relativize(f).toString()));
            }
        }
        List<String> lines = Files.readAllLines(to.resolve("manifest.jsonl"));
        String header = lines.get(0).replaceFirst("\"name\":\"[^\"]*\"", "\"name\":\"" + name + "\"");
        Files.write(to.resolve("manifest.jsonl"), List.of(header, lines.get(1), lines.get(2)));
        return to;
    }

    private Map<String, Long> rows() {
        Map<String, Long> counts = new LinkedHashMap<>();
        TABLES.forEach(t -> counts.put(t, jdbc.queryForObject("select count(*) from " + t, Long.class)));
        return counts;
    }

    private long count(String sql, Object... args) {
        return jdbc.queryForObject(sql, Long.class, args);
    }

    private List<String> imagesOf(String dataset) {
        return jdbc.queryForList("select distinct m.sha256 from image m join item i on i.image_id = m.id"
                + " join dataset d on d.id = i.dataset_id where d.name = ? order by m.sha256", String.class, dataset);
    }

    @Test
    void deleting_a_dataset_removes_all_of_it_audited_and_published_and_keeps_the_images_another_dataset_uses() {
        List<String> doomedImages = imagesOf(doomed);
        List<String> keptImages = imagesOf(kept);
        // Earlier tests' datasets come from the same world generator, so "used by no other dataset" is asked of all.
        List<String> onlyDoomed = jdbc.queryForList("select distinct m.sha256 from image m join item i on i.image_id = m.id"
                + " join dataset d on d.id = i.dataset_id where d.name = ? and not exists (select 1 from item o"
                + " join dataset od on od.id = o.dataset_id where o.image_id = m.id and od.name <> ?)", String.class,
                doomed, doomed);
        List<String> shared = new ArrayList<>(doomedImages);
        shared.removeAll(onlyDoomed);
        assertThat(keptImages).isNotEmpty();
        assertThat(onlyDoomed).isNotEmpty();
        long keptItems = count("select count(*) from item i join dataset d on d.id = i.dataset_id where d.name = ?", kept);
        long datasetId = count("select id from dataset where name = ?", doomed);
        long lastComparison = data.comparison(data.size() - 1);
        assertThat(count("select count(*) from critic_request r join critic_job j on j.id = r.job_id"
                + " where j.dataset_id = ?", datasetId)).as("the critic job's requests").isPositive();

        DatasetAdmin.Deletion deletion = admin.delete(doomed, "admin-1");

        assertThat(deletion.comparisons()).isEqualTo(data.size());
        assertThat(deletion.judgments()).as("three by people, a correction, one by the critic").isEqualTo(5);
        assertThat(deletion.imagesRemoved()).isEqualTo(onlyDoomed.size());
        assertThat(count("select count(*) from dataset where name = ?", doomed)).isZero();
        assertThat(count("select count(*) from item where dataset_id = ?", datasetId)).isZero();
        assertThat(count("select count(*) from critic_job where dataset_id = ?", datasetId)).isZero();
        assertThat(count("select count(*) from comparison where id between ? and ?", data.comparison(0), lastComparison))
                .isZero();
        assertThat(count("select count(*) from judgment where comparison_id between ? and ?", data.comparison(0),
                lastComparison)).isZero();
        assertThat(count("select count(*) from resolution where comparison_id = ?", data.comparison(0))).isZero();
        assertThat(count("select count(*) from item_flag where comparison_id = ?", data.comparison(2))).isZero();
        assertThat(count("select count(*) from item i join dataset d on d.id = i.dataset_id where d.name = ?", kept))
                .isEqualTo(keptItems);
        assertThat(imagesOf(kept)).isEqualTo(keptImages);
        assertThat(shared).containsAll(keptImages).allSatisfy(sha -> {
            assertThat(store.contains(sha)).as("shared image file " + sha).isTrue();
            assertThat(count("select count(*) from image where sha256 = ?", sha)).isOne();
        });
        assertThat(onlyDoomed).allSatisfy(sha -> {
            assertThat(store.contains(sha)).as("unused image file " + sha).isFalse();
            assertThat(count("select count(*) from image where sha256 = ?", sha)).isZero();
        });

        assertThat(jdbc.queryForList("select actor, detail from audit_log where action = 'dataset.delete' and target = ?",
                doomed)).singleElement().satisfies(row -> {
                    assertThat(row.get("ACTOR")).isEqualTo("admin-1");
                    assertThat(row.get("DETAIL")).asString().contains(data.size() + " comparisons", "5 judgments");
                });
        var outbox = jdbc.queryForMap("select topic, message_key, payload from outbox_event where event_type = ?",
                DatasetDeleted.TYPE);
        assertThat(outbox.get("TOPIC")).isEqualTo(Topics.JUDGMENTS);
        assertThat(outbox.get("MESSAGE_KEY")).isEqualTo(Long.toString(datasetId));
        DatasetDeleted event = (DatasetDeleted) EventCodec.decode(((String) outbox.get("PAYLOAD")).getBytes(StandardCharsets.UTF_8));
        assertThat(event).extracting(DatasetDeleted::dataset, DatasetDeleted::datasetId, DatasetDeleted::lastComparisonId,
                DatasetDeleted::deletedBy).containsExactly(doomed, datasetId, lastComparison, "admin-1");

        assertThatThrownBy(() -> admin.delete(doomed, "admin-1")).isInstanceOf(DatasetNotFoundException.class);
    }

    @Test
    void a_deletion_that_fails_midway_leaves_every_row_and_file_as_it_was() {
        // A table the deletion does not know about, holding a row that refers to one of the dataset's items: the
        // deletion gets as far as the items before the database refuses, after it has removed judgments and more.
        jdbc.execute("create table blocker (item_id bigint not null references item (id))");
        try {
            jdbc.update("insert into blocker select min(i.id) from item i join dataset d on d.id = i.dataset_id"
                    + " where d.name = ?", doomed);
            Map<String, Long> before = rows();
            List<String> files = store.list();

            assertThatThrownBy(() -> admin.delete(doomed, "admin-1")).isInstanceOf(RuntimeException.class);

            assertThat(rows()).isEqualTo(before);
            assertThat(store.list()).isEqualTo(files);
            assertThat(count("select count(*) from audit_log where action = 'dataset.delete'")).isZero();
        } finally {
            jdbc.execute("drop table blocker");
        }
    }

    @Test
    void renaming_is_audited_and_published_and_a_refused_rename_changes_nothing() {
        Map<String, Long> before = rows();
        assertThatThrownBy(() -> admin.rename(doomed, kept, "admin-1"))
                .isInstanceOf(IllegalStateException.class).hasMessage("dataset '" + kept + "' already exists; choose another name");
        assertThat(rows()).as("the audit entry written before the rename failed is gone too").isEqualTo(before);
        assertThatThrownBy(() -> admin.rename(doomed, "../../tmp/evil<img>", "admin-1"))
                .isInstanceOf(DatasetName.InvalidDatasetNameException.class).hasMessageContaining("is not allowed");
        assertThat(rows()).isEqualTo(before);

        String renamed = "renamed-" + round;
        long datasetId = count("select id from dataset where name = ?", doomed);
        admin.rename(doomed, renamed, "admin-1");

        assertThat(count("select id from dataset where name = ?", renamed)).isEqualTo(datasetId);
        assertThat(count("select count(*) from comparison c join item i on i.id = c.item_id where i.dataset_id = ?",
                datasetId)).isEqualTo(data.size());
        assertThat(jdbc.queryForList("select detail from audit_log where action = 'dataset.rename' and target = ?",
                String.class, doomed)).containsExactly("renamed to " + renamed);
        String payload = jdbc.queryForObject("select payload from outbox_event where event_type = ?", String.class,
                DatasetRenamed.TYPE);
        DatasetRenamed event = (DatasetRenamed) EventCodec.decode(payload.getBytes(StandardCharsets.UTF_8));
        assertThat(event).extracting(DatasetRenamed::from, DatasetRenamed::to, DatasetRenamed::lastComparisonId)
                .containsExactly(doomed, renamed, data.comparison(data.size() - 1));
        jdbc.update("delete from outbox_event where event_type = ?", DatasetRenamed.TYPE);
    }
}
