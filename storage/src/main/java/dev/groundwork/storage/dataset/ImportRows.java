package dev.groundwork.storage.dataset;

import dev.groundwork.storage.image.ImageInfo;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The rows of an import written with JDBC batch statements, in the caller's transaction. Ids come from the tables'
 * identity columns; the importer reads back the ids of what it inserted with one query per batch (by SHA-256 for
 * images, by position for items), which works alike on H2 and PostgreSQL.
 */
@Component
class ImportRows {

    /** Rows per JDBC batch and values per {@code in (...)} list. */
    static final int BATCH = 1000;

    private static final String INSERT_IMAGE = "insert into image (sha256, media_type, width, height, byte_size,"
            + " created_at) values (?, ?, ?, ?, ?, ?)";
    private static final int[] IMAGE_TYPES = {Types.VARCHAR, Types.VARCHAR, Types.INTEGER, Types.INTEGER, Types.BIGINT,
            Types.TIMESTAMP_WITH_TIMEZONE};
    private static final String INSERT_OBJECT = "insert into scene_object (image_id, object_key, label, colour,"
            + " size_class, box_x, box_y, box_w, box_h) values (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final int[] OBJECT_TYPES = {Types.BIGINT, Types.INTEGER, Types.VARCHAR, Types.VARCHAR,
            Types.VARCHAR, Types.DOUBLE, Types.DOUBLE, Types.DOUBLE, Types.DOUBLE};
    private static final String INSERT_RELATION = "insert into scene_relation (image_id, subject_key, predicate,"
            + " object_key) values (?, ?, ?, ?)";
    private static final int[] RELATION_TYPES = {Types.BIGINT, Types.INTEGER, Types.VARCHAR, Types.INTEGER};
    private static final String INSERT_ITEM = "insert into item (dataset_id, external_id, position, image_id,"
            + " image_path, prompt, task_type, category, reference) values (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final int[] ITEM_TYPES = {Types.BIGINT, Types.VARCHAR, Types.INTEGER, Types.BIGINT, Types.VARCHAR,
            Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR};
    private static final String INSERT_RESPONSE = "insert into response (item_id, external_id, position, model_name,"
            + " checkpoint, text, hallucination_type, hallucination_detail) values (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final int[] RESPONSE_TYPES = {Types.BIGINT, Types.VARCHAR, Types.INTEGER, Types.VARCHAR,
            Types.VARCHAR, Types.VARCHAR, Types.VARCHAR, Types.VARCHAR};

    private final JdbcTemplate jdbc;

    ImportRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Image id by SHA-256, for those of {@code sha256s} (at most {@link #BATCH}) that are stored. */
    Map<String, Long> imageIds(Collection<String> sha256s) {
        Map<String, Long> ids = new HashMap<>();
        if (sha256s.isEmpty()) {
            return ids;
        }
        String marks = String.join(", ", Collections.nCopies(sha256s.size(), "?"));
        jdbc.query("select id, sha256 from image where sha256 in (" + marks + ")",
                rs -> { ids.put(rs.getString(2), rs.getLong(1)); }, sha256s.toArray());
        return ids;
    }

    /** Inserts new images and returns their ids by SHA-256. */
    Map<String, Long> insertImages(List<ImageInfo> infos, Instant now) {
        List<Object[]> rows = new ArrayList<>(infos.size());
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        for (ImageInfo i : infos) {
            rows.add(new Object[] {i.sha256(), i.format().mediaType(), i.width(), i.height(), i.byteSize(), at});
        }
        jdbc.batchUpdate(INSERT_IMAGE, rows, IMAGE_TYPES);
        return imageIds(infos.stream().map(ImageInfo::sha256).toList());
    }

    /** Collects the scene rows of one image's (normalised) ground truth, for {@link #insertTruths}. */
    static void truthRows(long imageId, Manifest.GroundTruth truth, List<Object[]> objects, List<Object[]> relations) {
        for (Manifest.SceneObject o : truth.objects()) {
            List<Double> b = o.box();
            objects.add(new Object[] {imageId, o.id(), o.label(), o.colour(), o.size(),
                    b == null ? null : b.get(0), b == null ? null : b.get(1),
                    b == null ? null : b.get(2), b == null ? null : b.get(3)});
        }
        for (Manifest.Relation r : truth.relations()) {
            relations.add(new Object[] {imageId, r.subject(), r.predicate(), r.object()});
        }
    }

    void insertTruths(List<Object[]> objects, List<Object[]> relations) {
        jdbc.batchUpdate(INSERT_OBJECT, objects, OBJECT_TYPES);
        jdbc.batchUpdate(INSERT_RELATION, relations, RELATION_TYPES);
    }

    /**
     * Inserts a batch of items of consecutive positions, then their responses.
     *
     * @param details the stored {@code hallucination_detail} of each response, item by item
     */
    void insertItems(long datasetId, List<Manifest.Item> items, List<Long> imageIds, int firstPosition,
            List<List<String>> details) {
        List<Object[]> rows = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            Manifest.Item it = items.get(i);
            rows.add(new Object[] {datasetId, it.id(), firstPosition + i, imageIds.get(i), it.image(), it.prompt(),
                    it.task().name(), it.category(), it.reference()});
        }
        jdbc.batchUpdate(INSERT_ITEM, rows, ITEM_TYPES);
        Map<Integer, Long> idByPosition = new HashMap<>();
        jdbc.query("select id, position from item where dataset_id = ? and position >= ? and position < ?",
                rs -> { idByPosition.put(rs.getInt(2), rs.getLong(1)); },
                datasetId, firstPosition, firstPosition + items.size());
        List<Object[]> responses = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            long itemId = idByPosition.get(firstPosition + i);
            List<Manifest.Response> rs = items.get(i).responses();
            for (int r = 0; r < rs.size(); r++) {
                Manifest.Response resp = rs.get(r);
                responses.add(new Object[] {itemId, resp.id(), r, resp.model(), resp.checkpoint(), resp.text(),
                        resp.hallucination() == null ? null : resp.hallucination().type().name(),
                        details.get(i).get(r)});
            }
        }
        jdbc.batchUpdate(INSERT_RESPONSE, responses, RESPONSE_TYPES);
    }
}
