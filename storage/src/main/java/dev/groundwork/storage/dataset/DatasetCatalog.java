package dev.groundwork.storage.dataset;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Read-only overview of the stored datasets. */
@Service
public class DatasetCatalog {

    /** One dataset with its counts. */
    public record Entry(String name, String sourceFormat, long items, long responses, long images, Instant createdAt) {}

    private final DatasetRepository datasets;
    private final ItemRepository items;
    private final ResponseRepository responses;

    public DatasetCatalog(DatasetRepository datasets, ItemRepository items, ResponseRepository responses) {
        this.datasets = datasets;
        this.items = items;
        this.responses = responses;
    }

    @Transactional(readOnly = true)
    public List<Entry> list() {
        return datasets.findAll().stream().map(this::entry).toList();
    }

    @Transactional(readOnly = true)
    public Optional<Entry> find(String name) {
        return datasets.findByName(name).map(this::entry);
    }

    private Entry entry(Dataset d) {
        return new Entry(d.getName(), d.getSourceFormat(), items.countByDataset(d), responses.countByDataset(d),
                items.countImagesOfDataset(d), d.getCreatedAt());
    }
}
