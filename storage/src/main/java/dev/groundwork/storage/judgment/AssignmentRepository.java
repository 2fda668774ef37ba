package dev.groundwork.storage.judgment;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface AssignmentRepository extends JpaRepository<Assignment, Long> {
    List<Assignment> findByAnnotatorAndCompletedAtIsNullOrderById(Annotator annotator);

    Optional<Assignment> findByAnnotatorAndComparison(Annotator annotator, Comparison comparison);

    long countByComparison(Comparison comparison);
}
