package dev.groundwork.annotation.support;

import dev.groundwork.annotation.assignment.AssignmentService;
import dev.groundwork.annotation.assignment.ComparisonService;
import dev.groundwork.annotation.assignment.PairingMode;
import dev.groundwork.annotation.judgment.JudgmentService;
import dev.groundwork.annotation.judgment.RecordJudgment;
import dev.groundwork.annotation.judgment.RecordedJudgment;
import dev.groundwork.storage.dataset.DatasetImporter;
import dev.groundwork.storage.dataset.DatasetRepository;
import dev.groundwork.storage.judgment.Comparison;
import dev.groundwork.storage.judgment.ComparisonRepository;
import dev.groundwork.storage.judgment.JudgeKind;
import dev.groundwork.storage.judgment.Verdict;
import dev.groundwork.storage.world.World;
import dev.groundwork.storage.world.WorldConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationContext;

/**
 * A small synthetic dataset whose every comparison is assigned to all the given annotators, so that
 * a test can record exactly the verdicts it wants: {@code human(2, "ann-1", Verdict.A)} records
 * ann-1's verdict A on the dataset's third comparison.
 */
public final class JudgedDataset {

    private final JudgmentService judgments;
    private final String name;
    private final List<Long> comparisonIds;
    /** The latest judgment id per "index judge". */
    private final Map<String, Long> latest = new HashMap<>();

    private JudgedDataset(JudgmentService judgments, String name, List<Long> comparisonIds) {
        this.judgments = judgments;
        this.name = name;
        this.comparisonIds = comparisonIds;
    }

    /** The beans the fixture needs, as a test autowires them. */
    public record Services(DatasetImporter importer, DatasetRepository datasets, ComparisonService comparisonService,
            ComparisonRepository comparisons, AssignmentService assignments, JudgmentService judgments) {

        public static Services of(ApplicationContext context) {
            return new Services(context.getBean(DatasetImporter.class), context.getBean(DatasetRepository.class),
                    context.getBean(ComparisonService.class), context.getBean(ComparisonRepository.class),
                    context.getBean(AssignmentService.class), context.getBean(JudgmentService.class));
        }
    }

    /**
     * Imports a synthetic world of {@code scenes} scenes as {@code name} under {@code dir}, creates
     * its comparisons and assigns each to every annotator (registered under their subject).
     */
    public static JudgedDataset create(Services s, Path dir, String name, int scenes, List<String> annotators) throws Exception {
        World.generate(WorldConfig.defaults(scenes, 5)).writeDataset(dir, name);
        s.importer().importDataset(dir, Optional.empty(), "test");
        s.comparisonService().createForDataset(name, PairingMode.FIRST_VS_REST, 1, "test");
        for (String a : annotators) {
            s.assignments().ensureAnnotator(a, "Name of " + a, "annotator");
        }
        s.assignments().assign(name, annotators, annotators.size(), 7, "test");
        List<Long> ids = s.comparisons().findByDataset(s.datasets().findByName(name).orElseThrow()).stream()
                .map(Comparison::getId).sorted().toList();
        return new JudgedDataset(s.judgments(), name, ids);
    }

    public String name() {
        return name;
    }

    /** The id of the dataset's {@code index}-th comparison, in id order. */
    public long comparison(int index) {
        return comparisonIds.get(index);
    }

    public int size() {
        return comparisonIds.size();
    }

    public JudgedDataset human(int index, String annotator, Verdict verdict) {
        return record(index, JudgeKind.HUMAN, annotator, verdict);
    }

    public JudgedDataset critic(int index, String critic, Verdict verdict) {
        return record(index, JudgeKind.CRITIC, critic, verdict);
    }

    private JudgedDataset record(int index, JudgeKind kind, String judge, Verdict verdict) {
        long id = comparison(index);
        RecordedJudgment r = judgments.record(new RecordJudgment(id, kind, judge, verdict, 1, List.of(), judge + " on " + id,
                1500L, name + ":" + kind + ":" + judge + ":" + id));
        latest.put(index + " " + judge, r.judgmentId());
        return this;
    }

    /** The judge corrects their latest verdict on the {@code index}-th comparison to {@code verdict}. */
    public JudgedDataset correct(int index, String judge, Verdict verdict) {
        Long earlier = latest.get(index + " " + judge);
        if (earlier == null) {
            throw new IllegalStateException(judge + " has not judged comparison " + index + " yet");
        }
        RecordedJudgment r = judgments.correct(earlier, judge, verdict, 1, name + ":correct:" + earlier);
        latest.put(index + " " + judge, r.judgmentId());
        return this;
    }
}
