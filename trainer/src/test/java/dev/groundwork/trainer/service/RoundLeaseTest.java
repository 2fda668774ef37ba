package dev.groundwork.trainer.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.trainer.stream.PairBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One trainer instance of those sharing a pair buffer trains rounds: the lease holder. */
class RoundLeaseTest {

    @TempDir Path tmp;

    @Test
    void a_second_instance_waits_for_the_lease_and_takes_it_when_the_holder_lets_go() throws Exception {
        String url = "jdbc:h2:file:" + tmp.resolve("pairs").toAbsolutePath();
        try (PairBuffer buffer = PairBuffer.open(url)) {
            RoundLease first = RoundLease.await(url, "first", Duration.ofMillis(200), () -> true).orElseThrow();
            AtomicBoolean waited = new AtomicBoolean();
            CompletableFuture<Optional<RoundLease>> second = CompletableFuture.supplyAsync(
                    () -> RoundLease.await(url, "second", Duration.ofMillis(200), () -> {
                        waited.set(true);
                        return true;
                    }));
            Thread.sleep(1500);
            assertThat(second).as("the second instance waits while the first holds the lease").isNotDone();
            assertThat(waited).isTrue();
            // The buffer stays readable and writable while the lease is held: the lease locks only its own row.
            assertThat(buffer.votes()).isZero();
            assertThat(buffer.apply(List.of(), Map.of())).isEqualTo(new PairBuffer.Applied(0, 0));
            first.close();
            RoundLease taken = second.get(10, TimeUnit.SECONDS).orElseThrow();
            taken.close();
        }
    }

    @Test
    void waiting_ends_empty_when_told_to_stop() {
        String url = "jdbc:h2:file:" + tmp.resolve("pairs").toAbsolutePath();
        try (RoundLease held = RoundLease.await(url, "first", Duration.ofMillis(100), () -> true).orElseThrow()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            assertThat(RoundLease.await(url, "second", Duration.ofMillis(100), () -> System.nanoTime() < deadline)).isEmpty();
        }
    }
}
