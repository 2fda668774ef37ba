package dev.groundwork.storage.judgment;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Per-comparison tallies of the current votes, kept in step with the judgment table so that the review queue and the
 * agreement figures are SQL reads over small tables rather than a pass over every judgment per request
 * (migration V13). Current votes: the judgments no correction superseded ({@code supersedes_id}); per judge the
 * latest of them counts for agreement, and every one of them for the kinds of disagreement ({@link #kinds}).
 *
 * <p>A fold takes in the judgments not yet tallied: it recomputes each comparison they touch from all its
 * judgments, subtracts the comparison's old contribution to the pair tables and adds the new one, and marks those
 * judgments tallied, in rounds of one transaction each under a lock row. Writers need not know: a judgment arrives
 * untallied (the column's default) and is found by the next fold, in whatever order transactions commit. The
 * workbench folds in the background ({@link #catchUp}, at startup and then every second); a page read folds only a
 * short tail itself ({@link #catchUpRecent}), so no request pays for a long backlog. A bean of
 * {@code StorageConfiguration}.
 */
public class VoteTallies {

    /** Comparisons recomputed per round trip. */
    private static final int CHUNK = 1000;

    /** One current vote of a judge on a comparison. */
    public record Vote(long comparisonId, String judgeId, JudgeKind kind, Verdict verdict) {}

    /** Which disagreements a comparison's current votes show. */
    public record Kinds(boolean humanHuman, boolean humanCritic) {
        public boolean any() {
            return humanHuman || humanCritic;
        }
    }

    /** Judgments folded per transaction by {@link #catchUp}: bounds how long one round holds the lock. */
    public static final int ROUND = 5_000;
    /** The most untallied judgments a page read folds itself ({@link #catchUpRecent}). */
    public static final int READ_FOLD_LIMIT = 2_000;

    /** What one fold round did; {@code full}: it folded as many judgments as a round takes, so more may wait. */
    public record Round(int judgments, int comparisons, boolean full) {}

    /** How long a page read waits for a fold round running in this process before it reads without folding. */
    private static final long READ_WAIT_MS = 250;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    /** Held by a fold in this process (the lock row orders folds across processes). */
    private final ReentrantLock folding = new ReentrantLock();
    private final int round;
    private final int readFoldLimit;

    public VoteTallies(JdbcTemplate jdbc, PlatformTransactionManager transactionManager) {
        this(jdbc, transactionManager, ROUND, READ_FOLD_LIMIT);
    }

    /** With other round sizes (a test folds a few judgments in several rounds). */
    public VoteTallies(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, int round, int readFoldLimit) {
        if (round < 1 || readFoldLimit < 1) {
            throw new IllegalArgumentException("round and readFoldLimit must be at least 1, got " + round + " and "
                    + readFoldLimit);
        }
        this.jdbc = jdbc;
        this.round = round;
        this.readFoldLimit = readFoldLimit;
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Human with human: the people's verdicts differ. Human with critic: a critic gave more than one verdict, the
     * people's most common verdict is not unique, or it differs from the critic's.
     */
    public static Kinds kinds(Collection<Vote> votes) {
        Set<Verdict> human = EnumSet.noneOf(Verdict.class);
        Map<Verdict, Integer> humanVotes = new EnumMap<>(Verdict.class);
        Set<Verdict> critic = EnumSet.noneOf(Verdict.class);
        for (Vote v : votes) {
            if (v.kind() == JudgeKind.HUMAN) {
                human.add(v.verdict());
                humanVotes.merge(v.verdict(), 1, Integer::sum);
            } else {
                critic.add(v.verdict());
            }
        }
        boolean humanCritic = false;
        if (!critic.isEmpty() && !humanVotes.isEmpty()) {
            int top = humanVotes.values().stream().max(Integer::compare).orElse(0);
            Set<Verdict> majority = humanVotes.entrySet().stream().filter(e -> e.getValue() == top)
                    .map(Map.Entry::getKey).collect(Collectors.toSet());
            humanCritic = majority.size() > 1 || critic.size() > 1 || !majority.equals(critic);
        }
        return new Kinds(human.size() > 1, humanCritic);
    }

    /**
     * Folds every judgment not yet tallied into the tallies, in rounds of at most {@link #ROUND} judgments, each in a
     * transaction of its own (the caller's may be read-only); returns how many comparisons it recomputed. Waits for
     * a fold running elsewhere. For the background fold ({@code VoteTallyFolding} in the workbench) and for tools;
     * a page read calls {@link #catchUpRecent} instead.
     */
    public int catchUp() {
        int comparisons = 0;
        while (true) {
            Round r = foldRound();
            comparisons += r.comparisons();
            if (!r.full()) {
                return comparisons;
            }
        }
    }

    /** One round of {@link #catchUp}: folds up to {@link #ROUND} untallied judgments in one transaction. */
    public Round foldRound() {
        folding.lock();
        try {
            return round(round);
        } finally {
            folding.unlock();
        }
    }

    /**
     * What a page read calls before it reads the tallies: folds the judgments not yet tallied when there are at most
     * {@link #READ_FOLD_LIMIT} of them (the usual case: those written since the background fold's last round), so
     * that the read counts every judgment committed before it. A longer tail (the first start after an upgrade, a
     * bulk load) is left to the background fold, and the read sees the tallies as of its last round.
     *
     * @return how many judgments the tallies do not count yet, up to {@code READ_FOLD_LIMIT + 1} ("more than the
     *     limit"); 0 when they are current
     */
    public long catchUpRecent() {
        long pending = pending();
        if (pending == 0 || pending > readFoldLimit) {
            return pending;
        }
        boolean locked;
        try {
            // A background round holds the lock for a fraction of a second; a read does not queue behind a long one.
            locked = folding.tryLock(READ_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return pending;
        }
        if (!locked) {
            return pending();
        }
        try {
            round(readFoldLimit);
        } finally {
            folding.unlock();
        }
        return 0;
    }

    /** How many judgments are not tallied yet, counted up to {@code READ_FOLD_LIMIT + 1}. */
    public long pending() {
        Long n = jdbc.queryForObject("select count(*) from (select id from judgment where tallied = false"
                + " fetch first " + (readFoldLimit + 1) + " rows only) t", Long.class);
        return n == null ? 0 : n;
    }

    /**
     * A number that changes whenever the tallies do: each fold round adds one, as does removing a dataset
     * ({@code DatasetRemoval}). Figures computed from the tallies may be kept until it changes.
     */
    public long version() {
        Long v = jdbc.queryForObject("select version from vote_tally_lock where id = 1", Long.class);
        return v == null ? 0 : v;
    }

    /**
     * Folds up to {@code limit} untallied judgments (in comparison order: a round takes whole comparisons, but for
     * the last one it reaches) in one transaction under the lock row: recomputes each comparison they touch from all
     * its judgments, subtracts its old contribution to the pair tables and adds the new one, marks those judgments
     * tallied and adds one to the version. A comparison split across two rounds is recomputed by both, from all its
     * judgments each time, so the result does not depend on where a round ends.
     */
    private Round round(int limit) {
        if (jdbc.queryForList("select id from judgment where tallied = false fetch first 1 rows only", Long.class)
                .isEmpty()) {
            return new Round(0, 0, false); // the usual case: nothing new, and no lock taken
        }
        return transactions.execute(status -> {
            jdbc.queryForList("select id from vote_tally_lock where id = 1 for update", Integer.class);
            List<long[]> untallied = jdbc.query("select id, comparison_id from judgment where tallied = false"
                            + " order by comparison_id fetch first " + limit + " rows only",
                    (rs, n) -> new long[] {rs.getLong(1), rs.getLong(2)});
            if (untallied.isEmpty()) {
                return new Round(0, 0, false);
            }
            TreeSet<Long> comparisons = new TreeSet<>();
            untallied.forEach(row -> comparisons.add(row[1]));
            List<Long> ids = new ArrayList<>(comparisons);
            Deltas deltas = new Deltas();
            for (int from = 0; from < ids.size(); from += CHUNK) {
                recompute(ids.subList(from, Math.min(ids.size(), from + CHUNK)), deltas);
            }
            apply(deltas);
            // Only the judgments read above: one committed since stays untallied and is folded in by the next round.
            for (int from = 0; from < untallied.size(); from += CHUNK) {
                jdbc.update("update judgment set tallied = true where id in " + untallied.subList(from,
                        Math.min(untallied.size(), from + CHUNK)).stream().map(row -> String.valueOf(row[0]))
                        .collect(Collectors.joining(",", "(", ")")));
            }
            jdbc.update("update vote_tally_lock set version = version + 1 where id = 1");
            return new Round(untallied.size(), ids.size(), untallied.size() == limit);
        });
    }

    /** Pair and decision counts a set of comparisons contributes, as deltas to apply. */
    private static final class Deltas {
        final Map<List<Object>, Long> pairs = new HashMap<>();
        final Map<List<Object>, Long> decisions = new HashMap<>();
        final Map<List<Object>, Long> profiles = new HashMap<>();
        final Set<List<Object>> judges = new HashSet<>();

        void add(long dataset, Map<String, Vote> byJudge, String decision, long sign) {
            int[] human = humanCounts(byJudge.values());
            if (human[0] + human[1] + human[2] + human[3] > 0) {
                profiles.merge(List.of(dataset, human[0], human[1], human[2], human[3]), sign, Long::sum);
            }
            if (sign > 0) {
                byJudge.values().forEach(v -> judges.add(List.of(dataset, v.judgeId(), v.kind().name())));
            }
            List<Vote> humans = byJudge.values().stream().filter(v -> v.kind() == JudgeKind.HUMAN).toList();
            List<Vote> critics = byJudge.values().stream().filter(v -> v.kind() == JudgeKind.CRITIC).toList();
            for (int i = 0; i < humans.size(); i++) {
                for (int j = i + 1; j < humans.size(); j++) { // byJudge is sorted: judge1 < judge2
                    Vote a = humans.get(i);
                    Vote b = humans.get(j);
                    pairs.merge(List.of(dataset, a.judgeId(), b.judgeId(), a.verdict().name(), b.verdict().name(), false),
                            sign, Long::sum);
                }
            }
            for (Vote c : critics) {
                for (Vote h : humans) {
                    pairs.merge(List.of(dataset, h.judgeId(), c.judgeId(), h.verdict().name(), c.verdict().name(), true),
                            sign, Long::sum);
                }
                if (decision != null) {
                    decisions.merge(List.of(dataset, c.judgeId(), decision, c.verdict().name()), sign, Long::sum);
                }
            }
        }
    }

    /** Replaces the tallies of these comparisons and adds what changed in the pair, decision and profile counts. */
    private void recompute(List<Long> comparisonIds, Deltas deltas) {
        String in = comparisonIds.stream().map(String::valueOf).collect(Collectors.joining(",", "(", ")"));
        // The old contribution, from the stored current votes.
        Map<Long, String> oldDecision = new HashMap<>();
        jdbc.query("select comparison_id, decision from comparison_tally where comparison_id in " + in,
                rs -> { oldDecision.put(rs.getLong(1), rs.getString(2)); });
        Map<Long, Long> oldDataset = new HashMap<>();
        Map<Long, Map<String, Vote>> old = new LinkedHashMap<>();
        jdbc.query("select comparison_id, judge_id, judge_kind, verdict, dataset_id from current_vote"
                + " where comparison_id in " + in, rs -> {
                    long c = rs.getLong(1);
                    oldDataset.put(c, rs.getLong(5));
                    old.computeIfAbsent(c, k -> new TreeMap<>()).put(rs.getString(2), new Vote(c, rs.getString(2),
                            JudgeKind.valueOf(rs.getString(3)), Verdict.valueOf(rs.getString(4))));
                });
        old.forEach((c, votes) -> deltas.add(oldDataset.get(c), votes, oldDecision.get(c), -1));

        // The new state, from every judgment of these comparisons.
        Map<Long, Long> datasetOf = new HashMap<>();
        Map<Long, Set<Long>> supersession = new HashMap<>();
        Map<Long, List<Vote>> all = new LinkedHashMap<>();
        Map<Long, List<Long>> judgmentIds = new HashMap<>();
        jdbc.query("select j.comparison_id, j.id, j.supersedes_id, j.judge_id, j.judge_kind, j.verdict, i.dataset_id"
                + " from judgment j join comparison c on c.id = j.comparison_id join item i on i.id = c.item_id"
                + " where j.comparison_id in " + in + " order by j.comparison_id, j.id", rs -> {
                    long c = rs.getLong(1);
                    datasetOf.put(c, rs.getLong(7));
                    long supersedes = rs.getLong(3);
                    if (!rs.wasNull()) {
                        supersession.computeIfAbsent(c, k -> new HashSet<>()).add(supersedes);
                    }
                    all.computeIfAbsent(c, k -> new ArrayList<>()).add(new Vote(c, rs.getString(4),
                            JudgeKind.valueOf(rs.getString(5)), Verdict.valueOf(rs.getString(6))));
                    judgmentIds.computeIfAbsent(c, k -> new ArrayList<>()).add(rs.getLong(2));
                });
        List<Object[]> voteRows = new ArrayList<>();
        List<Object[]> tallyRows = new ArrayList<>();
        all.forEach((c, votes) -> {
            Set<Long> superseded = supersession.getOrDefault(c, Set.of());
            List<Long> jids = judgmentIds.get(c);
            List<Vote> current = new ArrayList<>();
            for (int k = 0; k < votes.size(); k++) {
                if (!superseded.contains(jids.get(k))) {
                    current.add(votes.get(k));
                }
            }
            if (current.isEmpty()) {
                return;
            }
            Map<String, Vote> byJudge = new TreeMap<>();
            current.forEach(v -> byJudge.put(v.judgeId(), v)); // in id order: the latest counts
            long dataset = datasetOf.get(c);
            String decision = decision(humanCounts(byJudge.values()));
            int[] human = humanCounts(byJudge.values());
            Kinds kinds = kinds(current);
            tallyRows.add(new Object[] {c, dataset, human[0], human[1], human[2], human[3], kinds.humanHuman(),
                    kinds.humanCritic(), kinds.any(), decision});
            byJudge.values().forEach(v -> voteRows.add(new Object[] {c, v.judgeId(), v.kind().name(), v.verdict().name(),
                    dataset}));
            deltas.add(dataset, byJudge, decision, 1);
        });
        jdbc.update("delete from current_vote where comparison_id in " + in);
        jdbc.update("delete from comparison_tally where comparison_id in " + in);
        jdbc.batchUpdate("insert into current_vote (comparison_id, judge_id, judge_kind, verdict, dataset_id)"
                + " values (?, ?, ?, ?, ?)", voteRows);
        jdbc.batchUpdate("insert into comparison_tally (comparison_id, dataset_id, human_a, human_b, human_tie,"
                + " human_both_bad, human_human, human_critic, disagreement, decision) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                tallyRows);
    }

    /** Adds the counts a fold changed, once per fold (a few thousand rows at most, however many comparisons). */
    private void apply(Deltas deltas) {
        apply("update vote_pair_tally set n = n + ? where dataset_id = ? and judge1 = ? and judge2 = ? and verdict1 = ?"
                        + " and verdict2 = ?",
                "insert into vote_pair_tally (n, dataset_id, judge1, judge2, verdict1, verdict2, critic)"
                        + " values (?, ?, ?, ?, ?, ?, ?)", deltas.pairs, 5);
        apply("update critic_decision_tally set n = n + ? where dataset_id = ? and critic = ? and decision = ?"
                        + " and verdict = ?",
                "insert into critic_decision_tally (n, dataset_id, critic, decision, verdict) values (?, ?, ?, ?, ?)",
                deltas.decisions, 4);
        apply("update vote_profile_tally set n = n + ? where dataset_id = ? and human_a = ? and human_b = ?"
                        + " and human_tie = ? and human_both_bad = ?",
                "insert into vote_profile_tally (n, dataset_id, human_a, human_b, human_tie, human_both_bad)"
                        + " values (?, ?, ?, ?, ?, ?)", deltas.profiles, 5);
        Set<List<Object>> known = new HashSet<>();
        jdbc.query("select dataset_id, judge_id, judge_kind from vote_judge", rs -> {
            known.add(List.of(rs.getLong(1), rs.getString(2), rs.getString(3)));
        });
        jdbc.batchUpdate("insert into vote_judge (dataset_id, judge_id, judge_kind) values (?, ?, ?)",
                deltas.judges.stream().filter(j -> !known.contains(j)).map(List::toArray).toList());
    }

    /** How many of the votes are human votes for A, B, TIE and BOTH_BAD. */
    private static int[] humanCounts(Collection<Vote> votes) {
        int[] human = new int[Verdict.values().length];
        votes.stream().filter(v -> v.kind() == JudgeKind.HUMAN).forEach(v -> human[v.verdict().ordinal()]++);
        return human;
    }

    /** A strict majority of the people for A or B, or null. */
    private static String decision(int[] human) {
        int total = human[0] + human[1] + human[2] + human[3];
        if (2 * human[Verdict.A.ordinal()] > total) {
            return Verdict.A.name();
        }
        return 2 * human[Verdict.B.ordinal()] > total ? Verdict.B.name() : null;
    }

    /** Adds each delta to its row ({@code keyColumns} key values first in the update), inserting rows not there yet. */
    private void apply(String update, String insert, Map<List<Object>, Long> deltas, int keyColumns) {
        List<Map.Entry<List<Object>, Long>> changes = deltas.entrySet().stream().filter(e -> e.getValue() != 0).toList();
        if (changes.isEmpty()) {
            return;
        }
        int[] updated = jdbc.batchUpdate(update, changes.stream().map(e -> {
            Object[] row = new Object[keyColumns + 1];
            row[0] = e.getValue();
            for (int k = 0; k < keyColumns; k++) {
                row[k + 1] = e.getKey().get(k);
            }
            return row;
        }).toList());
        List<Object[]> inserts = new ArrayList<>();
        for (int k = 0; k < changes.size(); k++) {
            if (updated[k] == 0) {
                List<Object> key = changes.get(k).getKey();
                Object[] row = new Object[key.size() + 1];
                row[0] = changes.get(k).getValue();
                for (int c = 0; c < key.size(); c++) {
                    row[c + 1] = key.get(c);
                }
                inserts.add(row);
            }
        }
        jdbc.batchUpdate(insert, inserts);
    }
}
