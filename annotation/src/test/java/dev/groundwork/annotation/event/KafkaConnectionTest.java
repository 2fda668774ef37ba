package dev.groundwork.annotation.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaConnectionTest {

    @Test
    void partitions_and_replication_come_from_the_environment() {
        KafkaConnection k = KafkaConnection.fromEnvironment(Map.of("GW_KAFKA_BOOTSTRAP", "k1:9093,k2:9093",
                "GW_KAFKA_PARTITIONS", "12", "GW_KAFKA_REPLICATION_FACTOR", "3")).orElseThrow();
        assertThat(k.partitions()).isEqualTo(12);
        assertThat(k.replicationFactor()).isEqualTo((short) 3);
        assertThat(k.minInSyncReplicas()).isEqualTo(2);
    }

    @Test
    void an_external_cluster_defaults_to_four_partitions_and_three_replicas() {
        KafkaConnection k = KafkaConnection.fromEnvironment(Map.of("GW_KAFKA_BOOTSTRAP", "k1:9093")).orElseThrow();
        assertThat(k.partitions()).isEqualTo(KafkaConnection.DEFAULT_PARTITIONS);
        assertThat(k.replicationFactor()).isEqualTo((short) 3);
    }

    @Test
    void one_replica_keeps_min_insync_replicas_at_one() {
        assertThat(new KafkaConnection("k:1", Map.of(), (short) 1).minInSyncReplicas()).isEqualTo(1);
        assertThat(new KafkaConnection("k:1", Map.of(), (short) 2).minInSyncReplicas()).isEqualTo(1);
    }

    @Test
    void a_partition_count_that_is_not_a_positive_number_is_refused_by_name() {
        assertThatThrownBy(() -> KafkaConnection.fromEnvironment(Map.of("GW_KAFKA_BOOTSTRAP", "k:1", "GW_KAFKA_PARTITIONS", "four")))
                .hasMessageContaining("GW_KAFKA_PARTITIONS must be a number, was 'four'");
        assertThatThrownBy(() -> KafkaConnection.fromEnvironment(Map.of("GW_KAFKA_BOOTSTRAP", "k:1", "GW_KAFKA_PARTITIONS", "0")))
                .hasMessageContaining("topic partitions must be at least 1, was 0");
    }
}
