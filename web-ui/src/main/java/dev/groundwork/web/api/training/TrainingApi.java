package dev.groundwork.web.api.training;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.groundwork.storage.training.CheckpointRepository;
import dev.groundwork.storage.training.MetricPointRepository;
import dev.groundwork.storage.training.TrainingRun;
import dev.groundwork.storage.training.TrainingRunRepository;
import dev.groundwork.web.api.ApiPaths;
import dev.groundwork.web.api.CursorPage;
import dev.groundwork.web.api.NotFoundException;
import dev.groundwork.web.api.PageLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** What the trainer reported of its runs, read-only: the runs, newest first, their latest metrics and checkpoints. */
@RestController
@RequestMapping(ApiPaths.V1 + "/training/runs")
@Tag(name = "training", description = "Training runs and their checkpoints, read-only")
public class TrainingApi {

    /** A run as the trainer reported it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RunView(long id, Optional<String> runKey, String objective, TrainingRun.Status status, long seed,
            Optional<String> device, Optional<Integer> roundNumber, Optional<Long> totalSteps,
            Optional<String> dataDescription, Instant startedAt, Optional<Instant> finishedAt, Optional<String> error) {
        static RunView of(TrainingRun r) {
            return new RunView(r.getId(), r.getRunKey(), r.getObjective(), r.getStatus(), r.getSeed(),
                    Optional.ofNullable(r.getDevice()), r.getRoundNumber(), r.getTotalSteps(), r.getDataDescription(),
                    r.getStartedAt(), r.getFinishedAt(), r.getError());
        }
    }

    /** A metric's value at its latest step. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record MetricView(String name, long step, double value, Instant recordedAt) {}

    /** A run with each of its metrics' latest values. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record RunDetail(RunView run, List<MetricView> latestMetrics) {}

    /** A judge who decided {@code pairs} of a checkpoint's pairs: {@code HUMAN}, {@code CRITIC} or {@code REVIEWER}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record JudgeView(String judgeKind, String judgeId, long pairs) {}

    /** A checkpoint the run saved, with the judges who decided its pairs (empty when not reported). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record CheckpointView(long step, String path, String provenance, Optional<Long> pairCount,
            Optional<String> policyVersion, Instant createdAt, List<JudgeView> judges) {}

    private final TrainingRunRepository runs;
    private final MetricPointRepository metrics;
    private final CheckpointRepository checkpoints;
    private final PageLimits limits;

    public TrainingApi(TrainingRunRepository runs, MetricPointRepository metrics, CheckpointRepository checkpoints,
            PageLimits limits) {
        this.runs = runs;
        this.metrics = metrics;
        this.checkpoints = checkpoints;
        this.limits = limits;
    }

    @GetMapping
    @Operation(summary = "List the training runs, newest first")
    public CursorPage<RunView> list(
            @Parameter(description = "next_cursor of the previous page") @RequestParam("cursor") Optional<String> cursor,
            @RequestParam(name = "limit", defaultValue = "" + PageLimits.DEFAULT) int limit) {
        int n = limits.of(limit);
        long before = cursor.map(CursorPage::decodeLong).orElse(Long.MAX_VALUE);
        List<RunView> fetched = runs.findByIdLessThanOrderByIdDesc(before, Limit.of(n + 1)).stream().map(RunView::of).toList();
        return CursorPage.of(fetched, n, r -> Long.toString(r.id()));
    }

    @GetMapping("/{id}")
    @Operation(summary = "One training run with its metrics' latest values")
    public RunDetail get(@PathVariable("id") long id) {
        TrainingRun run = run(id);
        List<MetricView> latest = metrics.findLatestByRun(run).stream()
                .map(m -> new MetricView(m.getName(), m.getStep(), m.getValue(), m.getRecordedAt())).toList();
        return new RunDetail(RunView.of(run), latest);
    }

    @GetMapping("/{id}/checkpoints")
    @Operation(summary = "A training run's checkpoints, by step, with the judges who decided their pairs")
    @Transactional(readOnly = true)
    public List<CheckpointView> checkpoints(@PathVariable("id") long id) {
        return checkpoints.findByRunOrderByStep(run(id)).stream().map(c -> new CheckpointView(c.getStep(), c.getPath(),
                c.getProvenance(), c.getPairCount(), c.getPolicyVersion(), c.getCreatedAt(), c.getJudges().stream()
                        .map(j -> new JudgeView(j.getJudgeKind(), j.getJudgeId(), j.getPairCount())).toList())).toList();
    }

    private TrainingRun run(long id) {
        return runs.findById(id).orElseThrow(() -> new NotFoundException("no training run with id " + id));
    }
}
