package dev.groundwork.annotation.dataset;

import dev.groundwork.annotation.event.DatasetDeleted;
import dev.groundwork.annotation.event.DatasetEvent;
import dev.groundwork.annotation.event.DatasetRenamed;
import dev.groundwork.annotation.event.EventCodec;
import dev.groundwork.annotation.event.Topics;
import dev.groundwork.storage.audit.AuditTrail;
import dev.groundwork.storage.dataset.DatasetRemoval;
import dev.groundwork.storage.outbox.OutboxEvent;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An admin's deletion and renaming of datasets. Each is one transaction: the change, its audit entry and its event
 * (through the outbox, on {@link Topics#JUDGMENTS}, for the trainer) commit together or not at all. After a deletion
 * has committed, the images no dataset uses any more are removed from the store.
 */
@Service
public class DatasetAdmin {

    /** What a deletion did. */
    public record Deletion(String dataset, long items, long comparisons, long judgments, int imagesRemoved) {}

    private final DatasetRemoval removal;
    private final AuditTrail audit;
    private final EntityManager em;
    private final TransactionTemplate tx;
    private final Clock clock;

    public DatasetAdmin(DatasetRemoval removal, AuditTrail audit, EntityManager em, PlatformTransactionManager txManager,
            Clock clock) {
        this.removal = removal;
        this.audit = audit;
        this.em = em;
        this.tx = new TransactionTemplate(txManager);
        this.clock = clock;
    }

    /**
     * Deletes a dataset with everything that belongs to it, audited and published as {@link DatasetDeleted}.
     *
     * @throws dev.groundwork.storage.dataset.DatasetNotFoundException when no dataset has that name
     */
    public Deletion delete(String name, String actor) {
        DatasetRemoval.Removed removed = tx.execute(status -> {
            DatasetRemoval.Removed r = removal.remove(name);
            Instant now = clock.instant();
            audit.record(actor, "dataset.delete", name, r.items() + " items, " + r.comparisons() + " comparisons, "
                    + r.judgments() + " judgments");
            publish(new DatasetDeleted(DatasetDeleted.eventId(r.datasetId()), DatasetDeleted.TYPE,
                    DatasetDeleted.SCHEMA_VERSION, now, r.datasetId(), name, r.lastComparisonId(), r.comparisons(),
                    r.judgments(), actor), now);
            return r;
        });
        int images = removal.removeUnusedImages(removed.imageIds());
        return new Deletion(name, removed.items(), removed.comparisons(), removed.judgments(), images);
    }

    /**
     * Renames a dataset, audited and published as {@link DatasetRenamed}.
     *
     * @throws dev.groundwork.storage.dataset.DatasetName.InvalidDatasetNameException when {@code to} breaks the rule
     * @throws dev.groundwork.storage.dataset.DatasetNotFoundException when no dataset is named {@code from}
     * @throws IllegalStateException when {@code to} is taken
     */
    public void rename(String from, String to, String actor) {
        tx.executeWithoutResult(status -> {
            Instant now = clock.instant();
            // The audit entry and the event are written first: the rename itself can still fail (the name is taken),
            // and then neither of them stays.
            audit.record(actor, "dataset.rename", from, "renamed to " + to);
            DatasetRemoval.Renamed r = removal.rename(from, to);
            publish(new DatasetRenamed(DatasetRenamed.newEventId(), DatasetRenamed.TYPE, DatasetRenamed.SCHEMA_VERSION,
                    now, r.datasetId(), from, to, r.lastComparisonId(), actor), now);
        });
    }

    private void publish(DatasetEvent event, Instant now) {
        em.persist(new OutboxEvent(event.eventId(), event.type(), Topics.JUDGMENTS, Long.toString(event.datasetId()),
                EventCodec.encodeToString(event), now));
    }
}
