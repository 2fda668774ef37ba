package dev.groundwork.storage.training;

import org.springframework.data.jpa.repository.JpaRepository;

public interface TrainingRunRepository extends JpaRepository<TrainingRun, Long> {
    java.util.Optional<TrainingRun> findByRunKey(String runKey);
}
