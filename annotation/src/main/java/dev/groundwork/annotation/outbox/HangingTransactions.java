package dev.groundwork.annotation.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.AbortTransactionSpec;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ProducerState;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.admin.TransactionDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repairs transactions of this relay that a broker left open, without losing their records.
 *
 * <p>Why: when a single-node broker is killed between a transaction's PREPARE_COMMIT and its
 * commit markers, the restarted transaction coordinator can load its state before the partition
 * leaders are known and then skips the markers (it takes the partitions for deleted). The
 * partition keeps an open transaction forever and {@code read_committed} consumers stop at it.
 * Kafka's remedy ({@code kafka-transactions.sh find-hanging / abort}) aborts it, which would drop
 * records the relay already saw committed.
 *
 * <p>What: called right after {@code initTransactions()} and before the relay's next
 * transaction, when no transaction of this producer can legitimately be open. For every
 * partition where this producer id still has an open transaction: read that transaction's records
 * ({@code read_uncommitted}, identified by the relay's per-transaction header), publish them again
 * in a new transaction, then abort the hanging one. Consumers deduplicate by event id, so a record
 * that is published twice is still counted once.
 */
final class HangingTransactions {

    private static final Logger log = LoggerFactory.getLogger(HangingTransactions.class);
    static final String TXN_HEADER = "groundwork.relay.txn";

    private HangingTransactions() {}

    /** @return the number of hanging transactions repaired */
    static int repair(Admin admin, String transactionalId, Collection<String> topics, Map<String, Object> consumerBase,
            KafkaProducer<String, byte[]> producer, String newTxnTag) {
        try {
            TransactionDescription txn = admin.describeTransactions(List.of(transactionalId))
                    .description(transactionalId).get(15, TimeUnit.SECONDS);
            List<TopicPartition> partitions = new ArrayList<>();
            for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get(15, TimeUnit.SECONDS).values()) {
                d.partitions().forEach(p -> partitions.add(new TopicPartition(d.name(), p.partition())));
            }
            int repaired = 0;
            for (var entry : admin.describeProducers(partitions).all().get(15, TimeUnit.SECONDS).entrySet()) {
                for (ProducerState state : entry.getValue().activeProducers()) {
                    if (state.producerId() == txn.producerId() && state.currentTransactionStartOffset().isPresent()) {
                        repairOne(admin, entry.getKey(), state, consumerBase, producer, newTxnTag);
                        repaired++;
                    }
                }
            }
            return repaired;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking for hanging transactions", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot check for hanging transactions: " + e.getMessage(), e);
        }
    }

    private static void repairOne(Admin admin, TopicPartition tp, ProducerState state, Map<String, Object> consumerBase,
            KafkaProducer<String, byte[]> producer, String newTxnTag) throws InterruptedException, ExecutionException, TimeoutException {
        long start = state.currentTransactionStartOffset().getAsLong();
        List<ConsumerRecord<String, byte[]>> records = readTransaction(tp, start, consumerBase);
        log.warn("repairing hanging transaction on {} at offset {} (producer {} epoch {}): republishing {} records, then aborting it",
                tp, start, state.producerId(), state.producerEpoch(), records.size());
        if (!records.isEmpty()) {
            producer.beginTransaction();
            for (ConsumerRecord<String, byte[]> r : records) {
                ProducerRecord<String, byte[]> copy = new ProducerRecord<>(r.topic(), r.partition(), r.key(), r.value());
                for (Header h : r.headers()) {
                    if (!h.key().equals(TXN_HEADER)) {
                        copy.headers().add(h);
                    }
                }
                copy.headers().add(TXN_HEADER, newTxnTag.getBytes(StandardCharsets.UTF_8));
                producer.send(copy);
            }
            producer.commitTransaction();
        }
        admin.abortTransaction(new AbortTransactionSpec(tp, state.producerId(), (short) state.producerEpoch(),
                state.coordinatorEpoch().orElse(-1))).all().get(15, TimeUnit.SECONDS);
    }

    private static List<ConsumerRecord<String, byte[]>> readTransaction(TopicPartition tp, long start, Map<String, Object> base) {
        Map<String, Object> props = new java.util.HashMap<>(base);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props,
                new org.apache.kafka.common.serialization.StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            consumer.seek(tp, start);
            String tag = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(tp) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Header h = r.headers().lastHeader(TXN_HEADER);
                    String t = h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
                    if (tag == null && r.offset() == start) {
                        tag = t;
                    }
                    if (tag != null && tag.equals(t)) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
    }
}
