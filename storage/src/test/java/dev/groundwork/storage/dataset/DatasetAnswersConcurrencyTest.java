package dev.groundwork.storage.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.storage.TestStorageApplication;
import dev.groundwork.storage.support.Fixtures.DatasetDir;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Pushes of answers that race for the same items: each push locks its items first, in position order, so all succeed
 * and no two answers of an item share a position, whichever order the pushes name the items in.
 */
@SpringBootTest(classes = TestStorageApplication.class)
class DatasetAnswersConcurrencyTest {

    @Autowired DatasetImporter importer;
    @Autowired DatasetAnswers answers;
    @Autowired ResponseRepository responses;
    @Autowired ItemRepository items;
    @Autowired DatasetRepository datasets;
    @TempDir Path tmp;

    @Test
    void racing_pushes_to_the_same_items_all_succeed_with_distinct_positions() throws Exception {
        importer.importDataset(DatasetDir.valid(tmp.resolve("racing"), "racing", 2).write(), Optional.empty(), "test");
        int pushes = 6;
        ExecutorService pool = Executors.newFixedThreadPool(pushes);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<List<DatasetAnswers.Added>>> results = new ArrayList<>();
        for (int t = 0; t < pushes; t++) {
            int thread = t;
            // half name item 1 first, half item 0 first
            List<Integer> order = thread % 2 == 0 ? List.of(0, 1, 0) : List.of(1, 0, 1);
            results.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                List<DatasetAnswers.NewAnswer> batch = new ArrayList<>();
                for (int i = 0; i < order.size(); i++) {
                    batch.add(new DatasetAnswers.NewAnswer(order.get(i), "racer", Optional.empty(), "answer " + thread + "." + i,
                            Optional.of("t" + thread + "-" + i)));
                }
                return answers.add("racing", batch, "racer-" + thread);
            }, pool));
        }
        start.countDown();
        for (var r : results) {
            assertThat(r.get(60, TimeUnit.SECONDS)).hasSize(3);
        }
        pool.shutdown();

        Dataset dataset = datasets.findByName("racing").orElseThrow();
        for (int position : new int[] {0, 1}) {
            List<Integer> positions = responses.findByItemOrderByPosition(
                    items.findByDatasetAndPosition(dataset, position).orElseThrow()).stream().map(Response::getPosition).toList();
            assertThat(positions).doesNotHaveDuplicates();
            // the import's 2 answers, then 1 or 2 from each push
            assertThat(positions).hasSize(2 + pushes / 2 * 2 + pushes / 2);
        }
    }
}
