package dev.groundwork.trainer.stream;

import dev.groundwork.annotation.event.DatasetEvent;
import dev.groundwork.annotation.event.DisagreementResolved;
import dev.groundwork.annotation.event.JudgmentRecorded;
import dev.groundwork.annotation.event.JudgmentRecorded.ImageRef;
import dev.groundwork.annotation.event.JudgmentRecorded.ResponseRef;
import dev.groundwork.annotation.preference.Preference;
import dev.groundwork.annotation.preference.PreferencePolicy;
import dev.groundwork.annotation.preference.Vote;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * The trainer's store of consumed judgments, in its own H2 database (the trainer never touches the
 * workbench database): an embedded file for one trainer service, or one database that every
 * instance of a consumer group shares (H2 server mode, {@code GW_TRAINER_BUFFER_URL}), so that the
 * instance that takes over a partition finds the offsets and votes of the one that had it. Writers
 * take turns ({@link #apply} holds a row lock until it commits), and stored offsets never move back. Votes and the consumed offsets are written in one JDBC
 * transaction, so after any crash the offsets say exactly which records the votes include:
 * restarting from them neither loses nor double-counts a judgment. Event ids are the primary key
 * of the votes, a second line of defence against records the relay published twice. Reviewers'
 * resolutions are stored the same way, the latest revision per comparison ({@link ResolutionTable}),
 * and outrank the votes in {@link #pairs}. A vote whose judgment a later correction superseded
 * ({@code JudgmentRecorded.supersedes}) stays stored but no longer counts: the policy drops it.
 */
public final class PairBuffer implements AutoCloseable {

    /**
     * One aggregated preference pair, ready for training.
     *
     * @param judges who decided it: the judges of the policy's deciding group (each once), or the reviewer whose
     *     resolution decided it
     */
    public record Pair(long comparisonId, String dataset, String itemId, String prompt, String imageSha256, String imageUri,
            String chosen, String rejected, double weight, String decidedBy, int votes, List<Judge> judges) {
        public Pair {
            judges = List.copyOf(judges);
        }
    }

    /**
     * A judge of a pair.
     *
     * @param kind {@code HUMAN}, {@code CRITIC} or {@code REVIEWER} (as {@code CheckpointSaved.JudgeCount} names them)
     * @param id the judge's id in the judgment or resolution events
     */
    public record Judge(String kind, String id) {}

    /**
     * What one {@link #apply} stored.
     *
     * @param stored new votes and resolutions stored
     * @param duplicates votes already stored, and resolutions repeated or superseded by a later revision
     */
    public record Applied(int stored, int duplicates) {}

    private final Connection connection;

    private PairBuffer(Connection connection) {
        this.connection = connection;
    }

    /** Opens (creating if needed) the buffer at a JDBC URL, e.g. {@code jdbc:h2:file:./data/trainer/pairs}. */
    public static PairBuffer open(String jdbcUrl) {
        try {
            Connection c = DriverManager.getConnection(jdbcUrl, "sa", "");
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("""
                        create table if not exists consumed_offset (
                            topic varchar(200) not null, part integer not null, next_offset bigint not null,
                            primary key (topic, part))""");
                s.execute("""
                        create table if not exists judgment_vote (
                            event_id varchar(36) primary key, judgment_id bigint not null, comparison_id bigint not null,
                            judge_kind varchar(10) not null, judge_id varchar(200) not null, verdict varchar(10) not null,
                            strength integer not null, occurred_at timestamp with time zone not null,
                            topic varchar(200) not null, part integer not null, record_offset bigint not null)""");
                s.execute("create index if not exists ix_vote_comparison on judgment_vote (comparison_id)");
                // Corrections (JudgmentRecorded.supersedes): added to buffers written before they existed.
                s.execute("alter table judgment_vote add column if not exists supersedes bigint");
                s.execute("""
                        create table if not exists comparison_content (
                            comparison_id bigint primary key, dataset varchar(200), item_id varchar(200), prompt varchar not null,
                            image_sha256 varchar(64) not null, image_uri varchar(500),
                            response_a_text varchar not null, response_b_text varchar not null)""");
                ResolutionTable.create(s);
                DatasetChangeTable.create(s);
                // One row that every apply updates first: its row lock makes the writers of a shared buffer take turns.
                s.execute("create table if not exists buffer_writer (id integer primary key, applies bigint not null)");
                s.execute("merge into buffer_writer key (id) select 1, 0 from dual"
                        + " where not exists (select 1 from buffer_writer where id = 1)");
            }
            c.commit();
            return new PairBuffer(c);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open pair buffer at " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    /** A judgment and where it was read from. */
    public record Consumed(JudgmentRecorded event, TopicPartition partition, long offset) {}

    /** A reviewer's resolution and where it was read from. */
    public record ConsumedResolution(DisagreementResolved event, TopicPartition partition, long offset) {}

    /**
     * Stores new votes (skipping event ids already present) and the next offsets, atomically.
     */
    public synchronized Applied apply(List<Consumed> judgments, Map<TopicPartition, Long> nextOffsets) {
        return apply(judgments, List.of(), nextOffsets);
    }

    /** An admin's deletion or renaming of a dataset and where it was read from. */
    public record ConsumedDatasetChange(DatasetEvent event, TopicPartition partition, long offset) {}

    /**
     * Stores new votes (skipping event ids already present), resolutions (keeping the highest
     * revision per comparison) with their comparisons' content, and the next offsets, atomically.
     */
    public synchronized Applied apply(List<Consumed> judgments, List<ConsumedResolution> resolutions,
            Map<TopicPartition, Long> nextOffsets) {
        return apply(judgments, resolutions, List.of(), nextOffsets);
    }

    /**
     * Stores as {@link #apply(List, List, Map)} does, and the datasets deleted or renamed, then brings everything
     * stored in line with every dataset change so far (see {@link DatasetChangeTable}), atomically: the pairs of a
     * deleted dataset are gone, including votes for it that arrive later.
     */
    public synchronized Applied apply(List<Consumed> judgments, List<ConsumedResolution> resolutions,
            List<ConsumedDatasetChange> datasetChanges, Map<TopicPartition, Long> nextOffsets) {
        try {
            takeWriterTurn();
            Set<String> known = existing(judgments.stream().map(j -> j.event().eventId()).toList());
            int stored = 0;
            int duplicates = 0;
            try (PreparedStatement vote = connection.prepareStatement(
                    "insert into judgment_vote (event_id, judgment_id, comparison_id, judge_kind, judge_id, verdict, strength,"
                            + " occurred_at, topic, part, record_offset, supersedes) values (?,?,?,?,?,?,?,?,?,?,?,?)");
                    PreparedStatement content = connection.prepareStatement(
                            "merge into comparison_content key (comparison_id) values (?,?,?,?,?,?,?,?)")) {
                Set<Long> contentAdded = new HashSet<>();
                for (Consumed c : judgments) {
                    JudgmentRecorded e = c.event();
                    if (!known.add(e.eventId())) {
                        duplicates++;
                        continue;
                    }
                    vote.setString(1, e.eventId());
                    vote.setLong(2, e.judgmentId());
                    vote.setLong(3, e.comparisonId());
                    vote.setString(4, e.judgeKind());
                    vote.setString(5, e.judgeId());
                    vote.setString(6, e.verdict());
                    vote.setInt(7, e.strength());
                    vote.setTimestamp(8, Timestamp.from(e.occurredAt()));
                    vote.setString(9, c.partition().topic());
                    vote.setInt(10, c.partition().partition());
                    vote.setLong(11, c.offset());
                    if (e.supersedes() == null) {
                        vote.setNull(12, Types.BIGINT);
                    } else {
                        vote.setLong(12, e.supersedes());
                    }
                    vote.addBatch();
                    if (contentAdded.add(e.comparisonId())) {
                        addContent(content, e.comparisonId(), e.dataset(), e.itemId(), e.prompt(), e.image(),
                                e.responseA(), e.responseB());
                    }
                    stored++;
                }
                for (ConsumedResolution r : resolutions) {
                    DisagreementResolved e = r.event();
                    if (contentAdded.add(e.comparisonId())) {
                        addContent(content, e.comparisonId(), e.dataset(), e.itemId(), e.prompt(), e.image(),
                                e.responseA(), e.responseB());
                    }
                }
                vote.executeBatch();
                content.executeBatch();
            }
            ResolutionTable.Stored resolved = ResolutionTable.store(connection, resolutions);
            stored += resolved.taken();
            duplicates += resolved.skipped();
            DatasetChangeTable.Stored changed = DatasetChangeTable.store(connection, datasetChanges);
            stored += changed.taken();
            duplicates += changed.skipped();
            DatasetChangeTable.sweep(connection);
            storeOffsets(nextOffsets);
            connection.commit();
            return new Applied(stored, duplicates);
        } catch (SQLException e) {
            rollbackQuietly();
            throw new IllegalStateException("cannot store consumed judgments: " + e.getMessage(), e);
        }
    }

    /**
     * Waits for the other writers of a shared buffer to commit (the row lock on {@code buffer_writer} is held until this
     * transaction ends): applies are serialised, so each one sees everything the others stored, and the event-id check,
     * the dataset sweep and the offsets are never raced.
     */
    private void takeWriterTurn() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.executeUpdate("update buffer_writer set applies = applies + 1 where id = 1");
        }
    }

    /**
     * Stores the next offsets, never moving one back: a consumer that the group took a partition from while it was
     * stalled (and so did not know) may still finish its batch; its votes are duplicates by event id, and its offsets
     * must not undo the progress of the consumer that owns the partition now.
     */
    private void storeOffsets(Map<TopicPartition, Long> nextOffsets) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                        "update consumed_offset set next_offset = greatest(next_offset, ?) where topic = ? and part = ?");
                PreparedStatement insert = connection.prepareStatement(
                        "insert into consumed_offset (topic, part, next_offset) values (?,?,?)")) {
            for (var e : nextOffsets.entrySet()) {
                update.setLong(1, e.getValue());
                update.setString(2, e.getKey().topic());
                update.setInt(3, e.getKey().partition());
                if (update.executeUpdate() == 0) {
                    insert.setString(1, e.getKey().topic());
                    insert.setInt(2, e.getKey().partition());
                    insert.setLong(3, e.getValue());
                    insert.executeUpdate();
                }
            }
        }
    }

    /** Comparisons never change, so the content of any event about one is the same. */
    private static void addContent(PreparedStatement content, long comparisonId, String dataset, String itemId,
            String prompt, ImageRef image, ResponseRef a, ResponseRef b) throws SQLException {
        content.setLong(1, comparisonId);
        content.setString(2, dataset);
        content.setString(3, itemId);
        content.setString(4, prompt);
        content.setString(5, image.sha256());
        content.setString(6, image.uri());
        content.setString(7, a.text());
        content.setString(8, b.text());
        content.addBatch();
    }

    private Set<String> existing(Collection<String> eventIds) throws SQLException {
        Set<String> found = new HashSet<>();
        List<String> ids = new ArrayList<>(eventIds);
        for (int from = 0; from < ids.size(); from += 500) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            String sql = "select event_id from judgment_vote where event_id in (" + String.join(",", java.util.Collections.nCopies(chunk.size(), "?")) + ")";
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1));
                    }
                }
            }
        }
        return found;
    }

    /** The next offset to read per partition, as stored with the votes. */
    public synchronized Optional<Long> nextOffset(TopicPartition partition) {
        try (PreparedStatement ps = connection.prepareStatement("select next_offset from consumed_offset where topic = ? and part = ?")) {
            ps.setString(1, partition.topic());
            ps.setInt(2, partition.partition());
            try (ResultSet rs = ps.executeQuery()) {
                Optional<Long> result = rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
                connection.commit();
                return result;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read stored offsets: " + e.getMessage(), e);
        }
    }

    public synchronized long votes() {
        return queryLong("select count(*) from judgment_vote");
    }

    /** How many dataset deletions the buffer has applied. */
    public synchronized long datasetDeletions() {
        try {
            long n = DatasetChangeTable.deletions(connection);
            connection.commit();
            return n;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** How many comparisons a reviewer resolved (latest revision each). */
    public synchronized long resolutions() {
        return queryLong("select count(*) from resolution");
    }

    /** Judgment ids of the stored votes, with how many times each was counted. */
    public synchronized Map<Long, Integer> judgmentCounts() {
        Map<Long, Integer> counts = new HashMap<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("select judgment_id, count(*) from judgment_vote group by judgment_id")) {
            while (rs.next()) {
                counts.put(rs.getLong(1), rs.getInt(2));
            }
            connection.commit();
            return counts;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Aggregates the votes and resolutions of every comparison into preference pairs by the policy,
     * in comparison id order.
     */
    public synchronized List<Pair> pairs(PreferencePolicy policy) {
        try {
            List<Pair> pairs = aggregate(policy, votesByComparison(), ResolutionTable.verdicts(connection));
            connection.commit();
            return pairs;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read pairs: " + e.getMessage(), e);
        }
    }

    /**
     * The pairs of the comparisons touched in {@code [from, to)}: those with a vote or a resolution read from an offset
     * in that range of its partition, each decided by the policy over everything stored for it below {@code to}.
     * The result depends only on the arguments and the records, not on what was consumed after {@code to}: a round
     * that is redone after a crash gets exactly the same pairs.
     *
     * @param dataset only this dataset's comparisons, or every dataset's
     * @param from the first offset per partition (absent: 0)
     * @param to the end per partition, exclusive (absent: nothing of that partition)
     */
    public synchronized List<Pair> pairsTouched(PreferencePolicy policy, Optional<String> dataset, Map<TopicPartition, Long> from,
            Map<TopicPartition, Long> to) {
        try {
            Map<Long, List<Vote>> votes = new LinkedHashMap<>();
            Set<Long> touched = new TreeSet<>();
            String datasetFilter = dataset.isPresent() ? " and c.dataset = ?" : "";
            try (PreparedStatement ps = connection.prepareStatement("select v.comparison_id, v.judge_kind, v.judge_id, v.verdict,"
                    + " v.strength, v.topic, v.part, v.record_offset, v.judgment_id, v.supersedes from judgment_vote v join comparison_content c"
                    + " on c.comparison_id = v.comparison_id where 1 = 1" + datasetFilter + " order by v.comparison_id, v.judgment_id")) {
                if (dataset.isPresent()) {
                    ps.setString(1, dataset.get());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        TopicPartition tp = new TopicPartition(rs.getString(6), rs.getInt(7));
                        long offset = rs.getLong(8);
                        if (offset >= to.getOrDefault(tp, 0L)) {
                            continue;
                        }
                        long id = rs.getLong(1);
                        votes.computeIfAbsent(id, k -> new ArrayList<>()).add(vote(rs, 2, 9));
                        if (offset >= from.getOrDefault(tp, 0L)) {
                            touched.add(id);
                        }
                    }
                }
            }
            Map<Long, ResolutionTable.Resolved> resolutions = new HashMap<>();
            try (PreparedStatement ps = connection.prepareStatement("select r.comparison_id, r.verdict, r.topic, r.part, r.record_offset,"
                    + " r.reviewer"
                    + " from resolution r join comparison_content c on c.comparison_id = r.comparison_id where 1 = 1" + datasetFilter)) {
                if (dataset.isPresent()) {
                    ps.setString(1, dataset.get());
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        TopicPartition tp = new TopicPartition(rs.getString(3), rs.getInt(4));
                        long offset = rs.getLong(5);
                        if (offset >= to.getOrDefault(tp, 0L)) {
                            continue;
                        }
                        resolutions.put(rs.getLong(1), new ResolutionTable.Resolved(rs.getString(2), rs.getString(6)));
                        if (offset >= from.getOrDefault(tp, 0L)) {
                            touched.add(rs.getLong(1));
                        }
                    }
                }
            }
            votes.keySet().retainAll(touched);
            resolutions.keySet().retainAll(touched);
            List<Pair> pairs = aggregate(policy, votes, resolutions);
            connection.commit();
            return pairs;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read pairs: " + e.getMessage(), e);
        }
    }

    /** The next offset to read of every partition consumed so far, as stored with the votes. */
    public synchronized Map<TopicPartition, Long> offsets() {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("select topic, part, next_offset from consumed_offset")) {
            while (rs.next()) {
                offsets.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
            }
            connection.commit();
            return offsets;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read stored offsets: " + e.getMessage(), e);
        }
    }

    private Map<Long, List<Vote>> votesByComparison() throws SQLException {
        Map<Long, List<Vote>> votes = new LinkedHashMap<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("select comparison_id, judge_kind, judge_id, verdict, strength, judgment_id, supersedes"
                        + " from judgment_vote order by comparison_id, judgment_id")) {
            while (rs.next()) {
                votes.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(vote(rs, 2, 6));
            }
        }
        return votes;
    }

    /**
     * The vote of a row: judge kind, judge id, verdict and strength from column {@code first} on, judgment id and
     * supersedes from column {@code ids} on. The policy drops a vote another one supersedes.
     */
    private static Vote vote(ResultSet rs, int first, int ids) throws SQLException {
        long supersedes = rs.getLong(ids + 1);
        OptionalLong corrects = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(supersedes);
        return new Vote(rs.getString(first), rs.getString(first + 1), rs.getString(first + 2), rs.getInt(first + 3),
                rs.getLong(ids), corrects);
    }

    /** The pairs the policy makes of these votes and resolutions (by comparison id). */
    private List<Pair> aggregate(PreferencePolicy policy, Map<Long, List<Vote>> votes,
            Map<Long, ResolutionTable.Resolved> resolutions) throws SQLException {
        Set<Long> comparisons = new TreeSet<>(votes.keySet());
        comparisons.addAll(resolutions.keySet());
        List<Pair> pairs = new ArrayList<>();
        try (PreparedStatement content = connection.prepareStatement(
                "select * from comparison_content where comparison_id = ?")) {
            for (long id : comparisons) {
                List<Vote> comparisonVotes = votes.getOrDefault(id, List.of());
                Optional<ResolutionTable.Resolved> resolution = Optional.ofNullable(resolutions.get(id));
                Optional<Preference> p = policy.decide(comparisonVotes, resolution.map(ResolutionTable.Resolved::verdict));
                if (p.isEmpty()) {
                    continue;
                }
                List<Judge> judges = resolution.isPresent()
                        ? List.of(new Judge(PreferencePolicy.REVIEWER, resolution.get().reviewer()))
                        : policy.decidingGroup(comparisonVotes).stream().map(v -> new Judge(v.judgeKind(), v.judgeId()))
                                .distinct().toList();
                content.setLong(1, id);
                try (ResultSet rs = content.executeQuery()) {
                    rs.next();
                    String a = rs.getString("response_a_text");
                    String b = rs.getString("response_b_text");
                    boolean aWins = p.get().winner().equals("A");
                    pairs.add(new Pair(id, rs.getString("dataset"), rs.getString("item_id"), rs.getString("prompt"),
                            rs.getString("image_sha256"), rs.getString("image_uri"), aWins ? a : b, aWins ? b : a,
                            p.get().weight(), p.get().decidedBy(), p.get().votes(), judges));
                }
            }
        }
        return pairs;
    }

    private long queryLong(String sql) {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            long v = rs.getLong(1);
            connection.commit();
            return v;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is unusable; close() reports nothing more useful
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing
        }
    }
}
