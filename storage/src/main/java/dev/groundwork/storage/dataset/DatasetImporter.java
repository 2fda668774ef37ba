package dev.groundwork.storage.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.groundwork.storage.StorageProperties;
import dev.groundwork.storage.audit.AuditTrail;
import dev.groundwork.storage.dataset.io.DatasetPlan;
import dev.groundwork.storage.dataset.io.DatasetReader;
import dev.groundwork.storage.dataset.io.Json;
import dev.groundwork.storage.dataset.io.Problems;
import dev.groundwork.storage.image.GroundTruthObjectRepository;
import dev.groundwork.storage.image.GroundTruthRelationRepository;
import dev.groundwork.storage.image.Image;
import dev.groundwork.storage.image.ImageInfo;
import dev.groundwork.storage.image.ImageInspector;
import dev.groundwork.storage.image.ImageRepository;
import dev.groundwork.storage.image.ImageStore;
import dev.groundwork.storage.image.InvalidImageException;
import jakarta.persistence.EntityManager;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports a dataset all-or-nothing. Three phases: read and validate every file (collecting
 * every problem with file, line and field), stage the new image bytes, then write all rows in one
 * transaction and publish the staged images just before it commits. Any failure rolls the
 * transaction back and removes the images this import created: afterwards there are no new rows
 * and no new files.
 */
@Service
public class DatasetImporter {

    private static final int FLUSH_EVERY = 500;
    private static final String CHOOSE_NAME = "--dataset NAME on the command line, the name field in the workbench";

    private final StorageProperties properties;
    private final ImageStore store;
    private final DatasetRepository datasets;
    private final ImageRepository images;
    private final GroundTruthObjectRepository truthObjects;
    private final GroundTruthRelationRepository truthRelations;
    private final DatasetDigest digest;
    private final AuditTrail audit;
    private final EntityManager em;
    private final TransactionTemplate tx;
    private final Clock clock;

    public DatasetImporter(StorageProperties properties, ImageStore store, DatasetRepository datasets,
            ImageRepository images, GroundTruthObjectRepository truthObjects,
            GroundTruthRelationRepository truthRelations, DatasetDigest digest, AuditTrail audit,
            EntityManager em, PlatformTransactionManager txManager, Clock clock) {
        this.properties = properties;
        this.store = store;
        this.datasets = datasets;
        this.images = images;
        this.truthObjects = truthObjects;
        this.truthRelations = truthRelations;
        this.digest = digest;
        this.audit = audit;
        this.em = em;
        this.tx = new TransactionTemplate(txManager);
        this.clock = clock;
    }

    /**
     * Imports a folder, a zip or a POPE {@code .jsonl} file.
     *
     * @param nameOverride dataset name; defaults to the manifest header's (or the file's) name
     * @param actor who imports, for the audit log
     * @throws ImportException when anything is wrong; nothing is written then
     */
    public ImportSummary importDataset(Path path, Optional<String> nameOverride, String actor) {
        return importDataset(path, nameOverride, actor, ImportProgress.NONE);
    }

    /**
     * Imports as {@link #importDataset(Path, Optional, String)} does, reporting each phase to
     * {@code progress}: once for reading, per distinct image while checking images, per item while
     * storing, once before finishing.
     */
    public ImportSummary importDataset(Path path, Optional<String> nameOverride, String actor, ImportProgress progress) {
        Objects.requireNonNull(progress, "progress");
        DatasetReader reader = new DatasetReader(properties.importLimits());
        progress.update(ImportProgress.Phase.READING, 0, 1);
        nameOverride.ifPresent(name -> requireValidName(path, name));
        DatasetReader.Opened opened = reader.open(path);
        try (var source = opened.source(); ImageStore.Batch batch = store.newBatch()) {
            // One pass finds every problem it can: unsafe entries, then the text files, then the images of the
            // items that passed; nothing is written unless there is none.
            Problems problems = new Problems(properties.importLimits().maxErrors());
            source.problems().forEach(problems::add);
            DatasetPlan plan;
            try {
                plan = reader.read(opened, nameOverride, problems);
            } catch (ImportException unreadable) {
                problems.add(unreadable);
                problems.throwIfAny();
                throw unreadable;
            }
            String shown = path.getFileName().toString();
            DatasetName.problem(plan.name()).ifPresent(reason -> problems.add(ImportError.of(shown,
                    reason + " (" + CHOOSE_NAME + ")")));
            if (plan.name() != null && datasets.existsByName(plan.name())) {
                problems.add(ImportError.of(shown, "dataset '" + plan.name() + "' already exists; choose another name ("
                        + CHOOSE_NAME + ")"));
            }
            progress.update(ImportProgress.Phase.READING, 1, 1);
            Map<String, ImageInfo> byPath = loadImages(opened, plan, batch, progress, problems);
            Map<String, Manifest.GroundTruth> truthBySha = truthBySha(plan, byPath);
            try {
                ImportSummary summary = tx.execute(status -> store(plan, byPath, truthBySha, batch, actor, progress));
                progress.update(ImportProgress.Phase.FINISHING, 1, 1);
                return summary;
            } catch (RuntimeException e) {
                batch.rollback();
                throw e;
            }
        }
    }

    /** A name given by the caller is checked before anything is read. */
    private static void requireValidName(Path path, String name) {
        DatasetName.problem(name).ifPresent(reason -> {
            throw new ImportException(ImportError.of(String.valueOf(path.getFileName()), reason));
        });
    }

    private Map<String, ImageInfo> loadImages(DatasetReader.Opened opened, DatasetPlan plan, ImageStore.Batch batch,
            ImportProgress progress, Problems problems) {
        ImageInspector inspector = new ImageInspector(properties.importLimits().image());
        Map<String, ImageInfo> byPath = new LinkedHashMap<>();
        int total = (int) plan.items().stream().map(located -> located.value().image()).distinct().count();
        progress.update(ImportProgress.Phase.IMAGES, 0, total);
        for (var located : plan.items()) {
            String imagePath = located.value().image();
            if (byPath.containsKey(imagePath)) {
                continue;
            }
            try {
                byte[] bytes = opened.source().read(imagePath, properties.importLimits().image().maxBytes());
                ImageInfo info = inspector.inspect(bytes);
                byPath.put(imagePath, info);
                batch.stage(info.sha256(), bytes);
            } catch (InvalidImageException e) {
                problems.add(ImportError.at(located.file(), located.line(), "image", "'" + imagePath + "': " + e.getMessage()));
                byPath.put(imagePath, null);
            } catch (ImportException e) {
                String reason = e.errors().get(0).message();
                problems.add(ImportError.at(located.file(), located.line(), "image", "'" + imagePath + "': " + reason));
                byPath.put(imagePath, null);
            }
            progress.update(ImportProgress.Phase.IMAGES, byPath.size(), total);
        }
        problems.throwIfAny();
        return byPath;
    }

    private static Map<String, Manifest.GroundTruth> truthBySha(DatasetPlan plan, Map<String, ImageInfo> byPath) {
        Problems problems = new Problems(100);
        Map<String, DatasetPlan.Located<Manifest.GroundTruth>> bySha = new HashMap<>();
        for (var entry : plan.truths().entrySet()) {
            String imagePath = entry.getKey();
            var truth = entry.getValue();
            String sha = byPath.get(imagePath).sha256();
            truth = new DatasetPlan.Located<>(truth.file(), truth.line(), GroundTruths.normalize(truth.value()));
            var earlier = bySha.putIfAbsent(sha, truth);
            if (earlier != null && !earlier.value().equals(truth.value())) {
                problems.add(ImportError.at(truth.file(), truth.line(), "groundTruth", "image '" + imagePath
                        + "' has the same bytes as an image given other ground truth on line " + earlier.line()));
            }
        }
        problems.throwIfAny();
        Map<String, Manifest.GroundTruth> result = new HashMap<>();
        bySha.forEach((sha, located) -> result.put(sha, located.value()));
        return result;
    }

    private ImportSummary store(DatasetPlan plan, Map<String, ImageInfo> byPath,
            Map<String, Manifest.GroundTruth> truthBySha, ImageStore.Batch batch, String actor, ImportProgress progress) {
        int total = plan.items().size();
        progress.update(ImportProgress.Phase.STORING, 0, total);
        var now = clock.instant();
        Dataset dataset = new Dataset(plan.name(), plan.description(), plan.sourceFormat(), toJson(plan.sourceInfo()), now);
        em.persist(dataset);

        Map<String, Long> imageIds = new HashMap<>();
        int imagesNew = 0;
        int imagesReused = 0;
        Map<String, ImageInfo> infoBySha = new LinkedHashMap<>();
        byPath.values().forEach(info -> infoBySha.putIfAbsent(info.sha256(), info));
        List<String> shas = new ArrayList<>(infoBySha.keySet());
        for (int from = 0; from < shas.size(); from += FLUSH_EVERY) {
            List<String> chunk = shas.subList(from, Math.min(shas.size(), from + FLUSH_EVERY));
            Map<String, Image> existing = new HashMap<>();
            images.findBySha256In(chunk).forEach(i -> existing.put(i.getSha256(), i));
            for (String sha : chunk) {
                Image image = existing.get(sha);
                if (image == null) {
                    image = new Image(infoBySha.get(sha), now);
                    em.persist(image);
                    imagesNew++;
                } else {
                    imagesReused++;
                }
                Manifest.GroundTruth truth = truthBySha.get(sha);
                if (truth != null) {
                    attachTruth(image, truth, plan);
                }
                imageIds.put(sha, image.getId());
            }
            em.flush();
            em.clear();
        }

        int responses = 0;
        int position = 0;
        Dataset ref = em.getReference(Dataset.class, dataset.getId());
        for (var located : plan.items()) {
            Manifest.Item it = located.value();
            Image image = em.getReference(Image.class, imageIds.get(byPath.get(it.image()).sha256()));
            Item item = new Item(ref, it.id(), position++, image, it.image(), it.prompt(), it.task(), it.category(), it.reference());
            em.persist(item);
            int rpos = 0;
            for (Manifest.Response r : it.responses()) {
                em.persist(new Response(item, r.id(), rpos++, r.model(), r.checkpoint(), r.text(),
                        r.hallucination() == null ? null : r.hallucination().type(),
                        r.hallucination() == null ? null : toJson(r.hallucination())));
                responses++;
            }
            if (position % FLUSH_EVERY == 0) {
                em.flush();
                em.clear();
                ref = em.getReference(Dataset.class, dataset.getId());
            }
            progress.update(ImportProgress.Phase.STORING, position, total);
        }
        em.flush();
        em.clear();
        progress.update(ImportProgress.Phase.FINISHING, 0, 1);
        String contentDigest = digest.of(plan.name());
        audit.record(actor, "dataset.import", plan.name(), plan.items().size() + " items from " + plan.sourceFormat());
        batch.publish();
        return new ImportSummary(plan.name(), plan.sourceFormat(), plan.items().size(), responses, imagesNew,
                imagesReused, truthBySha.size(), contentDigest);
    }

    private void attachTruth(Image image, Manifest.GroundTruth truth, DatasetPlan plan) {
        if (image.getId() != null && truthObjects.existsByImage(image)) {
            Manifest.GroundTruth stored = GroundTruths.toManifest(truthObjects.findByImageOrderByObjectKey(image),
                    truthRelations.findByImageOrderById(image));
            if (!stored.equals(truth)) {
                String where = plan.truths().values().stream()
                        .filter(t -> GroundTruths.normalize(t.value()).equals(truth)).findFirst()
                        .map(t -> t.file() + " line " + t.line()).orElse("dataset");
                throw new ImportException(ImportError.of(where,
                        "image " + image.getSha256() + " is already stored with different ground truth"));
            }
            return;
        }
        GroundTruths.toRows(image, truth).forEach(em::persist);
    }

    private static String toJson(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value, e);
        }
    }
}
