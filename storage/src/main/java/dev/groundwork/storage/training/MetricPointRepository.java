package dev.groundwork.storage.training;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface MetricPointRepository extends JpaRepository<MetricPoint, Long> {
    List<MetricPoint> findByRunAndNameOrderByStep(TrainingRun run, String name);
}
