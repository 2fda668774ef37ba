package dev.groundwork.annotation.event;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Where Kafka is and how to reach it. {@code client} holds any extra client settings, e.g. for
 * production {@code security.protocol=SASL_SSL}, {@code sasl.mechanism=SCRAM-SHA-512},
 * {@code sasl.jaas.config=...}, {@code ssl.truststore.location=...} (see
 * {@code docs/configuration.md}); they apply to producers, consumers and admin clients alike.
 */
public record KafkaConnection(String bootstrapServers, Map<String, String> client, short replicationFactor) {

    public KafkaConnection {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("Kafka bootstrap servers are not set (GW_KAFKA_BOOTSTRAP)");
        }
        client = Map.copyOf(Objects.requireNonNull(client, "client"));
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replication factor must be at least 1");
        }
    }

    public static KafkaConnection local(String bootstrapServers) {
        return new KafkaConnection(bootstrapServers, Map.of(), (short) 1);
    }

    /** The common settings, to which each client adds its own. */
    public Map<String, Object> base() {
        Map<String, Object> m = new HashMap<>(client);
        m.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return m;
    }

    public Admin admin() {
        Map<String, Object> m = base();
        m.putIfAbsent(CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
        m.putIfAbsent(CommonClientConfigs.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return Admin.create(m);
    }

    /** Creates Groundwork's topics that do not exist yet. */
    public void ensureTopics() {
        try (Admin admin = admin()) {
            List<NewTopic> topics = Topics.ALL.stream().map(t -> new NewTopic(t, Topics.PARTITIONS, replicationFactor)).toList();
            for (var e : admin.createTopics(topics).values().entrySet()) {
                try {
                    e.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + e.getKey() + ": " + ex.getCause().getMessage(), ex);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer while creating topics", e);
        }
    }
}
