package dev.groundwork.annotation.agreement;

import dev.groundwork.storage.dataset.Dataset;
import dev.groundwork.storage.dataset.DatasetNotFoundException;
import dev.groundwork.storage.dataset.DatasetRepository;
import dev.groundwork.storage.judgment.JudgeKind;
import dev.groundwork.storage.judgment.VoteTallies;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Agreement on a dataset's verdicts (A, B, TIE, BOTH_BAD as nominal categories): Krippendorff's α
 * over all human judges with missing data; Fleiss' κ over the comparisons that have the most
 * common number of human ratings; Cohen's κ for every pair of judges (humans, and each human
 * against the critic) over the comparisons both judged; and, per human judge and critic, how often
 * their verdicts are equal. A corrected judgment does not count; its correction is the judge's verdict.
 */
@Service
public class AgreementService {

    /** Cohen's κ of two judges. */
    public record PairAgreement(String judge1, String judge2, OptionalDouble kappa, int comparisons) {}

    /** The agreement figures of a dataset. */
    public record Report(String dataset, int comparisons, int humanJudges, OptionalDouble krippendorffAlpha,
            OptionalDouble fleissKappa, int fleissComparisons, List<PairAgreement> pairs) {}

    /**
     * How often a human judge and a critic gave the same verdict: {@code agreed} of the
     * {@code comparisons} both judged.
     */
    public record CriticAgreement(String annotator, String critic, int agreed, int comparisons) {
        public CriticAgreement {
            if (agreed < 0 || agreed > comparisons) {
                throw new IllegalArgumentException("agreed must lie in [0, " + comparisons + "], got " + agreed);
            }
        }

        /** {@code agreed / comparisons}; empty when the two share no comparison. */
        public OptionalDouble fraction() {
            return comparisons == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) agreed / comparisons);
        }
    }

    /**
     * One critic against people's decisions: on the {@code decided} comparisons (those where a strict majority of the
     * human verdicts prefers A or B), the critic gave the same verdict {@code agreed} times; {@code kappa} is Cohen's
     * κ between the critic's verdict and the people's decision on them.
     */
    public record CriticSummary(String critic, int decided, int agreed, OptionalDouble kappa) {
        /** {@code agreed / decided}; empty when people decided none of the critic's comparisons. */
        public OptionalDouble accuracy() {
            return decided == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) agreed / decided);
        }
    }

    /** Datasets whose figures are kept ({@link #figures}). */
    private static final int CACHED_DATASETS = 16;

    private final DatasetRepository datasets;
    private final JdbcTemplate jdbc;
    private final VoteTallies tallies;

    /** A dataset's three results, computed from one read of its tallies. */
    private record Figures(Report report, List<CriticAgreement> withCritic, List<CriticSummary> perCritic) {}

    /** Figures computed at a tally version ({@link VoteTallies#version}). */
    private record Kept(long version, Figures figures) {}

    /** Per dataset id and name: its figures as of a tally version, the most recently used first to stay. */
    private final Map<List<Object>, Kept> kept = new LinkedHashMap<>(CACHED_DATASETS, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<List<Object>, Kept> eldest) {
            return size() > CACHED_DATASETS;
        }
    };

    public AgreementService(DatasetRepository datasets, JdbcTemplate jdbc, VoteTallies tallies) {
        this.datasets = datasets;
        this.jdbc = jdbc;
        this.tallies = tallies;
    }

    /** How often judge1 said verdict1 while judge2 said verdict2 on one comparison, by verdict pair. */
    private record Confusion(Map<List<String>, Long> counts) {
        long shared() {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }

        long agreed() {
            return counts.entrySet().stream().filter(e -> e.getKey().get(0).equals(e.getKey().get(1)))
                    .mapToLong(Map.Entry::getValue).sum();
        }

        /** Cohen's kappa over the pairs these counts stand for. */
        OptionalDouble kappa() {
            return shared() == 0 ? OptionalDouble.empty() : safe(() -> CohenKappa.ofTable(counts).kappa());
        }
    }

    /** The tallies of a dataset: its judges and their verdict pairs (human pairs, and human with critic). */
    private record Tallies(long datasetId, TreeSet<String> humans, TreeSet<String> critics,
            Map<List<String>, Confusion> pairs) {
        Confusion pair(String judge1, String judge2) {
            return pairs.getOrDefault(List.of(judge1, judge2), new Confusion(Map.of()));
        }
    }

    /**
     * A dataset's figures, computed again only when the tallies changed since they were last computed (the
     * version is read before the tallies, so figures kept under it are never older than it). The judgments
     * written since the last fold are folded in first when they are few ({@link VoteTallies#catchUpRecent}).
     */
    private Figures figures(String datasetName) {
        Dataset dataset = datasets.findByName(datasetName).orElseThrow(() -> new DatasetNotFoundException(datasetName));
        tallies.catchUpRecent();
        long version = tallies.version();
        List<Object> key = List.of(dataset.getId(), datasetName);
        Kept k;
        synchronized (kept) {
            k = kept.get(key);
        }
        if (k != null && k.version() == version) {
            return k.figures();
        }
        Tallies t = tallies(dataset);
        Figures f = new Figures(report(datasetName, t), List.copyOf(criticAgreement(t)), List.copyOf(criticSummary(t)));
        synchronized (kept) {
            kept.put(key, new Kept(version, f));
        }
        return f;
    }

    private Tallies tallies(Dataset dataset) {
        TreeSet<String> humans = new TreeSet<>();
        TreeSet<String> critics = new TreeSet<>();
        jdbc.query("select judge_id, judge_kind from vote_judge where dataset_id = ?", rs -> {
            (JudgeKind.valueOf(rs.getString(2)) == JudgeKind.HUMAN ? humans : critics).add(rs.getString(1));
        }, dataset.getId());
        Map<List<String>, Confusion> pairs = new HashMap<>();
        jdbc.query("select judge1, judge2, verdict1, verdict2, n from vote_pair_tally where dataset_id = ? and n > 0",
                rs -> {
                    pairs.computeIfAbsent(List.of(rs.getString(1), rs.getString(2)), k -> new Confusion(new HashMap<>()))
                            .counts().put(List.of(rs.getString(3), rs.getString(4)), rs.getLong(5));
                }, dataset.getId());
        return new Tallies(dataset.getId(), humans, critics, pairs);
    }

    @Transactional(readOnly = true)
    public Report forDataset(String datasetName) {
        return figures(datasetName).report();
    }

    private Report report(String datasetName, Tallies t) {
        TreeSet<String> judges = t.humans();
        // Each comparison with a human vote, as its counts of A, B, TIE and BOTH_BAD, with how many share them.
        Map<List<Integer>, Long> profiles = new LinkedHashMap<>();
        jdbc.query("select human_a, human_b, human_tie, human_both_bad, n from vote_profile_tally"
                + " where dataset_id = ? and n > 0 order by human_a, human_b, human_tie, human_both_bad", rs -> {
                    profiles.put(List.of(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getInt(4)), rs.getLong(5));
                }, t.datasetId());
        int units = Math.toIntExact(profiles.values().stream().mapToLong(Long::longValue).sum());

        OptionalDouble alpha = OptionalDouble.empty();
        if (judges.size() >= 2 && units > 0) {
            // Alpha depends on each unit's counts per category only, not on who gave them.
            List<int[]> unitCounts = new ArrayList<>(units);
            profiles.forEach((profile, n) -> {
                int[] counts = counts(profile);
                for (long u = 0; u < n; u++) {
                    unitCounts.add(counts);
                }
            });
            alpha = safe(() -> KrippendorffAlpha.nominalFromCounts(unitCounts).alpha());
        }

        Map<Integer, Long> sizes = new TreeMap<>();
        profiles.forEach((profile, n) -> sizes.merge(size(profile), n, Long::sum));
        int k = sizes.entrySet().stream().filter(e -> e.getKey() >= 2).max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey).orElse(0);
        List<int[]> fleissRows = new ArrayList<>();
        profiles.forEach((profile, n) -> {
            if (size(profile) == k) {
                int[] counts = counts(profile);
                for (long u = 0; u < n; u++) {
                    fleissRows.add(counts);
                }
            }
        });
        OptionalDouble fleiss = fleissRows.isEmpty() ? OptionalDouble.empty()
                : safe(() -> FleissKappa.of(fleissRows.toArray(int[][]::new)).kappa());

        List<PairAgreement> pairs = new ArrayList<>();
        List<String> list = new ArrayList<>(judges);
        for (int i = 0; i < list.size(); i++) {
            for (int j = i + 1; j < list.size(); j++) {
                pairs.add(cohen(list.get(i), list.get(j), t.pair(list.get(i), list.get(j))));
            }
        }
        for (String critic : t.critics()) {
            for (String human : list) {
                pairs.add(cohen(human, critic, t.pair(human, critic)));
            }
        }
        return new Report(datasetName, units, judges.size(), alpha, fleiss, fleissRows.size(), List.copyOf(pairs));
    }

    private static int size(List<Integer> profile) {
        return profile.stream().mapToInt(Integer::intValue).sum();
    }

    /** A profile's counts of A, B, TIE and BOTH_BAD as an array. */
    private static int[] counts(List<Integer> profile) {
        return profile.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * For every human judge and every critic of the dataset (humans in id order within each critic,
     * critics in id order): on how many of the comparisons both judged their verdicts are equal.
     */
    @Transactional(readOnly = true)
    public List<CriticAgreement> criticAgreement(String datasetName) {
        return figures(datasetName).withCritic();
    }

    private static List<CriticAgreement> criticAgreement(Tallies t) {
        List<CriticAgreement> out = new ArrayList<>();
        for (String critic : t.critics()) {
            for (String human : t.humans()) {
                Confusion c = t.pair(human, critic);
                out.add(new CriticAgreement(human, critic, Math.toIntExact(c.agreed()), Math.toIntExact(c.shared())));
            }
        }
        return out;
    }

    /** Per critic of the dataset (in id order): its accuracy and κ against people's decided comparisons. */
    @Transactional(readOnly = true)
    public List<CriticSummary> criticSummary(String datasetName) {
        return figures(datasetName).perCritic();
    }

    private List<CriticSummary> criticSummary(Tallies t) {
        Map<String, Confusion> byCritic = new TreeMap<>();
        t.critics().forEach(critic -> byCritic.put(critic, new Confusion(new HashMap<>())));
        jdbc.query("select critic, decision, verdict, n from critic_decision_tally where dataset_id = ? and n > 0",
                rs -> {
                    byCritic.computeIfAbsent(rs.getString(1), k -> new Confusion(new HashMap<>())).counts()
                            .put(List.of(rs.getString(2), rs.getString(3)), rs.getLong(4));
                }, t.datasetId());
        List<CriticSummary> out = new ArrayList<>();
        byCritic.forEach((critic, c) -> out.add(new CriticSummary(critic, Math.toIntExact(c.shared()),
                Math.toIntExact(c.agreed()), c.kappa())));
        return out;
    }

    private static PairAgreement cohen(String a, String b, Confusion confusion) {
        return new PairAgreement(a, b, confusion.kappa(), Math.toIntExact(confusion.shared()));
    }

    private static OptionalDouble safe(java.util.function.Supplier<OptionalDouble> f) {
        try {
            return f.get();
        } catch (IllegalArgumentException notEnoughData) {
            return OptionalDouble.empty();
        }
    }
}
