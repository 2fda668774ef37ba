package dev.groundwork.annotation.assignment;

import dev.groundwork.storage.audit.AuditTrail;
import dev.groundwork.storage.dataset.Dataset;
import dev.groundwork.storage.dataset.DatasetRepository;
import dev.groundwork.storage.dataset.Item;
import dev.groundwork.storage.dataset.ItemRepository;
import dev.groundwork.storage.dataset.Response;
import dev.groundwork.storage.judgment.Comparison;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A policy's own answers as a dataset of their own: for each prompt (a copy of a source item, on the same stored
 * image, so the image's ground truth applies), the K sampled answers as responses and every ordered pair of them as
 * a comparison, K(K−1) per prompt, for a critic to judge in both positions. All in one transaction.
 */
@Service
public class GeneratedComparisons {

    /** The answers sampled for one source item, in sample order. */
    public record Answers(long sourceItemId, List<String> texts) {
        public Answers {
            texts = List.copyOf(texts);
            if (texts.size() < 2) {
                throw new IllegalArgumentException("item " + sourceItemId + ": at least two answers are needed, got " + texts.size());
            }
        }
    }

    /**
     * One prompt of the new dataset.
     *
     * @param responseIds the answers' response ids, in sample order
     * @param comparisonIds {@code comparisonIds[i][j]} compares answer i (as A) with answer j (as B); -1 on the diagonal
     */
    public record Prompt(long itemId, long sourceItemId, List<Long> responseIds, long[][] comparisonIds) {}

    private final DatasetRepository datasets;
    private final ItemRepository items;
    private final EntityManager em;
    private final AuditTrail audit;
    private final Clock clock;

    public GeneratedComparisons(DatasetRepository datasets, ItemRepository items, EntityManager em, AuditTrail audit,
            Clock clock) {
        this.datasets = datasets;
        this.items = items;
        this.em = em;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Creates dataset {@code name} from {@code answers}.
     *
     * @param model the responses' model name, e.g. {@code policy}
     * @param checkpoint the URI of the checkpoint that produced them
     * @throws IllegalArgumentException when the dataset exists or an item is unknown
     */
    @Transactional
    public List<Prompt> create(String name, String description, String model, String checkpoint, List<Answers> answers,
            String actor) {
        if (datasets.findByName(name).isPresent()) {
            throw new IllegalArgumentException("dataset '" + name + "' exists already");
        }
        Instant now = clock.instant();
        Dataset dataset = new Dataset(name, description, "groundwork-generated", checkpoint, now);
        em.persist(dataset);
        List<Prompt> prompts = new ArrayList<>();
        int position = 0;
        for (Answers a : answers) {
            Item source = Objects.requireNonNull(em.find(Item.class, a.sourceItemId()),
                    () -> "no item with id " + a.sourceItemId());
            Item item = new Item(dataset, source.getExternalId(), position++, source.getImage(), source.getImagePath(),
                    source.getPrompt(), source.getTaskType(), source.getCategory(), source.getReference());
            em.persist(item);
            List<Response> responses = new ArrayList<>();
            for (int k = 0; k < a.texts().size(); k++) {
                Response r = new Response(item, "sample-" + k, k, model, checkpoint, a.texts().get(k), null, null);
                em.persist(r);
                responses.add(r);
            }
            int n = responses.size();
            long[][] ids = new long[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (i == j) {
                        ids[i][j] = -1;
                        continue;
                    }
                    Comparison c = new Comparison(item, responses.get(i), responses.get(j), false, now);
                    em.persist(c);
                    ids[i][j] = -2;
                }
            }
            em.flush();
            List<Comparison> stored = em.createQuery("select c from Comparison c where c.item = :item", Comparison.class)
                    .setParameter("item", item).getResultList();
            List<Long> responseIds = responses.stream().map(Response::getId).toList();
            for (Comparison c : stored) {
                ids[responseIds.indexOf(c.getResponseA().getId())][responseIds.indexOf(c.getResponseB().getId())] = c.getId();
            }
            prompts.add(new Prompt(item.getId(), source.getId(), responseIds, ids));
        }
        audit.record(actor, "dataset.generate", name, answers.size() + " prompts with generated answers from " + checkpoint);
        return prompts;
    }
}
