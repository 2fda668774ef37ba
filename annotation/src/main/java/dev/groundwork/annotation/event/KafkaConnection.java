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
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Where Kafka is and how to reach it. {@code client} holds any extra client settings, e.g. for
 * production {@code security.protocol=SASL_SSL}, {@code sasl.mechanism=SCRAM-SHA-512},
 * {@code sasl.jaas.config=...}, {@code ssl.truststore.location=...} (see
 * {@code docs/configuration.md}); they apply to producers, consumers and admin clients alike.
 */
public record KafkaConnection(String bootstrapServers, Map<String, String> client, short replicationFactor, int partitions) {

    /** Partitions per topic when neither {@code GW_KAFKA_PARTITIONS} nor the caller says otherwise. */
    public static final int DEFAULT_PARTITIONS = 4;

    public KafkaConnection {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("Kafka bootstrap servers are not set (GW_KAFKA_BOOTSTRAP)");
        }
        client = Map.copyOf(Objects.requireNonNull(client, "client"));
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replication factor must be at least 1");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("topic partitions must be at least 1, was " + partitions);
        }
    }

    /** A connection whose topics get {@link #DEFAULT_PARTITIONS} partitions. */
    public KafkaConnection(String bootstrapServers, Map<String, String> client, short replicationFactor) {
        this(bootstrapServers, client, replicationFactor, DEFAULT_PARTITIONS);
    }

    /**
     * The cluster named by the environment, when one is: {@code GW_KAFKA_BOOTSTRAP}, client settings from
     * {@code GW_KAFKA_CLIENT_*} ({@code GW_KAFKA_CLIENT_SECURITY_PROTOCOL=SASL_SSL} becomes
     * {@code security.protocol=SASL_SSL}), {@code GW_KAFKA_REPLICATION_FACTOR} (default 3) and
     * {@code GW_KAFKA_PARTITIONS} (default {@value #DEFAULT_PARTITIONS}).
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
        short replicationFactor;
        try {
            replicationFactor = Short.parseShort(rf);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("GW_KAFKA_REPLICATION_FACTOR must be a number, was '" + rf + "'");
        }
        return java.util.Optional.of(new KafkaConnection(bootstrap, client, replicationFactor, partitions(env)));
    }

    /**
     * A single-broker connection (the embedded broker, tests): replication factor 1, partitions from
     * {@code GW_KAFKA_PARTITIONS} (default {@value #DEFAULT_PARTITIONS}).
     */
    public static KafkaConnection local(String bootstrapServers) {
        return new KafkaConnection(bootstrapServers, Map.of(), (short) 1, partitions(System.getenv()));
    }

    /** The same cluster, with topics of {@code n} partitions when Groundwork creates them. */
    public KafkaConnection withPartitions(int n) {
        return new KafkaConnection(bootstrapServers, client, replicationFactor, n);
    }

    /**
     * {@code min.insync.replicas} of the topics Groundwork creates: 2 from replication factor 3 up (a write with
     * {@code acks=all} survives the loss of one broker and is refused rather than kept on one copy), else 1.
     */
    public int minInSyncReplicas() {
        return replicationFactor >= 3 ? 2 : 1;
    }

    static int partitions(Map<String, String> env) {
        String n = env.getOrDefault("GW_KAFKA_PARTITIONS", Integer.toString(DEFAULT_PARTITIONS));
        try {
            return Integer.parseInt(n.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("GW_KAFKA_PARTITIONS must be a number, was '" + n + "'");
        }
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

    /**
     * Creates Groundwork's topics that do not exist yet, with {@link #partitions} partitions, {@link #replicationFactor}
     * replicas and {@link #minInSyncReplicas}. A topic that exists is left as it is: Kafka can add partitions later ({@code kafka-topics --alter}), but
     * that moves keys to other partitions, so records of one comparison written before and after would be read in no
     * fixed order; see {@code deploy/README.md}.
     */
    public void ensureTopics() {
        try (Admin admin = admin()) {
            Map<String, String> config = Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(minInSyncReplicas()));
            List<NewTopic> topics = Topics.ALL.stream()
                    .map(t -> new NewTopic(t, partitions, replicationFactor).configs(config)).toList();
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
