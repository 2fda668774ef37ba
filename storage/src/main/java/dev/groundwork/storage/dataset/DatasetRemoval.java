package dev.groundwork.storage.dataset;

import dev.groundwork.storage.image.ImageStore;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes and renames datasets in the caller's transaction, so that the caller's audit entry and event commit with the
 * change or not at all; and, after that commit, removes the images no dataset uses any more.
 *
 * <p>A dataset takes with it its items and responses, their comparisons, assignments, judgments (with tags),
 * resolutions, and the critic jobs run over it. Evaluation reports that name the dataset keep their figures and
 * files and lose only the link. An image is in use exactly when an item refers to it: reports carry their sample
 * images inside their own files and checkpoints hold model weights, neither refers to the image table.
 */
@Service
public class DatasetRemoval {

    /** What a deletion removed; {@code imageIds} are the images its items used, candidates for {@link #removeUnusedImages}. */
    public record Removed(long datasetId, String name, long items, long comparisons, long judgments,
            long lastComparisonId, List<Long> imageIds) {}

    /** A rename; {@code lastComparisonId} is the highest comparison id of the dataset (0 when it has none). */
    public record Renamed(long datasetId, String from, String to, long lastComparisonId) {}

    private static final Logger log = LoggerFactory.getLogger(DatasetRemoval.class);

    /** Rows that go with a dataset, children first; each statement takes the dataset id once. */
    private static final String COMPARISONS =
            "select c.id from comparison c join item i on i.id = c.item_id where i.dataset_id = ?1";
    private static final List<String> DELETES = List.of(
            "delete from critic_request where job_id in (select id from critic_job where dataset_id = ?1)"
                    + " or comparison_id in (" + COMPARISONS + ")",
            "delete from critic_job where dataset_id = ?1",
            "delete from judgment_tag where judgment_id in (select j.id from judgment j where j.comparison_id in ("
                    + COMPARISONS + "))",
            "delete from item_flag where comparison_id in (" + COMPARISONS + ")",
            // the vote tallies of its comparisons (VoteTallies)
            "delete from current_vote where dataset_id = ?1",
            "delete from comparison_tally where dataset_id = ?1",
            "delete from vote_pair_tally where dataset_id = ?1",
            "delete from critic_decision_tally where dataset_id = ?1",
            "delete from vote_profile_tally where dataset_id = ?1",
            "delete from vote_judge where dataset_id = ?1",
            // a correction supersedes a judgment of the same comparison: unlink them before deleting either
            "update judgment set supersedes_id = null where comparison_id in (" + COMPARISONS + ")",
            "delete from judgment where comparison_id in (" + COMPARISONS + ")",
            "delete from resolution where comparison_id in (" + COMPARISONS + ")",
            "delete from assignment where comparison_id in (" + COMPARISONS + ")",
            "delete from comparison where item_id in (select id from item where dataset_id = ?1)",
            "delete from response where item_id in (select id from item where dataset_id = ?1)",
            "delete from item where dataset_id = ?1",
            "update evaluation_report set dataset_id = null where dataset_id = ?1",
            "delete from dataset where id = ?1");

    private final DatasetRepository datasets;
    private final ImageStore store;
    private final EntityManager em;
    private final TransactionTemplate tx;

    public DatasetRemoval(DatasetRepository datasets, ImageStore store, EntityManager em,
            PlatformTransactionManager txManager) {
        this.datasets = datasets;
        this.store = store;
        this.em = em;
        this.tx = new TransactionTemplate(txManager);
    }

    /**
     * Deletes a dataset and everything that belongs to it, in the caller's transaction.
     *
     * @throws DatasetNotFoundException when no dataset has that name
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Removed remove(String name) {
        Dataset dataset = datasets.findByName(name).orElseThrow(() -> new DatasetNotFoundException(name));
        long id = dataset.getId();
        em.flush();
        em.clear();
        long items = count("select count(*) from item where dataset_id = ?1", id);
        long comparisons = count("select count(*) from (" + COMPARISONS + ") x", id);
        long judgments = count("select count(*) from judgment where comparison_id in (" + COMPARISONS + ")", id);
        long last = count("select coalesce(max(x.id), 0) from (" + COMPARISONS + ") x", id);
        List<Long> imageIds = ((List<?>) em.createNativeQuery(
                        "select distinct image_id from item where dataset_id = ?1 order by image_id")
                .setParameter(1, id).getResultList()).stream().map(v -> ((Number) v).longValue()).toList();
        for (String sql : DELETES) {
            em.createNativeQuery(sql).setParameter(1, id).executeUpdate();
        }
        // The tallies changed: figures and queues kept under the tally version are read again (VoteTallies.version).
        em.createNativeQuery("update vote_tally_lock set version = version + 1 where id = 1").executeUpdate();
        return new Removed(id, name, items, comparisons, judgments, last, imageIds);
    }

    /**
     * Renames a dataset in the caller's transaction.
     *
     * @throws DatasetName.InvalidDatasetNameException when {@code to} breaks the naming rule
     * @throws DatasetNotFoundException when no dataset is named {@code from}
     * @throws IllegalStateException when a dataset is already named {@code to}
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Renamed rename(String from, String to) {
        DatasetName.require(to);
        Dataset dataset = datasets.findByName(from).orElseThrow(() -> new DatasetNotFoundException(from));
        if (from.equals(to)) {
            throw new IllegalStateException("dataset '" + from + "' already has that name");
        }
        dataset.rename(to);
        try {
            datasets.saveAndFlush(dataset);
        } catch (DataIntegrityViolationException e) {
            // The unique constraint decides, so two renames at once cannot both take the name.
            throw new IllegalStateException("dataset '" + to + "' already exists; choose another name");
        }
        long last = count("select coalesce(max(x.id), 0) from (" + COMPARISONS + ") x", dataset.getId());
        return new Renamed(dataset.getId(), from, to, last);
    }

    /**
     * Removes the images among {@code imageIds} that no item refers to: their ground truth, their row, then their file.
     * Call it after the transaction that removed the items has committed. Each image goes in its own transaction, and
     * its file is moved aside before that transaction commits: an import that reuses the image at the same moment
     * either sees the row (and then the delete fails and the image stays) or finds neither row nor file and stores
     * both anew. A file is deleted only once no row refers to it.
     *
     * @return how many images were removed
     */
    public int removeUnusedImages(Collection<Long> imageIds) {
        int removed = 0;
        for (long imageId : imageIds) {
            try {
                Boolean done = tx.execute(status -> removeIfUnused(imageId));
                if (Boolean.TRUE.equals(done)) {
                    removed++;
                }
            } catch (DataIntegrityViolationException | PersistenceException e) {
                // An item came to refer to the image between the check and the delete: it stays, file and all.
                log.info("image {} was taken into use again while being removed; kept", imageId);
            }
        }
        return removed;
    }

    private boolean removeIfUnused(long imageId) {
        List<?> sha = em.createNativeQuery("select sha256 from image i where i.id = ?1"
                        + " and not exists (select 1 from item where image_id = i.id)")
                .setParameter(1, imageId).getResultList();
        if (sha.isEmpty()) {
            return false;
        }
        String sha256 = (String) sha.get(0);
        em.createNativeQuery("delete from scene_relation where image_id = ?1").setParameter(1, imageId).executeUpdate();
        em.createNativeQuery("delete from scene_object where image_id = ?1").setParameter(1, imageId).executeUpdate();
        int rows = em.createNativeQuery("delete from image i where i.id = ?1"
                        + " and not exists (select 1 from item where image_id = i.id)")
                .setParameter(1, imageId).executeUpdate();
        if (rows == 0) {
            return false;
        }
        em.flush();
        Path file = store.pathOf(sha256);
        Path aside = file.resolveSibling(sha256 + ".removing");
        try {
            if (Files.exists(file)) {
                Files.move(file, aside);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove image " + sha256, e);
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                try {
                    if (status == STATUS_COMMITTED) {
                        Files.deleteIfExists(aside);
                    } else if (Files.exists(aside) && !Files.exists(file)) {
                        Files.move(aside, file);
                    }
                } catch (IOException e) {
                    log.warn("image {}: cannot finish removing {}: {}", sha256, aside, e.toString());
                }
            }
        });
        return true;
    }

    private long count(String sql, long datasetId) {
        Object v = em.createNativeQuery(sql).setParameter(1, datasetId).getSingleResult();
        return ((Number) Objects.requireNonNull(v)).longValue();
    }
}
