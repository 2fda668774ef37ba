package dev.groundwork.annotation.simulate;

import dev.groundwork.annotation.judgment.RecordJudgment;
import dev.groundwork.storage.dataset.Dataset;
import dev.groundwork.storage.dataset.DatasetNotFoundException;
import dev.groundwork.storage.dataset.DatasetRepository;
import dev.groundwork.storage.dataset.Response;
import dev.groundwork.storage.judgment.Assignment;
import dev.groundwork.storage.judgment.AssignmentRepository;
import dev.groundwork.storage.judgment.Comparison;
import dev.groundwork.storage.judgment.ComparisonRepository;
import dev.groundwork.storage.judgment.JudgeKind;
import dev.groundwork.storage.judgment.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Simulated judges for datasets whose responses carry known hallucinations (the synthetic world):
 * each judge prefers the response without a hallucination with probability {@code accuracy} and
 * otherwise answers at random, and tags the hallucinated response with its type. Used for demo
 * data, benchmarks and delivery tests; seeded, so the same call gives the same commands.
 */
@Service
public class JudgmentSimulator {

    private final DatasetRepository datasets;
    private final ComparisonRepository comparisons;
    private final AssignmentRepository assignments;

    public JudgmentSimulator(DatasetRepository datasets, ComparisonRepository comparisons, AssignmentRepository assignments) {
        this.datasets = datasets;
        this.comparisons = comparisons;
        this.assignments = assignments;
    }

    /** One judgment per open assignment of the dataset, by its annotator. */
    @Transactional(readOnly = true)
    public List<RecordJudgment> humans(String datasetName, double accuracy, long seed) {
        Dataset dataset = dataset(datasetName);
        List<RecordJudgment> out = new ArrayList<>();
        for (Assignment a : assignments.findByDataset(dataset)) {
            if (a.getCompletedAt().isEmpty()) {
                out.add(judge(a.getComparison(), JudgeKind.HUMAN, a.getAnnotator().getSubject(), accuracy, seed));
            }
        }
        return out;
    }

    /** One critic judgment per comparison of the dataset. */
    @Transactional(readOnly = true)
    public List<RecordJudgment> critic(String datasetName, String criticId, double accuracy, long seed) {
        return comparisons.findByDataset(dataset(datasetName)).stream()
                .map(c -> judge(c, JudgeKind.CRITIC, criticId, accuracy, seed)).toList();
    }

    private Dataset dataset(String name) {
        return datasets.findByName(name).orElseThrow(() -> new DatasetNotFoundException(name));
    }

    private static RecordJudgment judge(Comparison c, JudgeKind kind, String judge, double accuracy, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ (c.getId() * 0x9E3779B97F4A7C15L) ^ judge.hashCode());
        Response a = c.getResponseA();
        Response b = c.getResponseB();
        boolean aBad = a.getHallucinationType() != null;
        boolean bBad = b.getHallucinationType() != null;
        Verdict truth = aBad && bBad ? Verdict.BOTH_BAD : aBad ? Verdict.B : bBad ? Verdict.A : Verdict.TIE;
        Verdict verdict = random.nextDouble() < accuracy ? truth : Verdict.values()[random.nextInt(Verdict.values().length)];
        List<RecordJudgment.TagInput> tags = new ArrayList<>();
        for (Response r : List.of(a, b)) {
            if (r.getHallucinationType() != null && random.nextDouble() < accuracy) {
                tags.add(new RecordJudgment.TagInput(r.getId(), r.getHallucinationType(), null, null));
            }
        }
        String key = "sim:" + kind + ":" + judge + ":" + c.getId();
        return new RecordJudgment(c.getId(), kind, judge, verdict, random.nextInt(4) == 0 ? 2 : 1, tags,
                "simulated " + kind.name().toLowerCase(), 1000L + random.nextInt(9000), key);
    }
}
