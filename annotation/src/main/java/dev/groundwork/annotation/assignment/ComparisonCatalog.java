package dev.groundwork.annotation.assignment;

import dev.groundwork.storage.dataset.Dataset;
import dev.groundwork.storage.dataset.DatasetNotFoundException;
import dev.groundwork.storage.dataset.DatasetRepository;
import dev.groundwork.storage.dataset.Response;
import dev.groundwork.storage.judgment.Comparison;
import dev.groundwork.storage.judgment.ComparisonRepository;
import dev.groundwork.storage.judgment.JudgmentRepository;
import dev.groundwork.storage.judgment.ResolutionRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A dataset's comparisons, read-only, with how far they are judged: the current judgments (a corrected verdict counts
 * once, as its correction) and whether a reviewer resolved them.
 */
@Service
public class ComparisonCatalog {

    /** One side of a comparison: the answer's position on its item, its model and checkpoint. */
    public record Side(long responseId, int position, String model, Optional<String> checkpoint) {
        static Side of(Response r) {
            return new Side(r.getId(), r.getPosition(), r.getModelName(), Optional.ofNullable(r.getCheckpoint()));
        }
    }

    /** One comparison and its state. */
    public record Row(long id, int itemPosition, Side answerA, Side answerB, long judgments, boolean resolved,
            Instant createdAt) {}

    /** Which comparisons: judged or not (empty: both), one model on either side (empty: any). */
    public record Filter(Optional<Boolean> judged, Optional<String> model) {}

    /** Comparisons read per query while filtering a page. */
    private static final int BATCH = 500;

    private final DatasetRepository datasets;
    private final ComparisonRepository comparisons;
    private final JudgmentRepository judgments;
    private final ResolutionRepository resolutions;

    public ComparisonCatalog(DatasetRepository datasets, ComparisonRepository comparisons, JudgmentRepository judgments,
            ResolutionRepository resolutions) {
        this.datasets = datasets;
        this.comparisons = comparisons;
        this.judgments = judgments;
        this.resolutions = resolutions;
    }

    /**
     * Up to {@code limit} of a dataset's comparisons after id {@code afterId} that pass the filter, by id. A
     * comparison is judged when it has a current judgment or a reviewer's resolution.
     *
     * @throws DatasetNotFoundException when no dataset has that name
     */
    @Transactional(readOnly = true)
    public List<Row> after(String datasetName, long afterId, Filter filter, int limit) {
        Dataset dataset = datasets.findByName(datasetName).orElseThrow(() -> new DatasetNotFoundException(datasetName));
        List<Row> rows = new ArrayList<>();
        long after = afterId;
        while (rows.size() < limit) {
            List<Comparison> batch = comparisons.findByDatasetAfter(dataset, after, PageRequest.ofSize(BATCH));
            if (batch.isEmpty()) {
                break;
            }
            List<Long> ids = batch.stream().map(Comparison::getId).toList();
            Map<Long, Long> counts = new HashMap<>();
            judgments.countCurrentByComparisons(ids).forEach(c -> counts.put(c.getComparisonId(), c.getJudgments()));
            Set<Long> resolved = new HashSet<>(resolutions.findResolvedAmong(ids));
            for (Comparison c : batch) {
                Row row = new Row(c.getId(), c.getItem().getPosition(), Side.of(c.getResponseA()), Side.of(c.getResponseB()),
                        counts.getOrDefault(c.getId(), 0L), resolved.contains(c.getId()), c.getCreatedAt());
                if (passes(row, filter) && rows.size() < limit) {
                    rows.add(row);
                }
            }
            after = ids.get(ids.size() - 1);
        }
        return rows;
    }

    private static boolean passes(Row row, Filter filter) {
        boolean judged = row.judgments() > 0 || row.resolved();
        return filter.judged().map(j -> j == judged).orElse(true)
                && filter.model().map(m -> m.equals(row.answerA().model()) || m.equals(row.answerB().model())).orElse(true);
    }
}
