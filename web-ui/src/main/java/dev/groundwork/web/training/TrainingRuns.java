package dev.groundwork.web.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.annotation.event.CheckpointSaved.OffsetRange;
import dev.groundwork.storage.training.Checkpoint;
import dev.groundwork.storage.training.CheckpointJudge;
import dev.groundwork.storage.training.CheckpointRepository;
import dev.groundwork.storage.training.MetricPointRepository;
import dev.groundwork.storage.training.MetricPointRepository.RunProgress;
import dev.groundwork.storage.training.TrainingRun;
import dev.groundwork.storage.training.TrainingRunRepository;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the Training view reads, read-only: the runs the trainer service reported (see {@link TrainingEventStore}),
 * newest first, with how far their metrics have come; a run's metric points as they arrive; its checkpoints with
 * their provenance and lineage (the judgment-topic offset ranges and the judges who decided the pairs).
 */
@Service
public class TrainingRuns {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TrainingRunRepository runs;
    private final MetricPointRepository metrics;
    private final CheckpointRepository checkpoints;

    public TrainingRuns(TrainingRunRepository runs, MetricPointRepository metrics, CheckpointRepository checkpoints) {
        this.runs = runs;
        this.metrics = metrics;
        this.checkpoints = checkpoints;
    }

    /**
     * A run as the list shows it.
     *
     * @param lastStep the latest step it reported metrics for, 0 before the first
     * @param points how many metric values it reported
     */
    public record RunSummary(long id, Optional<String> runKey, String objective, TrainingRun.Status status,
            Instant startedAt, Optional<Instant> finishedAt, long lastStep, Optional<Long> totalSteps,
            Optional<String> device, Optional<Integer> round, Optional<String> data, Optional<String> error,
            long points) {}

    /** One stored metric value. */
    public record Sample(long id, long step, String name, double value) {}

    /** A judge whose verdicts decided {@code pairs} of a checkpoint's pairs. */
    public record Judge(String kind, String id, long pairs) {}

    /**
     * A checkpoint and its lineage.
     *
     * @param offsetRanges the judgment-topic records its round trained on (empty for world or file data)
     * @param judges who decided its pairs, humans first, then critics, then reviewers, most pairs first (empty when
     *     it trained on no judgments, or the trainer that saved it did not report them)
     */
    public record Lineage(long step, String uri, String provenance, Optional<Long> pairs, Optional<String> policyVersion,
            Instant savedAt, List<OffsetRange> offsetRanges, List<Judge> judges) {

        /** It trained on judgments, but the trainer that saved it predates reporting who judged them. */
        public boolean judgesUnreported() {
            return judges.isEmpty() && !offsetRanges.isEmpty();
        }
    }

    /** The {@code limit} runs that started last, newest first. */
    @Transactional(readOnly = true)
    public List<RunSummary> newestFirst(int limit) {
        List<TrainingRun> found = runs.findAllByOrderByStartedAtDescIdDesc(Limit.of(limit));
        Map<Long, RunProgress> progress = found.isEmpty() ? Map.of()
                : metrics.progressOf(found.stream().map(TrainingRun::getId).toList()).stream()
                        .collect(Collectors.toMap(RunProgress::getRunId, Function.identity()));
        return found.stream().map(r -> {
            Optional<RunProgress> p = Optional.ofNullable(progress.get(r.getId()));
            return new RunSummary(r.getId(), r.getRunKey(), r.getObjective(), r.getStatus(), r.getStartedAt(),
                    r.getFinishedAt(), p.map(RunProgress::getLastStep).orElse(0L), r.getTotalSteps(),
                    Optional.ofNullable(r.getDevice()), r.getRoundNumber(), r.getDataDescription(), r.getError(),
                    p.map(RunProgress::getPoints).orElse(0L));
        }).toList();
    }

    /** The run's metric values stored after the one with id {@code afterId} (0: all), in the order they were stored. */
    @Transactional(readOnly = true)
    public List<Sample> samplesAfter(long runId, long afterId) {
        return runs.findById(runId)
                .map(run -> metrics.findByRunAndIdGreaterThanOrderById(run, afterId).stream()
                        .map(m -> new Sample(m.getId(), m.getStep(), m.getName(), m.getValue())).toList())
                .orElse(List.of());
    }

    /** The run's checkpoints by step, with their lineage. */
    @Transactional(readOnly = true)
    public List<Lineage> checkpoints(long runId) {
        return runs.findById(runId).map(run -> checkpoints.findByRunOrderByStep(run).stream().map(TrainingRuns::lineage)
                .toList()).orElse(List.of());
    }

    private static Lineage lineage(Checkpoint c) {
        List<Judge> judges = c.getJudges().stream()
                .sorted(Comparator.comparingInt((CheckpointJudge j) -> CheckpointJudge.KINDS.indexOf(j.getJudgeKind()))
                        .thenComparing(Comparator.comparingLong(CheckpointJudge::getPairCount).reversed())
                        .thenComparing(CheckpointJudge::getJudgeId))
                .map(j -> new Judge(j.getJudgeKind(), j.getJudgeId(), j.getPairCount())).toList();
        return new Lineage(c.getStep(), c.getPath(), c.getProvenance(), c.getPairCount(), c.getPolicyVersion(),
                c.getCreatedAt(), c.getOffsetRanges().map(TrainingRuns::ranges).orElse(List.of()), judges);
    }

    /** The stored offset ranges (JSON written by the events store from the event's records). */
    static List<OffsetRange> ranges(String json) {
        try {
            List<OffsetRange> ranges = JSON.readValue(json, new TypeReference<List<OffsetRange>>() {});
            return ranges == null ? List.of() : ranges;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a checkpoint's offset ranges are not the JSON the events store writes: "
                    + json, e);
        }
    }
}
