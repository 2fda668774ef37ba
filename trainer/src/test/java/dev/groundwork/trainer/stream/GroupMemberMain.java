package dev.groundwork.trainer.stream;

import dev.groundwork.annotation.event.KafkaConnection;

/**
 * One trainer-group member in a process of its own, for {@link PartitionedFailoverIT}: it consumes the judgments
 * topic into a shared pair buffer until the test kills it (SIGKILL: it never leaves the group, never closes the
 * buffer's connection). Arguments: bootstrap servers, buffer JDBC URL, group id.
 */
public final class GroupMemberMain {

    private GroupMemberMain() {}

    public static void main(String[] args) throws InterruptedException {
        PairBuffer buffer = PairBuffer.open(args[1]);
        JudgmentStreamConsumer consumer = new JudgmentStreamConsumer(KafkaConnection.local(args[0]), buffer,
                JudgmentStreamConsumer.Settings.defaults(args[2]), JudgmentStreamConsumer.Faults.NONE,
                batch -> System.out.println("stored " + batch.size()));
        consumer.start();
        System.out.println("consuming");
        Thread.currentThread().join();
    }
}
