package dev.groundwork.storage.judgment;

import dev.groundwork.storage.dataset.Dataset;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface JudgmentRepository extends JpaRepository<Judgment, Long> {
    Optional<Judgment> findByIdempotencyKey(String idempotencyKey);

    @Query("select j from Judgment j join fetch j.comparison where j.idempotencyKey in :keys")
    List<Judgment> findByIdempotencyKeyIn(@Param("keys") java.util.Collection<String> keys);

    List<Judgment> findByComparisonOrderById(Comparison comparison);

    @Query("select j from Judgment j join fetch j.comparison c where c.item.dataset = :dataset order by c.id, j.id")
    List<Judgment> findByDataset(@Param("dataset") Dataset dataset);

    long countByJudgeKind(JudgeKind judgeKind);
}
