package dev.groundwork.storage.training;

import org.springframework.data.jpa.repository.JpaRepository;

public interface EvaluationReportRepository extends JpaRepository<EvaluationReport, Long> {}
