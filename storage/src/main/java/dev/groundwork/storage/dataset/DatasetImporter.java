package dev.groundwork.storage.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.groundwork.storage.StorageProperties;
import dev.groundwork.storage.audit.AuditTrail;
import dev.groundwork.storage.dataset.io.DatasetPlan;
import dev.groundwork.storage.dataset.io.DatasetReader;
import dev.groundwork.storage.dataset.io.Json;
import dev.groundwork.storage.dataset.io.Problems;
import dev.groundwork.storage.image.Image;
import dev.groundwork.storage.image.ImageInfo;
import dev.groundwork.storage.image.ImageInspector;
import dev.groundwork.storage.image.ImageRepository;
import dev.groundwork.storage.image.ImageStore;
import dev.groundwork.storage.image.InvalidImageException;
import jakarta.persistence.EntityManager;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports a dataset all-or-nothing. Three phases: read and validate every file (collecting
 * every problem with file, line and field), stage the new image bytes, then write all rows in one
 * transaction and publish the staged images just before it commits. Any failure rolls the
 * transaction back and removes the images this import created: afterwards there are no new rows
 * and no new files. Rows are written with JDBC batch statements ({@link ImportRows}), and the content digest is
 * computed from the rows as they are written, not read back.
 */
@Service
public class DatasetImporter {

    private static final String CHOOSE_NAME = "--dataset NAME on the command line, the name field in the workbench";

    private final StorageProperties properties;
    private final ImageStore store;
    private final DatasetRepository datasets;
    private final ImageRepository images;
    private final ImageGroundTruth groundTruth;
    private final ImportRows rows;
    private final AuditTrail audit;
    private final EntityManager em;
    private final TransactionTemplate tx;
    private final Clock clock;

    public DatasetImporter(StorageProperties properties, ImageStore store, DatasetRepository datasets,
            ImageRepository images, ImageGroundTruth groundTruth, ImportRows rows, AuditTrail audit,
            EntityManager em, PlatformTransactionManager txManager, Clock clock) {
        this.properties = properties;
        this.store = store;
        this.datasets = datasets;
        this.images = images;
        this.groundTruth = groundTruth;
        this.rows = rows;
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
        List<DatasetPlan.Located<String>> imagePaths = plan.items().images();
        progress.update(ImportProgress.Phase.IMAGES, 0, imagePaths.size());
        for (var located : imagePaths) {
            String imagePath = located.value();
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
            progress.update(ImportProgress.Phase.IMAGES, byPath.size(), imagePaths.size());
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
        int total = plan.items().count();
        progress.update(ImportProgress.Phase.STORING, 0, total);
        var now = clock.instant();
        Dataset dataset = new Dataset(plan.name(), plan.description(), plan.sourceFormat(), toJson(plan.sourceInfo()), now);
        em.persist(dataset);
        em.flush();

        Map<String, ImageInfo> infoBySha = new LinkedHashMap<>();
        byPath.values().forEach(info -> infoBySha.putIfAbsent(info.sha256(), info));
        Map<String, Long> imageIds = new HashMap<>();
        Map<String, Manifest.GroundTruth> storedTruth = new HashMap<>();
        int imagesReused = storeImages(plan, infoBySha, truthBySha, now, imageIds, storedTruth);

        ItemWriter writer = new ItemWriter(dataset.getId(), total, byPath, imageIds, storedTruth, progress);
        plan.items().forEach(writer::add);
        writer.flush();
        progress.update(ImportProgress.Phase.FINISHING, 0, 1);
        audit.record(actor, "dataset.import", plan.name(), total + " items from " + plan.sourceFormat());
        em.flush();
        batch.publish();
        return new ImportSummary(plan.name(), plan.sourceFormat(), total, writer.responses,
                infoBySha.size() - imagesReused, imagesReused, truthBySha.size(), writer.digest.finish());
    }

    /**
     * Writes items in JDBC batches of {@link ImportRows#BATCH} as they are read, numbering them in file order, and
     * adds each to the content digest as it is stored (its image by content hash, ground truth with the first item of
     * each image).
     */
    private final class ItemWriter {
        private final long datasetId;
        private final int total;
        private final Map<String, ImageInfo> byPath;
        private final Map<String, Long> imageIds;
        private final Map<String, Manifest.GroundTruth> storedTruth;
        private final ImportProgress progress;
        private final DatasetDigest.Builder digest = new DatasetDigest.Builder();
        private final Set<String> truthGiven = new HashSet<>();
        private final List<Manifest.Item> chunk = new ArrayList<>(ImportRows.BATCH);
        private final List<Long> chunkImages = new ArrayList<>(ImportRows.BATCH);
        private final List<List<String>> chunkDetails = new ArrayList<>(ImportRows.BATCH);
        private int position;
        private int responses;

        ItemWriter(long datasetId, int total, Map<String, ImageInfo> byPath, Map<String, Long> imageIds,
                Map<String, Manifest.GroundTruth> storedTruth, ImportProgress progress) {
            this.datasetId = datasetId;
            this.total = total;
            this.byPath = byPath;
            this.imageIds = imageIds;
            this.storedTruth = storedTruth;
            this.progress = progress;
        }

        void add(DatasetPlan.Located<Manifest.Item> located) {
            Manifest.Item it = located.value();
            String sha = byPath.get(it.image()).sha256();
            List<String> details = new ArrayList<>(it.responses().size());
            for (Manifest.Response r : it.responses()) {
                details.add(r.hallucination() == null ? null : toJson(r.hallucination()));
            }
            Manifest.GroundTruth truth = truthGiven.add(sha) ? storedTruth.get(sha) : null;
            digest.add(new Manifest.Item(it.id(), DatasetDigest.imageName(sha), it.prompt(), it.task(),
                    it.category(), it.reference(), it.responses(), truth));
            chunk.add(it);
            chunkImages.add(imageIds.get(sha));
            chunkDetails.add(details);
            responses += it.responses().size();
            position++;
            if (chunk.size() == ImportRows.BATCH) {
                flush();
            }
            progress.update(ImportProgress.Phase.STORING, position, total);
        }

        void flush() {
            if (!chunk.isEmpty()) {
                rows.insertItems(datasetId, chunk, chunkImages, position - chunk.size(), chunkDetails);
                chunk.clear();
                chunkImages.clear();
                chunkDetails.clear();
            }
        }
    }

    /**
     * Inserts the images not yet stored and the ground truth of those without, batch by batch; fills in every image's
     * id and the ground truth it has once stored (what the content digest sees).
     *
     * @return how many images were stored already
     */
    private int storeImages(DatasetPlan plan, Map<String, ImageInfo> infoBySha,
            Map<String, Manifest.GroundTruth> truthBySha, Instant now, Map<String, Long> imageIds,
            Map<String, Manifest.GroundTruth> storedTruth) {
        int reused = 0;
        List<String> shas = new ArrayList<>(infoBySha.keySet());
        for (int from = 0; from < shas.size(); from += ImportRows.BATCH) {
            List<String> chunk = shas.subList(from, Math.min(shas.size(), from + ImportRows.BATCH));
            Map<String, Long> existing = rows.imageIds(chunk);
            reused += existing.size();
            if (!existing.isEmpty()) {
                storedTruth.putAll(existingTruth(existing.keySet(), truthBySha, plan));
            }
            List<ImageInfo> fresh = chunk.stream().filter(sha -> !existing.containsKey(sha)).map(infoBySha::get).toList();
            imageIds.putAll(existing);
            imageIds.putAll(rows.insertImages(fresh, now));
            List<Object[]> objects = new ArrayList<>();
            List<Object[]> relations = new ArrayList<>();
            for (String sha : chunk) {
                Manifest.GroundTruth truth = truthBySha.get(sha);
                if (truth != null && !storedTruth.containsKey(sha)) {
                    ImportRows.truthRows(imageIds.get(sha), truth, objects, relations);
                    if (!truth.objects().isEmpty()) {
                        storedTruth.put(sha, truth);
                    }
                }
            }
            rows.insertTruths(objects, relations);
        }
        return reused;
    }

    /**
     * The stored ground truth of images already in the store, by SHA-256; refuses the import when the dataset gives one
     * of them other ground truth.
     */
    private Map<String, Manifest.GroundTruth> existingTruth(Collection<String> shas,
            Map<String, Manifest.GroundTruth> truthBySha, DatasetPlan plan) {
        List<Image> stored = images.findBySha256In(shas);
        Map<Long, Manifest.GroundTruth> byId = groundTruth.of(stored);
        Map<String, Manifest.GroundTruth> result = new HashMap<>();
        for (Image image : stored) {
            Manifest.GroundTruth truth = byId.get(image.getId());
            if (truth == null) {
                continue;
            }
            Manifest.GroundTruth given = truthBySha.get(image.getSha256());
            if (given != null && !given.equals(truth)) {
                String where = plan.truths().values().stream()
                        .filter(t -> GroundTruths.normalize(t.value()).equals(given)).findFirst()
                        .map(t -> t.file() + " line " + t.line()).orElse("dataset");
                throw new ImportException(ImportError.of(where,
                        "image " + image.getSha256() + " is already stored with different ground truth"));
            }
            result.put(image.getSha256(), truth);
        }
        return result;
    }

    private static String toJson(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value, e);
        }
    }
}
