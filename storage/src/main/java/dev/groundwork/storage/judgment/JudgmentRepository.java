package dev.groundwork.storage.judgment;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface JudgmentRepository extends JpaRepository<Judgment, Long> {
    Optional<Judgment> findByIdempotencyKey(String idempotencyKey);

    List<Judgment> findByComparisonOrderById(Comparison comparison);
}
