package dev.groundwork.web.api.imports;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.groundwork.storage.dataset.ImportError;
import dev.groundwork.storage.dataset.ImportException;
import dev.groundwork.storage.dataset.ImportProgress;
import dev.groundwork.storage.dataset.ImportSummary;
import dev.groundwork.web.datasets.DatasetImports;
import dev.groundwork.web.datasets.DatasetUpload;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The API's import jobs: an uploaded dataset file, staged, queued on the same single import queue as the Datasets
 * view's uploads ({@link DatasetImports}), with its progress and outcome kept for {@link #RETENTION} after it was
 * created (at most {@value #MAX_JOBS} jobs). Jobs live in this process's memory only: a restart forgets them, never
 * half a dataset, since an import is all-or-nothing; a job queued or running at a restart wrote nothing.
 */
@Component
public class ImportJobs {

    /** How long a job can be polled after it was created. */
    public static final Duration RETENTION = Duration.ofHours(24);
    static final int MAX_JOBS = 10_000;

    private static final Logger log = LoggerFactory.getLogger(ImportJobs.class);

    public enum Status { QUEUED, RUNNING, SUCCEEDED, FAILED }

    /** One job, as a poll sees it at one moment. */
    public record Snapshot(String id, long sequence, String owner, String fileName, Optional<String> requestedName,
            Status status, Optional<ImportProgress.Phase> phase, int done, int total, Optional<String> dataset,
            Instant createdAt, Optional<Instant> finishedAt, List<ImportError> errors, Optional<ImportSummary> summary) {}

    /** A job's mutable state, updated by the import thread and read by polls. */
    private static final class Job {
        final String id;
        final long sequence;
        final String owner;
        final String fileName;
        final Optional<String> requestedName;
        final Instant createdAt;
        Status status = Status.QUEUED;
        ImportProgress.Phase phase;
        int done;
        int total;
        Instant finishedAt;
        List<ImportError> errors = List.of();
        ImportSummary summary;

        Job(String id, long sequence, String owner, String fileName, Optional<String> requestedName, Instant createdAt) {
            this.id = id;
            this.sequence = sequence;
            this.owner = owner;
            this.fileName = fileName;
            this.requestedName = requestedName;
            this.createdAt = createdAt;
        }

        synchronized Snapshot snapshot() {
            return new Snapshot(id, sequence, owner, fileName, requestedName, status, Optional.ofNullable(phase), done,
                    total, Optional.ofNullable(summary).map(ImportSummary::dataset).or(() -> requestedName), createdAt,
                    Optional.ofNullable(finishedAt), errors, Optional.ofNullable(summary));
        }
    }

    private final DatasetImports imports;
    private final Clock clock;
    private final AtomicLong sequence = new AtomicLong();
    private final Cache<String, Job> jobs = Caffeine.newBuilder().expireAfterWrite(RETENTION).maximumSize(MAX_JOBS).build();

    @Autowired
    public ImportJobs(DatasetImports imports) {
        this(imports, Clock.systemUTC());
    }

    ImportJobs(DatasetImports imports, Clock clock) {
        this.imports = imports;
        this.clock = clock;
    }

    /** Queues the import of a staged file, which the job now owns (it is removed when the import ends). */
    public Snapshot submit(DatasetUpload.Staged upload, Optional<String> name, String owner) {
        Job job = new Job(UUID.randomUUID().toString(), sequence.incrementAndGet(), owner, upload.originalName(), name,
                clock.instant());
        jobs.put(job.id, job);
        ImportProgress progress = (phase, done, total) -> {
            synchronized (job) {
                job.status = Status.RUNNING;
                job.phase = phase;
                job.done = done;
                job.total = total;
            }
        };
        imports.start(upload, name, owner, progress).whenComplete((summary, failure) -> {
            synchronized (job) {
                job.finishedAt = clock.instant();
                if (failure == null) {
                    job.status = Status.SUCCEEDED;
                    job.summary = summary;
                    return;
                }
                job.status = Status.FAILED;
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
                if (cause instanceof ImportException refused) {
                    job.errors = List.copyOf(refused.errors());
                } else {
                    log.error("import job {} of '{}' by {} failed", job.id, job.fileName, owner, cause);
                    job.errors = List.of(ImportError.of(job.fileName,
                            "the import stopped on a server error (logged as import job " + job.id + "); nothing was imported"));
                }
            }
        });
        return job.snapshot();
    }

    /** The job, if {@code caller} may see it: its owner, or anyone when {@code seesAll}. */
    public Optional<Snapshot> find(String id, String caller, boolean seesAll) {
        return Optional.ofNullable(jobs.getIfPresent(id)).map(Job::snapshot)
                .filter(s -> seesAll || s.owner().equals(caller));
    }

    /** The jobs {@code caller} may see, newest first, created before the job of sequence {@code before}. */
    public List<Snapshot> list(String caller, boolean seesAll, long before, int limit) {
        return jobs.asMap().values().stream().map(Job::snapshot)
                .filter(s -> seesAll || s.owner().equals(caller))
                .filter(s -> s.sequence() < before)
                .sorted(Comparator.comparingLong(Snapshot::sequence).reversed())
                .limit(limit)
                .toList();
    }
}
