package dev.groundwork.storage.dataset;

import dev.groundwork.storage.StorageProperties;
import dev.groundwork.storage.audit.AuditTrail;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Answers a team's model adds to the existing items of a dataset, after those the import brought: each one gets the
 * next answer position of its item. All or nothing: every answer is checked (the item exists, the text is within the
 * importer's response length, the external id is free on its item) before any is stored, and the first fault is
 * refused naming its field. Audited with the caller.
 */
@Service
public class DatasetAnswers {

    /** One answer to add: the item's position, the model (and checkpoint), the text and an optional external id. */
    public record NewAnswer(int item, String model, Optional<String> checkpoint, String text, Optional<String> externalId) {}

    /** What was stored for one answer. */
    public record Added(int item, int position, String externalId) {}

    /** An answer as the API lists it. */
    public record AnswerRow(int position, String externalId, String model, String checkpoint, String text) {}

    /** Longest model name, checkpoint and external id the schema stores. */
    static final int MAX_MODEL = 200;
    static final int MAX_CHECKPOINT = 500;
    static final int MAX_EXTERNAL_ID = 200;

    private final DatasetRepository datasets;
    private final ItemRepository items;
    private final ResponseRepository responses;
    private final AuditTrail audit;
    private final int maxResponseChars;

    public DatasetAnswers(DatasetRepository datasets, ItemRepository items, ResponseRepository responses,
            AuditTrail audit, StorageProperties properties) {
        this.datasets = datasets;
        this.items = items;
        this.responses = responses;
        this.audit = audit;
        this.maxResponseChars = properties.maxResponseChars();
    }

    /**
     * Stores all the answers or none; {@code field} is the request's name of the list ({@code answers}).
     *
     * @throws DatasetNotFoundException when no dataset has that name
     * @throws AnswerRejectedException naming the first answer's field at fault
     */
    @Transactional
    public List<Added> add(String datasetName, List<NewAnswer> answers, String actor) {
        Dataset dataset = datasets.findByName(datasetName).orElseThrow(() -> new DatasetNotFoundException(datasetName));
        if (answers.isEmpty()) {
            throw new AnswerRejectedException("answers", "must hold at least one answer");
        }
        // The items are locked in position order before any is read further: a concurrent push to one of them waits
        // for this one to commit and then numbers its answers after these (no two answers of an item share a position),
        // and two pushes to the same items never wait on each other in a circle.
        Map<Integer, Item> byPosition = new HashMap<>();
        answers.stream().map(NewAnswer::item).distinct().sorted().forEach(p ->
                items.lockByDatasetAndPosition(dataset, p).ifPresent(item -> byPosition.put(p, item)));
        Map<Integer, Set<String>> usedIds = new HashMap<>();
        Map<Integer, Integer> nextPosition = new HashMap<>();
        List<Response> toSave = new ArrayList<>();
        List<Added> added = new ArrayList<>();
        Set<String> models = new TreeSet<>();
        for (int i = 0; i < answers.size(); i++) {
            NewAnswer a = answers.get(i);
            String at = "answers[" + i + "]";
            Item item = byPosition.get(a.item());
            if (item == null) {
                throw new AnswerRejectedException(at + ".item", "dataset '" + datasetName + "' has no item at position " + a.item());
            }
            check(a.model(), at + ".model", MAX_MODEL);
            a.checkpoint().ifPresent(c -> check(c, at + ".checkpoint", MAX_CHECKPOINT));
            if (a.text().isBlank()) {
                throw new AnswerRejectedException(at + ".text", "must not be blank");
            }
            if (a.text().length() > maxResponseChars) {
                throw new AnswerRejectedException(at + ".text", "is " + a.text().length()
                        + " characters long, over the limit of " + maxResponseChars);
            }
            if (!usedIds.containsKey(a.item())) {
                // one read of the item's answers gives both their ids and the next free position
                List<Response> existing = responses.findByItemOrderByPosition(item);
                usedIds.put(a.item(), existing.stream().map(Response::getExternalId).collect(Collectors.toCollection(HashSet::new)));
                nextPosition.put(a.item(), existing.stream().mapToInt(Response::getPosition).max().orElse(-1) + 1);
            }
            Set<String> used = usedIds.get(a.item());
            int position = nextPosition.get(a.item());
            String externalId = a.externalId().orElse(a.model() + "#" + position);
            check(externalId, at + ".external_id", MAX_EXTERNAL_ID);
            if (!used.add(externalId)) {
                throw new AnswerRejectedException(at + ".external_id", "'" + externalId
                        + "' is already an answer of the item at position " + a.item());
            }
            nextPosition.put(a.item(), position + 1);
            toSave.add(new Response(item, externalId, position, a.model(), a.checkpoint().orElse(null), a.text(), null, null));
            added.add(new Added(a.item(), position, externalId));
            models.add(a.model());
        }
        responses.saveAll(toSave);
        audit.record(actor, "answers.create", datasetName, added.size() + " answers by " + String.join(", ", models));
        return added;
    }

    /**
     * Up to {@code limit} answers of an item after answer position {@code afterPosition} (-1 for the first); empty
     * when the dataset has no item at {@code itemPosition}.
     *
     * @throws DatasetNotFoundException when no dataset has that name
     */
    @Transactional(readOnly = true)
    public Optional<List<AnswerRow>> answers(String datasetName, int itemPosition, int afterPosition, int limit) {
        Dataset dataset = datasets.findByName(datasetName).orElseThrow(() -> new DatasetNotFoundException(datasetName));
        return items.findByDatasetAndPosition(dataset, itemPosition).map(item -> responses.findByItemOrderByPosition(item)
                .stream().filter(r -> r.getPosition() > afterPosition).limit(limit)
                .map(r -> new AnswerRow(r.getPosition(), r.getExternalId(), r.getModelName(), r.getCheckpoint(), r.getText()))
                .toList());
    }

    private static void check(String value, String field, int max) {
        if (value.isBlank()) {
            throw new AnswerRejectedException(field, "must not be blank");
        }
        if (value.length() > max) {
            throw new AnswerRejectedException(field, "is " + value.length() + " characters long, over the limit of " + max);
        }
    }
}
