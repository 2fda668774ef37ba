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

    /**
     * The cluster named by the environment, when one is: {@code GW_KAFKA_BOOTSTRAP}, client settings from
     * {@code GW_KAFKA_CLIENT_*} ({@code GW_KAFKA_CLIENT_SECURITY_PROTOCOL=SASL_SSL} becomes
     * {@code security.protocol=SASL_SSL}) and {@code GW_KAFKA_REPLICATION_FACTOR} (default 3).
     */
    public static java.util.Optional<KafkaConnection> fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    static java.util.Optional<KafkaConnection> fromEnvironment(Map<String, String> env) {
        String bootstrap = env.get("GW_KAFKA_BOOTSTRAP");
        if (bootstrap == null || bootstrap.isBlank()) {
            return java.util.Optional.empty();
        }
        Map<String, String> client = new HashMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("GW_KAFKA_CLIENT_")) {
                client.put(k.substring("GW_KAFKA_CLIENT_".length()).toLowerCase(java.util.Locale.ROOT).replace('_', '.'), v);
            }
        });
        String rf = env.getOrDefault("GW_KAFKA_REPLICATION_FACTOR", "3");
        try {
            return java.util.Optional.of(new KafkaConnection(bootstrap, client, Short.parseShort(rf)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("GW_KAFKA_REPLICATION_FACTOR must be a number, was '" + rf + "'");
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
