package dev.groundwork.web.cli;

import dev.groundwork.storage.dataset.HallucinationType;
import dev.groundwork.storage.judgment.Verdict;
import dev.groundwork.storage.judgment.VoteTallies;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.sql.DataSource;

/**
 * Loads many judgments straight into the schema with JDBC batches, with what they need for the pages to look real:
 * a dataset ({@link #DATASET}, grown on each call) with items, images, three responses per item and two comparisons
 * per item; annotators, one assignment per human judgment, an audit entry per judgment as the write path makes;
 * four human votes and one critic vote per comparison, a share of them disagreeing, some with a hallucination tag,
 * and corrections (a new judgment that supersedes a wrong one). Then the vote tallies catch up. Outbox events are not
 * written: seeded judgments are history, not news for the trainer. Run it while nothing else writes to the database
 * (it takes ids above the current ones and moves the sequences past them).
 */
public final class JudgmentSeed {

    /** The dataset the seed fills. */
    public static final String DATASET = "bench-seed";
    static final String CRITIC = "claims/claim-checker/claims-v1";
    private static final int HUMANS_PER_COMPARISON = 4;
    /** Items per round of batches (and per commit). */
    private static final int ITEMS_PER_BATCH = 500;

    /** What a seeding run did and how long it took. */
    public record Result(long judgments, long comparisons, long items, long annotators, double insertSeconds,
            double tallySeconds) {
        double rate() {
            return judgments / insertSeconds;
        }
    }

    private JudgmentSeed() {}

    /** Adds about {@code judgments} judgments (exactly that many) to {@link #DATASET}. */
    public static Result seed(DataSource dataSource, VoteTallies tallies, long judgments, long seed, PrintWriter out) {
        long started = System.nanoTime();
        Random random = new Random(seed);
        long comparisonsNeeded = Math.max(1, Math.round(judgments / (HUMANS_PER_COMPARISON + 1.06)));
        long itemsNeeded = (comparisonsNeeded + 1) / 2;
        int annotatorCount = (int) Math.max(8, Math.min(50, judgments / 20_000));
        long written = 0;
        long itemsWritten = 0;
        long comparisonsWritten = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
            long datasetId = dataset(c);
            long[] annotators = annotators(c, annotatorCount);
            String[] subjects = new String[annotators.length];
            for (int i = 0; i < annotators.length; i++) {
                subjects[i] = subject(i);
            }
            Ids ids = new Ids(c, postgres);
            int position = scalar(c, "select coalesce(max(position), -1) + 1 from item where dataset_id = " + datasetId);
            Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Instant begin = end.minus(90, ChronoUnit.DAYS);
            long span = ChronoUnit.SECONDS.between(begin, end);
            long imageBase = ids.next("image");
            long itemBase = ids.next("item");
            long responseBase = ids.next("response");
            long comparisonBase = ids.next("comparison");
            long assignmentBase = ids.next("assignment");
            long hot = ids.hot();
            String runTag = Long.toString(seed, 36) + "-" + Long.toString(System.currentTimeMillis(), 36);
            try (Batch image = new Batch(c, "insert into image (id, sha256, media_type, width, height, byte_size,"
                            + " created_at) values (?, ?, ?, ?, ?, ?, ?)");
                    Batch item = new Batch(c, "insert into item (id, dataset_id, external_id, position, image_id,"
                            + " image_path, prompt, task_type, category, reference) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                    Batch response = new Batch(c, "insert into response (id, item_id, external_id, position, model_name,"
                            + " checkpoint, text, hallucination_type, hallucination_detail) values (?, ?, ?, ?, ?, ?, ?, ?, ?)");
                    Batch comparison = new Batch(c, "insert into comparison (id, item_id, response_a_id, response_b_id,"
                            + " display_swapped, created_at) values (?, ?, ?, ?, ?, ?)");
                    Batch assignment = new Batch(c, "insert into assignment (id, annotator_id, comparison_id, overlap_k,"
                            + " display_swapped, assigned_at, completed_at) values (?, ?, ?, ?, ?, ?, ?)");
                    Batch judgment = new Batch(c, "insert into judgment (id, comparison_id, judge_kind, judge_id, verdict,"
                            + " strength, rationale, time_spent_ms, idempotency_key, created_at, supersedes_id)"
                            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
                    Batch tag = new Batch(c, "insert into judgment_tag (id, judgment_id, response_id, tag, span_start,"
                            + " span_end) values (?, ?, ?, ?, ?, ?)");
                    Batch audit = new Batch(c, "insert into audit_log (id, occurred_at, actor, action, target, detail)"
                            + " values (?, ?, ?, ?, ?, ?)")) {
                Verdict[] verdicts = Verdict.values();
                HallucinationType[] tags = HallucinationType.values();
                for (long n = 0; written < judgments; n++) {
                    itemsWritten++;
                    long imageId = imageBase + n;
                    long itemId = itemBase + n;
                    OffsetDateTime at = OffsetDateTime.ofInstant(begin.plusSeconds(span * Math.min(n, itemsNeeded) / itemsNeeded), ZoneOffset.UTC);
                    image.add(imageId, String.format("%016x%048x", seed, imageBase + n), "image/png", 64, 64, 2048L, at);
                    String prompt = "Is there a " + COLOURS[random.nextInt(COLOURS.length)] + " "
                            + SHAPES[random.nextInt(SHAPES.length)] + " left of the " + SHAPES[random.nextInt(SHAPES.length)]
                            + "? (seed item " + runTag + "-" + n + ")";
                    item.add(itemId, datasetId, "seed-" + runTag + "-" + n, position++, imageId, "images/seed-" + n + ".png",
                            prompt, "OPEN_QUESTION", "relation", null);
                    for (int r = 0; r < 3; r++) {
                        response.add(responseBase + 3 * n + r, itemId, "r" + r, r, "model-" + r, null,
                                "There is " + (r == 0 ? "a " : "no ") + "shape there, answer " + r + " of item " + n + ".",
                                r == 2 ? "RELATION" : null, null);
                    }
                    for (int k = 1; k <= 2 && written < judgments; k++) {
                        long comparisonId = comparisonBase + 2 * n + (k - 1);
                        long responseA = responseBase + 3 * n;
                        long responseB = responseBase + 3 * n + k;
                        comparison.add(comparisonId, itemId, responseA, responseB, random.nextBoolean(), at);
                        comparisonsWritten++;
                        Verdict truth = random.nextDouble() < 0.9 ? verdicts[random.nextInt(2)] : verdicts[2 + random.nextInt(2)];
                        int first = random.nextInt(annotators.length);
                        int step = 1 + random.nextInt(annotators.length - 1);
                        for (int h = 0; h < HUMANS_PER_COMPARISON && written < judgments; h++) {
                            int who = (int) ((first + (long) h * step) % annotators.length);
                            if (h > 0 && who == first) {
                                break; // the step came round: fewer distinct annotators than votes
                            }
                            OffsetDateTime when = at.plusMinutes(10L * (h + 1));
                            assignment.add(assignmentBase++, annotators[who], comparisonId, HUMANS_PER_COMPARISON,
                                    random.nextBoolean(), at, when);
                            Verdict v = random.nextDouble() < 0.87 ? truth : verdicts[random.nextInt(verdicts.length)];
                            long id = hot++;
                            judgment.add(id, comparisonId, "HUMAN", subjects[who], v.name(), 1 + random.nextInt(3),
                                    random.nextInt(4) == 0 ? "the answer names a shape that is not there" : null,
                                    2000L + random.nextInt(30_000), "seed:" + runTag + ":" + id, when, null);
                            audit.add(hot++, when, subjects[who], "judgment.record", "comparison " + comparisonId,
                                    "HUMAN " + v + " (judgment " + id + ")");
                            written++;
                            if (random.nextInt(10) == 0) {
                                tag.add(hot++, id, v == Verdict.A ? responseB : responseA, tags[random.nextInt(tags.length)].name(),
                                        null, null);
                            }
                            if (v != truth && random.nextInt(3) == 0 && written < judgments) {
                                long correction = hot++;
                                OffsetDateTime later = when.plusMinutes(3);
                                judgment.add(correction, comparisonId, "HUMAN", subjects[who], truth.name(), 2, null, 1500L,
                                        "seed:" + runTag + ":" + correction, later, id);
                                audit.add(hot++, later, subjects[who], "judgment.correct", "comparison " + comparisonId,
                                        "HUMAN " + v + " -> " + truth + " (judgment " + correction + " supersedes " + id + ")");
                                written++;
                            }
                        }
                        if (written < judgments) {
                            Verdict v = random.nextDouble() < 0.8 ? truth : verdicts[random.nextInt(verdicts.length)];
                            long id = hot++;
                            OffsetDateTime when = at.plusMinutes(1);
                            judgment.add(id, comparisonId, "CRITIC", CRITIC, v.name(), 2, "claims checked against the scene",
                                    null, "seed:" + runTag + ":" + id, when, null);
                            audit.add(hot++, when, CRITIC, "judgment.record", "comparison " + comparisonId,
                                    "CRITIC " + v + " (judgment " + id + ")");
                            written++;
                        }
                    }
                    if (n % ITEMS_PER_BATCH == ITEMS_PER_BATCH - 1) {
                        // parents before children: each batch is flushed in the order of the foreign keys
                        for (Batch b : List.of(image, item, response, comparison, assignment, judgment, tag, audit)) {
                            b.flush();
                        }
                        c.commit();
                    }
                }
                for (Batch b : List.of(image, item, response, comparison, assignment, judgment, tag, audit)) {
                    b.flush();
                }
                c.commit();
            }
            ids.moveSequences(hot, assignmentBase);
            c.commit();
            double insertSeconds = (System.nanoTime() - started) / 1e9;
            long tallyStart = System.nanoTime();
            int folded = tallies.catchUp();
            double tallySeconds = (System.nanoTime() - tallyStart) / 1e9;
            Result result = new Result(written, comparisonsWritten, itemsWritten, annotatorCount, insertSeconds, tallySeconds);
            out.printf("[bench seed] %,d judgments (%,d comparisons, %,d items, %d annotators) in %.1f s: %,.0f judgments/s;"
                            + " vote tallies caught up (%,d comparisons) in %.1f s%n", written, comparisonsWritten, itemsWritten,
                    annotatorCount, insertSeconds, result.rate(), folded, tallySeconds);
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException("seeding failed: " + e.getMessage(), e);
        }
    }

    static String subject(int i) {
        return String.format("seed-annotator-%02d", i);
    }

    private static final String[] COLOURS = {"red", "green", "blue", "yellow", "purple", "grey"};
    private static final String[] SHAPES = {"cube", "sphere", "cylinder", "cone", "torus"};

    private static long dataset(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select id from dataset where name = ?")) {
            ps.setString(1, DATASET);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return rs.getLong(1);
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("insert into dataset (name, description, source_format, source_info,"
                + " created_at) values (?, ?, ?, ?, ?)", new String[] {"id"})) {
            ps.setString(1, DATASET);
            ps.setString(2, "judgments loaded by ./gw bench seed");
            ps.setString(3, "seed");
            ps.setString(4, null);
            ps.setObject(5, OffsetDateTime.now(ZoneOffset.UTC));
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                long id = rs.getLong(1);
                c.commit();
                return id;
            }
        }
    }

    /** The ids of the seed's annotators, created when missing. */
    private static long[] annotators(Connection c, int count) throws SQLException {
        long[] ids = new long[count];
        for (int i = 0; i < count; i++) {
            try (PreparedStatement ps = c.prepareStatement("select id from annotator where subject = ?")) {
                ps.setString(1, subject(i));
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        ids[i] = rs.getLong(1);
                        continue;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("insert into annotator (subject, display_name, roles, created_at,"
                    + " username) values (?, ?, ?, ?, ?)", new String[] {"id"})) {
                ps.setString(1, subject(i));
                ps.setString(2, "Seed Annotator " + i);
                ps.setString(3, "annotator");
                ps.setObject(4, OffsetDateTime.now(ZoneOffset.UTC));
                ps.setString(5, "seed" + i);
                ps.executeUpdate();
                try (ResultSet rs = ps.getGeneratedKeys()) {
                    rs.next();
                    ids[i] = rs.getLong(1);
                }
            }
        }
        c.commit();
        return ids;
    }

    private static int scalar(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Explicit ids above those in use, and the identity columns and the hot sequence moved past them afterwards. */
    private static final class Ids {
        private final Connection c;
        private final boolean postgres;
        private final List<String> tables = new ArrayList<>();
        private final List<Long> bases = new ArrayList<>();
        private long hotBase;

        Ids(Connection c, boolean postgres) {
            this.c = c;
            this.postgres = postgres;
        }

        long next(String table) throws SQLException {
            long base;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select coalesce(max(id), 0) from " + table)) {
                rs.next();
                base = rs.getLong(1) + 1000;
            }
            tables.add(table);
            bases.add(base);
            return base;
        }

        /** The first free id of the hot sequence, with room for blocks the running application holds. */
        long hot() throws SQLException {
            String sql = postgres ? "select nextval('hot_id_seq')" : "select next value for hot_id_seq";
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                hotBase = rs.getLong(1) + 1000;
            }
            return hotBase;
        }

        void moveSequences(long hotEnd, long assignmentEnd) throws SQLException {
            try (Statement s = c.createStatement()) {
                for (String table : tables) {
                    long max;
                    try (ResultSet rs = s.executeQuery("select coalesce(max(id), 0) from " + table)) {
                        rs.next();
                        max = Math.max(rs.getLong(1), table.equals("assignment") ? assignmentEnd : 0);
                    }
                    s.execute("alter table " + table + " alter column id restart with " + (max + 1000));
                }
                s.execute("alter sequence hot_id_seq restart with " + (hotEnd + 1000));
            }
        }
    }

    /** One insert statement, its rows sent when all batches are flushed in foreign-key order. */
    private static final class Batch implements AutoCloseable {
        private final PreparedStatement ps;
        private int pending;

        Batch(Connection c, String sql) throws SQLException {
            this.ps = c.prepareStatement(sql);
        }

        void add(Object... values) throws SQLException {
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 1, values[i]);
            }
            ps.addBatch();
            pending++;
        }

        void flush() throws SQLException {
            if (pending > 0) {
                ps.executeBatch();
                pending = 0;
            }
        }

        @Override
        public void close() throws SQLException {
            ps.close();
        }
    }
}
