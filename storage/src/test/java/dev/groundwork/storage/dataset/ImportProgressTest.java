package dev.groundwork.storage.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundwork.storage.TestStorageApplication;
import dev.groundwork.storage.dataset.ImportProgress.Phase;
import dev.groundwork.storage.image.ImageStore;
import dev.groundwork.storage.support.Fixtures;
import dev.groundwork.storage.support.Fixtures.DatasetDir;
import dev.groundwork.storage.support.StoreSnapshot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

/** The importer reports each phase with done/total counts, and a listener can abort an import. */
@SpringBootTest(classes = TestStorageApplication.class)
class ImportProgressTest {

    @Autowired DatasetImporter importer;
    @Autowired ImageStore store;
    @Autowired JdbcTemplate jdbc;
    @TempDir Path tmp;

    record Report(Phase phase, int done, int total) {}

    /** Every report, in order. */
    static final class Recorder implements ImportProgress {
        final List<Report> reports = new ArrayList<>();

        @Override
        public void update(Phase phase, int done, int total) {
            reports.add(new Report(phase, done, total));
        }

        List<Report> of(Phase phase) {
            return reports.stream().filter(r -> r.phase() == phase).toList();
        }
    }

    @Test
    void reports_reading_each_distinct_image_each_item_and_finishing_in_order() {
        // Four items on three images: the fourth item reuses the first image.
        DatasetDir d = DatasetDir.valid(tmp.resolve("progress"), "progress", 3);
        d.item(Fixtures.item("again", "images/img0.png"));
        Recorder recorder = new Recorder();

        ImportSummary summary = importer.importDataset(d.write(), Optional.empty(), "test", recorder);

        assertThat(summary.items()).isEqualTo(4);
        assertThat(recorder.reports.stream().map(Report::phase).distinct())
                .containsExactly(Phase.READING, Phase.IMAGES, Phase.STORING, Phase.FINISHING);
        assertThat(recorder.of(Phase.READING)).containsExactly(new Report(Phase.READING, 0, 1), new Report(Phase.READING, 1, 1));
        assertThat(recorder.of(Phase.IMAGES)).extracting(Report::done).containsExactly(0, 1, 2, 3);
        assertThat(recorder.of(Phase.IMAGES)).extracting(Report::total).containsOnly(3);
        assertThat(recorder.of(Phase.STORING)).extracting(Report::done).containsExactly(0, 1, 2, 3, 4);
        assertThat(recorder.of(Phase.STORING)).extracting(Report::total).containsOnly(4);
        assertThat(recorder.reports.get(recorder.reports.size() - 1)).isEqualTo(new Report(Phase.FINISHING, 1, 1));
    }

    @Test
    void a_refused_import_stops_reporting_before_storing() {
        DatasetDir d = DatasetDir.valid(tmp.resolve("broken"), "broken", 2);
        d.item(Fixtures.item("missing", "images/not-there.png"));
        Recorder recorder = new Recorder();

        assertThatThrownBy(() -> importer.importDataset(d.write(), Optional.empty(), "test", recorder))
                .isInstanceOf(ImportException.class);

        assertThat(recorder.of(Phase.IMAGES)).last().isEqualTo(new Report(Phase.IMAGES, 3, 3));
        assertThat(recorder.of(Phase.STORING)).isEmpty();
        assertThat(recorder.of(Phase.FINISHING)).isEmpty();
    }

    @Test
    void a_listener_that_throws_while_storing_aborts_the_import_and_nothing_is_written() {
        StoreSnapshot before = StoreSnapshot.take(jdbc, store.root());
        ImportProgress failing = (phase, done, total) -> {
            if (phase == Phase.STORING && done == 2) {
                throw new IllegalStateException("stop here");
            }
        };

        assertThatThrownBy(() -> importer.importDataset(DatasetDir.valid(tmp.resolve("aborted"), "aborted", 3).write(),
                Optional.empty(), "test", failing)).hasMessage("stop here");

        assertThat(StoreSnapshot.take(jdbc, store.root())).isEqualTo(before);
    }

    @Test
    void the_three_argument_import_still_works_without_a_listener() {
        ImportSummary summary = importer.importDataset(DatasetDir.valid(tmp.resolve("plain"), "plain", 2).write(),
                Optional.empty(), "test");
        assertThat(summary.items()).isEqualTo(2);
    }
}
