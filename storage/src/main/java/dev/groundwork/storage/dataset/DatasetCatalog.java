package dev.groundwork.storage.dataset;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Read-only overview of the stored datasets. */
@Service
public class DatasetCatalog {

    /** One dataset with its counts. */
    public record Entry(String name, String sourceFormat, long items, long responses, long images, Instant createdAt) {}

    /** One item for browsing: what it asks, about which image, and how many answers it has. */
    public record ItemRow(int position, String externalId, String imageSha256, TaskType taskType, String prompt,
            long responses) {}

    private final DatasetRepository datasets;
    private final ItemRepository items;
    private final ResponseRepository responses;

    public DatasetCatalog(DatasetRepository datasets, ItemRepository items, ResponseRepository responses) {
        this.datasets = datasets;
        this.items = items;
        this.responses = responses;
    }

    /** Every dataset with its counts: three grouped counts over all datasets, not three per dataset. */
    @Transactional(readOnly = true)
    public List<Entry> list() {
        Map<Long, long[]> itemsAndImages = new HashMap<>();
        items.countItemsAndImagesByDataset().forEach(row -> itemsAndImages.put((Long) row[0],
                new long[] {((Number) row[1]).longValue(), ((Number) row[2]).longValue()}));
        Map<Long, Long> responseCounts = new HashMap<>();
        responses.countByDatasets().forEach(row -> responseCounts.put((Long) row[0], ((Number) row[1]).longValue()));
        return datasets.findAll().stream().map(d -> {
            long[] ii = itemsAndImages.getOrDefault(d.getId(), new long[2]);
            return new Entry(d.getName(), d.getSourceFormat(), ii[0], responseCounts.getOrDefault(d.getId(), 0L), ii[1],
                    d.getCreatedAt());
        }).toList();
    }

    @Transactional(readOnly = true)
    public Optional<Entry> find(String name) {
        return datasets.findByName(name).map(this::entry);
    }

    /**
     * One page of a dataset's items in import order.
     *
     * @param page 0-based page number
     * @param pageSize items per page, at least 1
     * @throws DatasetNotFoundException when no dataset has that name
     */
    @Transactional(readOnly = true)
    public List<ItemRow> items(String datasetName, int page, int pageSize) {
        Dataset dataset = datasets.findByName(datasetName).orElseThrow(() -> new DatasetNotFoundException(datasetName));
        return rows(items.findByDatasetOrderByPosition(dataset, PageRequest.of(page, pageSize)));
    }

    /**
     * Up to {@code limit} of a dataset's items after position {@code afterPosition} (-1 for the first), in import order.
     *
     * @throws DatasetNotFoundException when no dataset has that name
     */
    @Transactional(readOnly = true)
    public List<ItemRow> itemsAfter(String datasetName, int afterPosition, int limit) {
        Dataset dataset = datasets.findByName(datasetName).orElseThrow(() -> new DatasetNotFoundException(datasetName));
        return rows(items.findByDatasetAndPositionGreaterThanOrderByPosition(dataset, afterPosition, PageRequest.ofSize(limit)));
    }

    /**
     * The item at a position of a dataset, if there is one.
     *
     * @throws DatasetNotFoundException when no dataset has that name
     */
    @Transactional(readOnly = true)
    public Optional<ItemRow> item(String datasetName, int position) {
        Dataset dataset = datasets.findByName(datasetName).orElseThrow(() -> new DatasetNotFoundException(datasetName));
        return items.findByDatasetAndPosition(dataset, position).map(i -> rows(List.of(i)).get(0));
    }

    private List<ItemRow> rows(List<Item> found) {
        if (found.isEmpty()) {
            return List.of();
        }
        Map<Long, Long> counts = new HashMap<>();
        responses.countByItems(found).forEach(c -> counts.put(c.getItemId(), c.getResponses()));
        return found.stream().map(i -> new ItemRow(i.getPosition(), i.getExternalId(), i.getImage().getSha256(),
                i.getTaskType(), i.getPrompt(), counts.getOrDefault(i.getId(), 0L))).toList();
    }

    private Entry entry(Dataset d) {
        return new Entry(d.getName(), d.getSourceFormat(), items.countByDataset(d), responses.countByDataset(d),
                items.countImagesOfDataset(d), d.getCreatedAt());
    }
}
