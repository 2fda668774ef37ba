package dev.groundwork.storage.training;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface MetricPointRepository extends JpaRepository<MetricPoint, Long> {
    List<MetricPoint> findByRunAndNameOrderByStep(TrainingRun run, String name);

    /** A run's points stored after the one with id {@code afterId} (0: all of them), in the order they were stored. */
    List<MetricPoint> findByRunAndIdGreaterThanOrderById(TrainingRun run, long afterId);

    /** How far each run's metrics have come: its latest step and how many points it has. */
    interface RunProgress {
        long getRunId();

        long getLastStep();

        long getPoints();
    }

    /** {@link RunProgress} of each of these runs that has metric points. */
    @org.springframework.data.jpa.repository.Query("""
            select m.run.id as runId, max(m.step) as lastStep, count(m) as points from MetricPoint m
            where m.run.id in :runs group by m.run.id""")
    List<RunProgress> progressOf(@org.springframework.data.repository.query.Param("runs") java.util.Collection<Long> runs);

    /** Each metric's point at its latest step of a run, by name. */
    @org.springframework.data.jpa.repository.Query("""
            select m from MetricPoint m where m.run = :run
            and m.step = (select max(n.step) from MetricPoint n where n.run = :run and n.name = m.name)
            order by m.name""")
    List<MetricPoint> findLatestByRun(@org.springframework.data.repository.query.Param("run") TrainingRun run);
}
