package dev.groundwork.storage.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.groundwork.storage.dataset.io.Json;
import dev.groundwork.storage.image.Image;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads a stored dataset back as manifest items, in import order, with ground truth on the first
 * item of each image. Shared by export and the content digest so both see the same thing.
 */
@Component
class DatasetContent {

    /** An item as stored, with its image. */
    record Entry(Manifest.Item item, Image image) {}

    private final DatasetRepository datasets;
    private final ItemRepository items;
    private final ResponseRepository responses;
    private final ImageGroundTruth groundTruth;

    DatasetContent(DatasetRepository datasets, ItemRepository items, ResponseRepository responses,
            ImageGroundTruth groundTruth) {
        this.datasets = datasets;
        this.items = items;
        this.responses = responses;
        this.groundTruth = groundTruth;
    }

    @Transactional(readOnly = true)
    public Dataset dataset(String name) {
        return datasets.findByName(name).orElseThrow(() -> new DatasetNotFoundException(name));
    }

    /** @param imagePath the path to write for an item's image */
    @Transactional(readOnly = true)
    public List<Entry> read(String datasetName, Function<Image, String> imagePath) {
        Dataset dataset = dataset(datasetName);
        List<Item> stored = items.findByDatasetOrderByPosition(dataset);
        Map<Long, List<Manifest.Response>> byItem = new HashMap<>();
        for (Response r : responses.findAllOfDataset(dataset)) {
            byItem.computeIfAbsent(r.getItem().getId(), k -> new ArrayList<>()).add(new Manifest.Response(
                    r.getExternalId(), r.getModelName(), r.getCheckpoint(), r.getText(), hallucination(r)));
        }
        Map<Long, Manifest.GroundTruth> truths = groundTruth.of(stored.stream().map(Item::getImage).distinct().toList());
        Set<Long> truthGiven = new HashSet<>();
        List<Entry> result = new ArrayList<>(stored.size());
        for (Item i : stored) {
            Image image = i.getImage();
            Manifest.GroundTruth truth = truthGiven.add(image.getId()) ? truths.get(image.getId()) : null;
            result.add(new Entry(new Manifest.Item(i.getExternalId(), imagePath.apply(image), i.getPrompt(),
                    i.getTaskType(), i.getCategory(), i.getReference(), byItem.getOrDefault(i.getId(), List.of()), truth),
                    image));
        }
        return result;
    }

    private static Manifest.Hallucination hallucination(Response r) {
        if (r.getHallucinationDetail() == null) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(r.getHallucinationDetail(), Manifest.Hallucination.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored hallucination detail of response " + r.getId() + " is not valid JSON", e);
        }
    }
}
