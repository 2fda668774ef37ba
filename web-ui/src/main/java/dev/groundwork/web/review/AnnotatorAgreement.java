package dev.groundwork.web.review;

import dev.groundwork.annotation.agreement.AgreementService.CriticAgreement;
import dev.groundwork.annotation.agreement.AgreementService.PairAgreement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Agreement per human judge, from a dataset's pairwise figures.
 *
 * <p>Mean κ of judge {@code i}, weighted by shared comparisons, over the pairs with another human
 * whose κ is defined: {@code κ̄_i = Σ_j n_ij κ_ij / Σ_j n_ij}. Pairs with a critic do not count
 * (they are known by the critic ids of {@code criticAgreement}).
 *
 * <p>Agreement with the critic: {@code Σ_c agreed_ic / Σ_c n_ic} over the critics {@code c}, the
 * fraction of shared comparisons on which the critic gave the judge's verdict.
 */
record AnnotatorAgreement(String annotator, OptionalDouble meanKappa, int pairs, int sharedComparisons,
        OptionalDouble criticAgreement, int criticComparisons) {

    AnnotatorAgreement {
        Objects.requireNonNull(annotator, "annotator");
        Objects.requireNonNull(meanKappa, "meanKappa");
        Objects.requireNonNull(criticAgreement, "criticAgreement");
    }

    /** One row per human judge, in judge id order. */
    static List<AnnotatorAgreement> of(List<PairAgreement> pairs, List<CriticAgreement> criticAgreement) {
        Set<String> critics = criticAgreement.stream().map(CriticAgreement::critic).collect(Collectors.toSet());
        Map<String, double[]> kappa = new TreeMap<>(); // judge -> {Σ n κ, Σ n, pairs}
        for (PairAgreement p : pairs) {
            if (critics.contains(p.judge1()) || critics.contains(p.judge2())) {
                continue;
            }
            for (String judge : List.of(p.judge1(), p.judge2())) {
                double[] sums = kappa.computeIfAbsent(judge, k -> new double[3]);
                if (p.kappa().isPresent() && p.comparisons() > 0) {
                    sums[0] += p.comparisons() * p.kappa().getAsDouble();
                    sums[1] += p.comparisons();
                    sums[2] += 1;
                }
            }
        }
        Map<String, int[]> critic = new TreeMap<>(); // judge -> {Σ agreed, Σ n}
        for (CriticAgreement c : criticAgreement) {
            int[] sums = critic.computeIfAbsent(c.annotator(), k -> new int[2]);
            sums[0] += c.agreed();
            sums[1] += c.comparisons();
        }
        TreeMap<String, Boolean> judges = new TreeMap<>();
        kappa.keySet().forEach(j -> judges.put(j, true));
        critic.keySet().forEach(j -> judges.put(j, true));
        List<AnnotatorAgreement> out = new ArrayList<>();
        for (String judge : judges.keySet()) {
            double[] k = kappa.getOrDefault(judge, new double[3]);
            int[] c = critic.getOrDefault(judge, new int[2]);
            out.add(new AnnotatorAgreement(judge,
                    k[1] > 0 ? OptionalDouble.of(k[0] / k[1]) : OptionalDouble.empty(), (int) k[2], (int) k[1],
                    c[1] > 0 ? OptionalDouble.of((double) c[0] / c[1]) : OptionalDouble.empty(), c[1]));
        }
        return out;
    }
}
