package dev.groundwork.trainer.data;

import dev.groundwork.annotation.event.CheckpointSaved.JudgeCount;
import dev.groundwork.annotation.event.CheckpointSaved.OffsetRange;
import dev.groundwork.annotation.preference.PreferencePolicy;
import dev.groundwork.trainer.stream.PairBuffer;
import dev.groundwork.trainer.train.Picture;
import dev.groundwork.trainer.train.PreferenceExample;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * The pairs the judgment stream delivered between two positions of the judgments topic: every comparison with a
 * vote or a resolution in {@code [from, to)}, decided by the {@link PreferencePolicy} over all of that comparison's
 * votes before {@code to}. Each pair's weight is the policy's agreement weight (1 for a reviewer's resolution).
 * Pairs whose image cannot be had are left out ({@link PairImages} dead-letters them). The set names who decided the
 * pairs it trains on ({@link #judges}), for the checkpoint's lineage.
 */
public final class BufferPreferences implements PreferenceSource {

    private final PairBuffer buffer;
    private final PreferencePolicy policy;
    private final Optional<String> dataset;
    private final Map<TopicPartition, Long> from;
    private final Map<TopicPartition, Long> to;
    private final PairImages images;
    private List<PairBuffer.Pair> pairs;

    /**
     * @param dataset only this dataset's pairs, or every dataset's
     * @param from the first offset per partition (absent: 0)
     * @param to the end offset per partition, exclusive (the buffer's stored offsets when the round starts)
     */
    public BufferPreferences(PairBuffer buffer, PreferencePolicy policy, Optional<String> dataset, Map<TopicPartition, Long> from,
            Map<TopicPartition, Long> to, PairImages images) {
        this.buffer = Objects.requireNonNull(buffer, "buffer");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.dataset = Objects.requireNonNull(dataset, "dataset");
        this.from = Map.copyOf(from);
        this.to = Map.copyOf(to);
        this.images = Objects.requireNonNull(images, "images");
    }

    /** The pairs the policy makes in the range, before images are fetched (read from the buffer once). */
    public synchronized List<PairBuffer.Pair> pairs() {
        if (pairs == null) {
            pairs = buffer.pairsTouched(policy, dataset, from, to);
        }
        return pairs;
    }

    /** The ranges {@code [from, to)} per partition, in partition order. */
    public List<OffsetRange> ranges() {
        List<OffsetRange> ranges = new ArrayList<>();
        TreeSet<TopicPartition> partitions = new TreeSet<>(
                java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
        partitions.addAll(to.keySet());
        for (TopicPartition tp : partitions) {
            long start = from.getOrDefault(tp, 0L);
            ranges.add(new OffsetRange(tp.topic(), tp.partition(), start, Math.max(start, to.get(tp))));
        }
        return ranges;
    }

    @Override
    public PreferenceSet preferences() {
        List<PreferenceExample> train = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<PairBuffer.Pair> used = new ArrayList<>();
        for (PairBuffer.Pair pair : pairs()) {
            Optional<Picture> picture = images.picture(pair);
            if (picture.isEmpty()) {
                continue;
            }
            used.add(pair);
            train.add(new PreferenceExample(picture.get(), pair.prompt(), pair.chosen(), pair.rejected(), pair.weight()));
            texts.add(pair.prompt());
            texts.add(pair.chosen());
            texts.add(pair.rejected());
        }
        StringBuilder description = new StringBuilder("judgment stream" + dataset.map(d -> " (dataset " + d + ")").orElse(""));
        for (OffsetRange r : ranges()) {
            description.append(' ').append(r.topic()).append('-').append(r.partition()).append(" [").append(r.fromOffset())
                    .append(", ").append(r.toOffset()).append(')');
        }
        description.append(", ").append(train.size()).append(" pairs, ").append(policy.version());
        return new PreferenceSet(train, List.of(), texts, description.toString(), ranges(), policy.version(), judges(used));
    }

    /**
     * How many of the pairs each judge decided (a pair with three deciding annotators counts for each), by judge kind
     * in {@link JudgeCount#KINDS} order, then most pairs first, then by id.
     */
    static List<JudgeCount> judges(List<PairBuffer.Pair> pairs) {
        java.util.Map<PairBuffer.Judge, Long> counts = new LinkedHashMap<>();
        for (PairBuffer.Pair pair : pairs) {
            for (PairBuffer.Judge judge : pair.judges()) {
                counts.merge(judge, 1L, Long::sum);
            }
        }
        return counts.entrySet().stream()
                .map(e -> new JudgeCount(e.getKey().kind(), e.getKey().id(), e.getValue()))
                .sorted(Comparator.comparingInt((JudgeCount j) -> JudgeCount.KINDS.indexOf(j.judgeKind()))
                        .thenComparing(Comparator.comparingLong(JudgeCount::pairs).reversed())
                        .thenComparing(JudgeCount::judgeId))
                .toList();
    }
}
