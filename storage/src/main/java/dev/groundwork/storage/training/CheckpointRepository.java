package dev.groundwork.storage.training;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface CheckpointRepository extends JpaRepository<Checkpoint, Long> {
    List<Checkpoint> findByRunOrderByStep(TrainingRun run);

    java.util.Optional<Checkpoint> findByRunAndStep(TrainingRun run, long step);
}
