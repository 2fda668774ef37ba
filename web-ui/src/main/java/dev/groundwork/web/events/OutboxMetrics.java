package dev.groundwork.web.events;

import dev.groundwork.annotation.ops.Meters;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The outbox's lag as gauges: rows written but not yet published to Kafka ({@value Meters#OUTBOX_UNPUBLISHED}) and the
 * age of the oldest of them ({@value Meters#OUTBOX_LAG}, 0 when none), read from the workbench database when scraped
 * (one query on the unpublished-rows index, kept for a second so that the two gauges of one scrape agree).
 */
@Component
public class OutboxMetrics implements MeterBinder {

    private record Reading(long unpublished, double oldestSeconds, long atNanos) {}

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private volatile Reading last = new Reading(0, 0, 0);

    public OutboxMetrics(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(Meters.OUTBOX_UNPUBLISHED, this, m -> m.read().unpublished())
                .description("outbox rows not yet published to Kafka").strongReference(true).register(registry);
        Gauge.builder(Meters.OUTBOX_LAG, this, m -> m.read().oldestSeconds()).baseUnit("seconds")
                .description("age of the oldest outbox row not yet published").strongReference(true).register(registry);
    }

    private Reading read() {
        Reading reading = last;
        long now = System.nanoTime();
        if (reading.atNanos() != 0 && now - reading.atNanos() < Duration.ofSeconds(1).toNanos()) {
            return reading;
        }
        reading = jdbc.query("select count(*), min(created_at) from outbox_event where published_at is null", rs -> {
            rs.next();
            long count = rs.getLong(1);
            Timestamp oldest = rs.getTimestamp(2);
            double age = oldest == null ? 0
                    : Math.max(0, Duration.between(oldest.toInstant(), Instant.now(clock)).toMillis() / 1000.0);
            return new Reading(count, age, now);
        });
        last = reading;
        return reading;
    }
}
