package dev.groundwork.annotation.assignment;

import dev.groundwork.storage.audit.AuditTrail;
import dev.groundwork.storage.dataset.Dataset;
import dev.groundwork.storage.dataset.DatasetNotFoundException;
import dev.groundwork.storage.dataset.DatasetRepository;
import dev.groundwork.storage.dataset.Item;
import dev.groundwork.storage.dataset.Response;
import dev.groundwork.storage.dataset.ResponseRepository;
import dev.groundwork.storage.judgment.Comparison;
import dev.groundwork.storage.judgment.ComparisonRepository;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates comparisons from the responses of a dataset's items. Idempotent: pairs that already
 * exist are skipped. The stored order (A, B) follows response position; which one is shown on the
 * left is randomised with a seed per comparison and recorded.
 */
@Service
public class ComparisonService {

    private final DatasetRepository datasets;
    private final ResponseRepository responses;
    private final ComparisonRepository comparisons;
    private final AuditTrail audit;
    private final Clock clock;

    public ComparisonService(DatasetRepository datasets, ResponseRepository responses, ComparisonRepository comparisons,
            AuditTrail audit, Clock clock) {
        this.datasets = datasets;
        this.responses = responses;
        this.comparisons = comparisons;
        this.audit = audit;
        this.clock = clock;
    }

    /** @return the number of comparisons created */
    @Transactional
    public int createForDataset(String datasetName, PairingMode mode, long seed, String actor) {
        Dataset dataset = datasets.findByName(datasetName).orElseThrow(() -> new DatasetNotFoundException(datasetName));
        Set<String> existing = new HashSet<>();
        for (Comparison c : comparisons.findByDataset(dataset)) {
            existing.add(c.getResponseA().getId() + ":" + c.getResponseB().getId());
        }
        Map<Long, List<Response>> byItem = new LinkedHashMap<>();
        Map<Long, Item> items = new LinkedHashMap<>();
        for (Response r : responses.findAllOfDataset(dataset)) {
            byItem.computeIfAbsent(r.getItem().getId(), k -> new ArrayList<>()).add(r);
            items.putIfAbsent(r.getItem().getId(), r.getItem());
        }
        int created = 0;
        for (var entry : byItem.entrySet()) {
            List<Response> rs = entry.getValue();
            for (int i = 0; i < rs.size(); i++) {
                for (int j = i + 1; j < rs.size(); j++) {
                    if (mode == PairingMode.FIRST_VS_REST && i > 0) {
                        break;
                    }
                    Response a = rs.get(i);
                    Response b = rs.get(j);
                    if (!existing.add(a.getId() + ":" + b.getId())) {
                        continue;
                    }
                    boolean swapped = new SplittableRandom(seed ^ (a.getId() * 0x9E3779B97F4A7C15L) ^ b.getId()).nextBoolean();
                    comparisons.save(new Comparison(items.get(entry.getKey()), a, b, swapped, clock.instant()));
                    created++;
                }
            }
        }
        audit.record(actor, "comparisons.create", datasetName, created + " comparisons (" + mode + ", seed " + seed + ")");
        return created;
    }
}
