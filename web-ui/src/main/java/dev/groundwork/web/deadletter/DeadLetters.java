package dev.groundwork.web.deadletter;

import dev.groundwork.annotation.criticjob.CriticJobs;
import dev.groundwork.annotation.event.CriticRequested;
import dev.groundwork.annotation.event.Topics;
import dev.groundwork.storage.audit.AuditTrail;
import dev.groundwork.storage.outbox.OutboxEvent;
import dev.groundwork.storage.outbox.OutboxEventRepository;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The dead-letter topic as the workbench keeps it ({@code dead_letter}): each record stored once, by its partition and
 * offset, however often it is delivered; then an admin replays or discards it, once.
 *
 * <p>A replay writes the original record (payload and key unchanged) as an outbox row for the topic it came from
 * ({@link DeadLetterReplay}), so the relay publishes it exactly as it publishes everything else; the letter's status,
 * the outbox row and the audit entry ({@value #REPLAY}) commit in one transaction. The outbox row's event id is the
 * replay's own (derived from the letter), not the event's: the original event usually went through this same outbox,
 * whose event ids are unique, and consumers deduplicate by the id inside the payload, which stays as it was. Replaying
 * a critic request also deletes its DEAD_LETTERED outcome ({@link CriticJobs#reopenDeadLettered}), in the same
 * transaction, or the critic service would skip it as decided. A discard ({@value #DISCARD}) only records the
 * decision.
 */
@Service
public class DeadLetters {

    /** Audit actions. */
    public static final String REPLAY = "deadletter.replay";
    public static final String DISCARD = "deadletter.discard";

    /** A letter's state: NEW until an admin decides. */
    public enum Status { NEW, REPLAYED, DISCARDED }

    /** A dead-letter record as it came from the broker. */
    public record Received(int partition, long offset, Optional<String> key, Optional<String> source,
            Optional<String> reason, byte[] payload) {

        public Received {
            if (partition < 0 || offset < 0) {
                throw new IllegalArgumentException("partition and offset must be >= 0, were " + partition + "@" + offset);
            }
            payload = payload.clone();
        }

        /** The record's partition, offset, key, headers and value (an absent value as no bytes). */
        public static Received of(ConsumerRecord<String, byte[]> r) {
            return new Received(r.partition(), r.offset(), Optional.ofNullable(r.key()),
                    header(r, Topics.HEADER_SOURCE), header(r, Topics.HEADER_REASON),
                    r.value() == null ? new byte[0] : r.value());
        }

        private static Optional<String> header(ConsumerRecord<String, byte[]> r, String name) {
            Header h = r.headers().lastHeader(name);
            return h == null || h.value() == null ? Optional.empty()
                    : Optional.of(new String(h.value(), StandardCharsets.UTF_8));
        }
    }

    /**
     * A stored letter.
     *
     * @param replay what a replay would write, or why there is none
     */
    public record Letter(long id, int partition, long offset, Optional<String> key, Optional<String> source,
            Optional<String> reason, byte[] payload, Instant receivedAt, Status status, Optional<String> decidedBy,
            Optional<Instant> decidedAt) {

        public Letter {
            payload = payload.clone();
        }

        /** The payload as text, cut to {@code max} characters, control characters shown as '·'. */
        public String preview(int max) {
            String text = new String(payload, StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", "·");
            return text.length() <= max ? text : text.substring(0, max - 1) + "…";
        }

        /** Why this letter cannot be replayed (whatever its status), or empty when it can. */
        public Optional<String> replayRefusal() {
            return DeadLetterReplay.plan(source, key, payload) instanceof DeadLetterReplay.Refusal r
                    ? Optional.of(r.reason()) : Optional.empty();
        }

        DeadLetterReplay.Plan plan() {
            return DeadLetterReplay.plan(source, key, payload);
        }
    }

    /** A replay or discard that was refused; the message says why. */
    public static final class RefusedException extends RuntimeException {
        RefusedException(String message) {
            super(message);
        }
    }

    private static final String COLUMNS = "id, dlt_partition, dlt_offset, message_key, source, reason, payload,"
            + " received_at, status, decided_by, decided_at";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final OutboxEventRepository outbox;
    private final AuditTrail audit;
    private final CriticJobs criticJobs;
    private final Clock clock;

    public DeadLetters(DataSource dataSource, PlatformTransactionManager txManager, OutboxEventRepository outbox,
            AuditTrail audit, CriticJobs criticJobs, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.tx = new TransactionTemplate(txManager);
        this.outbox = outbox;
        this.audit = audit;
        this.criticJobs = criticJobs;
        this.clock = clock;
    }

    /**
     * Stores a received letter unless its partition and offset are stored already (a redelivery).
     *
     * @return whether it was new
     */
    public boolean store(Received r) {
        Integer stored = jdbc.queryForObject("select count(*) from dead_letter where dlt_partition = ? and dlt_offset = ?",
                Integer.class, r.partition(), r.offset());
        if (stored != null && stored > 0) {
            return false;
        }
        try {
            jdbc.update("insert into dead_letter (dlt_partition, dlt_offset, message_key, source, reason, payload,"
                    + " received_at, status) values (?, ?, ?, ?, ?, ?, ?, ?)", r.partition(), r.offset(),
                    r.key().map(k -> cut(k, 200)).orElse(null), r.source().map(s -> cut(s, 500)).orElse(null),
                    r.reason().map(s -> cut(s, 4000)).orElse(null), r.payload(), Timestamp.from(clock.instant()),
                    Status.NEW.name());
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /** The newest letters first. */
    public List<Letter> recent(int limit) {
        return jdbc.query("select " + COLUMNS + " from dead_letter order by received_at desc, id desc fetch first "
                + Math.max(1, limit) + " rows only", (rs, n) -> row(rs));
    }

    public Optional<Letter> find(long id) {
        return jdbc.query("select " + COLUMNS + " from dead_letter where id = ?", (rs, n) -> row(rs), id).stream()
                .findFirst();
    }

    /** How many letters are in each status (every status, zero included). */
    public Map<Status, Long> counts() {
        Map<Status, Long> counts = new EnumMap<>(Status.class);
        for (Status s : Status.values()) {
            counts.put(s, 0L);
        }
        jdbc.query("select status, count(*) from dead_letter group by status",
                rs -> { counts.put(Status.valueOf(rs.getString(1)), rs.getLong(2)); });
        return counts;
    }

    /**
     * Replays a NEW letter to the topic it came from, through the outbox, audited; all in one transaction.
     *
     * @return the letter as it is now
     * @throws RefusedException when there is no such letter, it was decided already, or it cannot be replayed
     */
    public Letter replay(long id, String actor) {
        return tx.execute(status -> {
            Letter letter = undecided(id);
            if (!(letter.plan() instanceof DeadLetterReplay.Replay replay)) {
                throw new RefusedException("Dead letter " + id + " cannot be replayed: " + letter.replayRefusal().orElseThrow());
            }
            decide(letter, Status.REPLAYED, actor);
            if (replay.event() instanceof CriticRequested request) {
                try {
                    criticJobs.reopenDeadLettered(request.jobId(), request.comparisonId());
                } catch (IllegalArgumentException | IllegalStateException e) {
                    throw new RefusedException("Dead letter " + id + " cannot be replayed: " + e.getMessage());
                }
            }
            String eventId = UUID.nameUUIDFromBytes(("groundwork:dead-letter-replay:" + letter.partition() + "@"
                    + letter.offset()).getBytes(StandardCharsets.UTF_8)).toString();
            outbox.save(new OutboxEvent(eventId, replay.event().type(), replay.topic(), replay.key(), replay.payload(),
                    clock.instant()));
            audit.record(actor, REPLAY, target(letter), cut("to " + replay.topic() + " (key " + replay.key() + ", "
                    + replay.event().type() + " " + replay.event().eventId() + ", outbox event " + eventId + "); reason was: "
                    + letter.reason().orElse("none"), 4000));
            return find(id).orElseThrow();
        });
    }

    /**
     * Discards a NEW letter, audited; in one transaction.
     *
     * @return the letter as it is now
     * @throws RefusedException when there is no such letter or it was decided already
     */
    public Letter discard(long id, String actor) {
        return tx.execute(status -> {
            Letter letter = undecided(id);
            decide(letter, Status.DISCARDED, actor);
            audit.record(actor, DISCARD, target(letter), cut("source " + letter.source().orElse("none") + ", key "
                    + letter.key().orElse("none") + "; reason was: " + letter.reason().orElse("none"), 4000));
            return find(id).orElseThrow();
        });
    }

    private Letter undecided(long id) {
        Letter letter = find(id).orElseThrow(() -> new RefusedException("There is no dead letter " + id));
        if (letter.status() != Status.NEW) {
            throw new RefusedException(alreadyDecided(letter));
        }
        return letter;
    }

    /** NEW → {@code to}; refused when another decision came first (two admins at once). */
    private void decide(Letter letter, Status to, String actor) {
        int changed = jdbc.update("update dead_letter set status = ?, decided_by = ?, decided_at = ? where id = ? and status = ?",
                to.name(), actor, Timestamp.from(clock.instant()), letter.id(), Status.NEW.name());
        if (changed != 1) {
            throw new RefusedException(find(letter.id()).map(DeadLetters::alreadyDecided)
                    .orElse("There is no dead letter " + letter.id()));
        }
    }

    private static String alreadyDecided(Letter letter) {
        return "Dead letter " + letter.id() + " was " + letter.status().name().toLowerCase()
                + letter.decidedBy().map(by -> " by " + by).orElse("")
                + letter.decidedAt().map(at -> " at " + at).orElse("") + "; only new letters can be replayed or discarded";
    }

    private static String target(Letter letter) {
        return "dead letter " + letter.id() + " (" + Topics.DEAD_LETTER + "-" + letter.partition() + "@" + letter.offset()
                + ")";
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private static Letter row(ResultSet rs) throws SQLException {
        byte[] payload = rs.getBytes("payload");
        Timestamp decided = rs.getTimestamp("decided_at");
        return new Letter(rs.getLong("id"), rs.getInt("dlt_partition"), rs.getLong("dlt_offset"),
                Optional.ofNullable(rs.getString("message_key")), Optional.ofNullable(rs.getString("source")),
                Optional.ofNullable(rs.getString("reason")), payload == null ? new byte[0] : payload,
                rs.getTimestamp("received_at").toInstant(), Status.valueOf(rs.getString("status")),
                Optional.ofNullable(rs.getString("decided_by")), Optional.ofNullable(decided).map(Timestamp::toInstant));
    }
}
