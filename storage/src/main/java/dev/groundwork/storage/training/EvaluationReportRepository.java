package dev.groundwork.storage.training;

import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;

public interface EvaluationReportRepository extends JpaRepository<EvaluationReport, Long> {

    Optional<EvaluationReport> findByEvaluationKey(String evaluationKey);

    /** Newest first (by when the evaluation finished, then by arrival). */
    List<EvaluationReport> findAllByOrderByOccurredAtDescIdDesc(Limit limit);
}
