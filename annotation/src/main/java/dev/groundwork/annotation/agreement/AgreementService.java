package dev.groundwork.annotation.agreement;

import dev.groundwork.storage.dataset.Dataset;
import dev.groundwork.storage.dataset.DatasetNotFoundException;
import dev.groundwork.storage.dataset.DatasetRepository;
import dev.groundwork.storage.judgment.JudgeKind;
import dev.groundwork.storage.judgment.Judgment;
import dev.groundwork.storage.judgment.JudgmentRepository;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
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

    /** Verdict names by comparison id and judge id, humans and critics apart. */
    private record Verdicts(Map<Long, Map<String, String>> humans, Map<Long, Map<String, String>> critics) {
        TreeSet<String> humanJudges() {
            TreeSet<String> ids = new TreeSet<>();
            humans.values().forEach(m -> ids.addAll(m.keySet()));
            return ids;
        }

        TreeSet<String> criticJudges() {
            TreeSet<String> ids = new TreeSet<>();
            critics.values().forEach(m -> ids.addAll(m.keySet()));
            return ids;
        }
    }

    private final DatasetRepository datasets;
    private final JudgmentRepository judgments;

    public AgreementService(DatasetRepository datasets, JudgmentRepository judgments) {
        this.datasets = datasets;
        this.judgments = judgments;
    }

    @Transactional(readOnly = true)
    public Report forDataset(String datasetName) {
        Verdicts verdicts = verdicts(datasetName);
        Map<Long, Map<String, String>> humans = verdicts.humans();
        Map<Long, Map<String, String>> critics = verdicts.critics();
        TreeSet<String> judges = verdicts.humanJudges();
        List<Long> units = new ArrayList<>(humans.keySet());

        OptionalDouble alpha = OptionalDouble.empty();
        if (judges.size() >= 2 && !units.isEmpty()) {
            List<List<String>> byRater = new ArrayList<>();
            for (String judge : judges) {
                byRater.add(units.stream().map(u -> humans.get(u).get(judge)).toList());
            }
            alpha = safe(() -> KrippendorffAlpha.nominal(byRater).alpha());
        }

        Map<Integer, Integer> sizes = new TreeMap<>();
        humans.values().forEach(m -> sizes.merge(m.size(), 1, Integer::sum));
        int k = sizes.entrySet().stream().filter(e -> e.getKey() >= 2).max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(0);
        List<List<String>> fleissRows = humans.values().stream().filter(m -> m.size() == k).map(m -> List.copyOf(m.values())).toList();
        OptionalDouble fleiss = fleissRows.isEmpty() ? OptionalDouble.empty() : safe(() -> FleissKappa.ofRatings(fleissRows).kappa());

        List<PairAgreement> pairs = new ArrayList<>();
        List<String> list = new ArrayList<>(judges);
        for (int i = 0; i < list.size(); i++) {
            for (int j = i + 1; j < list.size(); j++) {
                pairs.add(cohen(list.get(i), list.get(j), humans, humans));
            }
        }
        for (String critic : verdicts.criticJudges()) {
            for (String human : list) {
                pairs.add(cohen(human, critic, humans, critics));
            }
        }
        return new Report(datasetName, units.size(), judges.size(), alpha, fleiss, fleissRows.size(), pairs);
    }

    /**
     * For every human judge and every critic of the dataset (humans in id order within each critic,
     * critics in id order): on how many of the comparisons both judged their verdicts are equal.
     */
    @Transactional(readOnly = true)
    public List<CriticAgreement> criticAgreement(String datasetName) {
        Verdicts verdicts = verdicts(datasetName);
        List<CriticAgreement> out = new ArrayList<>();
        for (String critic : verdicts.criticJudges()) {
            for (String human : verdicts.humanJudges()) {
                int agreed = 0;
                int shared = 0;
                for (var e : verdicts.humans().entrySet()) {
                    String h = e.getValue().get(human);
                    String c = verdicts.critics().getOrDefault(e.getKey(), Map.of()).get(critic);
                    if (h != null && c != null) {
                        shared++;
                        if (h.equals(c)) {
                            agreed++;
                        }
                    }
                }
                out.add(new CriticAgreement(human, critic, agreed, shared));
            }
        }
        return out;
    }

    /** Per critic of the dataset (in id order): its accuracy and κ against people's decided comparisons. */
    @Transactional(readOnly = true)
    public List<CriticSummary> criticSummary(String datasetName) {
        Verdicts verdicts = verdicts(datasetName);
        Map<Long, String> decisions = new LinkedHashMap<>();
        verdicts.humans().forEach((comparison, byJudge) -> majority(byJudge.values())
                .filter(v -> v.equals("A") || v.equals("B")).ifPresent(v -> decisions.put(comparison, v)));
        List<CriticSummary> out = new ArrayList<>();
        for (String critic : verdicts.criticJudges()) {
            List<String> people = new ArrayList<>();
            List<String> judge = new ArrayList<>();
            decisions.forEach((comparison, decision) -> {
                String v = verdicts.critics().getOrDefault(comparison, Map.of()).get(critic);
                if (v != null) {
                    people.add(decision);
                    judge.add(v);
                }
            });
            int agreed = 0;
            for (int i = 0; i < people.size(); i++) {
                agreed += people.get(i).equals(judge.get(i)) ? 1 : 0;
            }
            OptionalDouble kappa = people.isEmpty() ? OptionalDouble.empty() : safe(() -> CohenKappa.of(people, judge).kappa());
            out.add(new CriticSummary(critic, people.size(), agreed, kappa));
        }
        return out;
    }

    /** The verdict more than half of {@code votes} give, if any. */
    private static java.util.Optional<String> majority(java.util.Collection<String> votes) {
        Map<String, Integer> counts = new TreeMap<>();
        votes.forEach(v -> counts.merge(v, 1, Integer::sum));
        return counts.entrySet().stream().filter(e -> 2 * e.getValue() > votes.size()).map(Map.Entry::getKey).findFirst();
    }

    private Verdicts verdicts(String datasetName) {
        Dataset dataset = datasets.findByName(datasetName).orElseThrow(() -> new DatasetNotFoundException(datasetName));
        Map<Long, Map<String, String>> humans = new LinkedHashMap<>();
        Map<Long, Map<String, String>> critics = new LinkedHashMap<>();
        List<Judgment> all = judgments.findByDataset(dataset);
        Set<Long> superseded = new HashSet<>();
        all.forEach(j -> j.getSupersedesId().ifPresent(superseded::add));
        for (Judgment j : all) {
            if (superseded.contains(j.getId())) {
                continue; // corrected: the correction is the judge's verdict
            }
            var target = j.getJudgeKind() == JudgeKind.HUMAN ? humans : critics;
            target.computeIfAbsent(j.getComparison().getId(), k -> new TreeMap<>()).put(j.getJudgeId(), j.getVerdict().name());
        }
        return new Verdicts(humans, critics);
    }

    private static PairAgreement cohen(String a, String b, Map<Long, Map<String, String>> left, Map<Long, Map<String, String>> right) {
        List<String> r1 = new ArrayList<>();
        List<String> r2 = new ArrayList<>();
        for (var e : left.entrySet()) {
            String v1 = e.getValue().get(a);
            String v2 = right.getOrDefault(e.getKey(), Map.of()).get(b);
            if (v1 != null && v2 != null) {
                r1.add(v1);
                r2.add(v2);
            }
        }
        OptionalDouble kappa = r1.isEmpty() ? OptionalDouble.empty() : safe(() -> CohenKappa.of(r1, r2).kappa());
        return new PairAgreement(a, b, kappa, r1.size());
    }

    private static OptionalDouble safe(java.util.function.Supplier<OptionalDouble> f) {
        try {
            return f.get();
        } catch (IllegalArgumentException notEnoughData) {
            return OptionalDouble.empty();
        }
    }
}
