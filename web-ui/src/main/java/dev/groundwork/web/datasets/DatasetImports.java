package dev.groundwork.web.datasets;

import dev.groundwork.storage.dataset.DatasetImporter;
import dev.groundwork.storage.dataset.ImportProgress;
import dev.groundwork.storage.dataset.ImportSummary;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs uploaded imports off the UI thread, one at a time: an import writes a whole dataset in one
 * transaction, so two at once would only compete for the database. The Datasets view and the API's import jobs
 * share this one queue. The staged upload is removed
 * when its import ends, whatever the outcome.
 */
@Component
public class DatasetImports implements DisposableBean {

    private final DatasetImporter importer;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
        Thread t = new Thread(task, "gw-dataset-import");
        t.setDaemon(true);
        return t;
    });

    DatasetImports(DatasetImporter importer) {
        this.importer = importer;
    }

    /** Queues the import; the future fails with the importer's exception (an {@code ImportException} when refused). */
    public CompletableFuture<ImportSummary> start(DatasetUpload.Staged upload, Optional<String> name, String actor,
            ImportProgress progress) {
        CompletableFuture<ImportSummary> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    result.complete(importer.importDataset(upload.file(), name, actor, progress));
                } catch (RuntimeException | Error e) {
                    result.completeExceptionally(e);
                } finally {
                    upload.delete();
                }
            });
        } catch (RuntimeException e) {
            upload.delete();
            result.completeExceptionally(e);
        }
        return result;
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
