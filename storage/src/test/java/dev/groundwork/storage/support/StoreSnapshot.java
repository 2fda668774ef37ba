package dev.groundwork.storage.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springframework.jdbc.core.JdbcTemplate;

/** Row counts of every table and every file under the image store root, to prove nothing was written. */
public record StoreSnapshot(Map<String, Long> rows, List<String> files) {

    public static final List<String> TABLES = List.of("dataset", "image", "scene_object", "scene_relation", "item",
            "response", "annotator", "comparison", "assignment", "judgment", "judgment_tag", "outbox_event",
            "training_run", "checkpoint", "metric_point", "evaluation_report", "audit_log");

    public static StoreSnapshot take(JdbcTemplate jdbc, Path imageRoot) {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (String table : TABLES) {
            rows.put(table, jdbc.queryForObject("select count(*) from " + table, Long.class));
        }
        try (Stream<Path> all = Files.exists(imageRoot) ? Files.walk(imageRoot) : Stream.empty()) {
            List<String> files = all.filter(Files::isRegularFile).map(p -> imageRoot.relativize(p).toString()).sorted().toList();
            return new StoreSnapshot(rows, files);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
