package dev.groundwork.web.deadletter;

import dev.groundwork.annotation.ops.Meters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/**
 * The dead letters waiting for an admin as a gauge ({@value Meters#DEAD_LETTERS_WAITING}: the stored letters that are
 * neither replayed nor discarded), read from the workbench database when scraped.
 */
@Component
class DeadLetterMetrics implements MeterBinder {

    private final DeadLetters letters;

    DeadLetterMetrics(DeadLetters letters) {
        this.letters = letters;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(Meters.DEAD_LETTERS_WAITING, letters, l -> l.counts().getOrDefault(DeadLetters.Status.NEW, 0L))
                .description("dead letters neither replayed nor discarded").strongReference(true).register(registry);
    }
}
