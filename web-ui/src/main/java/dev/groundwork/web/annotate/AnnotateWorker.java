package dev.groundwork.web.annotate;

import jakarta.annotation.PreDestroy;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * Database work of the annotate view that need not hold up the next item: recording a verdict once
 * its undo window has passed, and fetching the next assignments ahead of need. On shutdown it
 * finishes what was handed to it, so no verdict an annotator left the view with is dropped.
 */
@Component
public class AnnotateWorker {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "annotate-worker-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    ExecutorService executor() {
        return executor;
    }

    @PreDestroy
    void finish() throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
            executor.shutdownNow();
        }
    }
}
