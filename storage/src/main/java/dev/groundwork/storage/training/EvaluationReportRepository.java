package dev.groundwork.storage.training;

import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;

public interface EvaluationReportRepository extends JpaRepository<EvaluationReport, Long> {

    Optional<EvaluationReport> findByEvaluationKey(String evaluationKey);

    /** Newest first (by when the evaluation finished, then by arrival). */
    List<EvaluationReport> findAllByOrderByOccurredAtDescIdDesc(Limit limit);

    /** Reports after ({@code at}, {@code id}) in the newest-first order (cursor pagination). */
    @org.springframework.data.jpa.repository.Query("""
            select r from EvaluationReport r where r.occurredAt < :at or (r.occurredAt = :at and r.id < :id)
            order by r.occurredAt desc, r.id desc""")
    List<EvaluationReport> findOlderThan(@org.springframework.data.repository.query.Param("at") java.time.Instant at,
            @org.springframework.data.repository.query.Param("id") long id, Limit limit);
}
