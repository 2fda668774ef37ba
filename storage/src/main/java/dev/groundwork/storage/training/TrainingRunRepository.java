package dev.groundwork.storage.training;

import org.springframework.data.jpa.repository.JpaRepository;

public interface TrainingRunRepository extends JpaRepository<TrainingRun, Long> {
    java.util.Optional<TrainingRun> findByRunKey(String runKey);

    /** Runs with an id below {@code beforeId}, newest (highest id) first (cursor pagination). */
    java.util.List<TrainingRun> findByIdLessThanOrderByIdDesc(long beforeId, org.springframework.data.domain.Limit limit);

    /** The {@code limit} runs that started last, newest first. */
    java.util.List<TrainingRun> findAllByOrderByStartedAtDescIdDesc(org.springframework.data.domain.Limit limit);
}
