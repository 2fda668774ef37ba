package dev.groundwork.storage.training;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface MetricPointRepository extends JpaRepository<MetricPoint, Long> {
    List<MetricPoint> findByRunAndNameOrderByStep(TrainingRun run, String name);

    /** Each metric's point at its latest step of a run, by name. */
    @org.springframework.data.jpa.repository.Query("""
            select m from MetricPoint m where m.run = :run
            and m.step = (select max(n.step) from MetricPoint n where n.run = :run and n.name = m.name)
            order by m.name""")
    List<MetricPoint> findLatestByRun(@org.springframework.data.repository.query.Param("run") TrainingRun run);
}
