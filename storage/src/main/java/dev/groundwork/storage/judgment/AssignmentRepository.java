package dev.groundwork.storage.judgment;

import dev.groundwork.storage.dataset.Dataset;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface AssignmentRepository extends JpaRepository<Assignment, Long> {
    List<Assignment> findByAnnotatorAndCompletedAtIsNullOrderById(Annotator annotator);

    Optional<Assignment> findByAnnotatorAndComparison(Annotator annotator, Comparison comparison);

    @Query("select a from Assignment a where a.annotator.subject = :subject and a.comparison.id = :comparisonId")
    Optional<Assignment> findBySubjectAndComparison(@Param("subject") String subject, @Param("comparisonId") long comparisonId);

    long countByComparison(Comparison comparison);

    @Query("select a from Assignment a join fetch a.annotator where a.comparison.id in :ids")
    List<Assignment> findByComparisonIds(@Param("ids") java.util.Collection<Long> ids);

    long countByAnnotator(Annotator annotator);

    long countByAnnotatorAndCompletedAtIsNotNull(Annotator annotator);

    @Query("select a from Assignment a join fetch a.annotator where a.comparison.item.dataset = :dataset")
    List<Assignment> findByDataset(@Param("dataset") Dataset dataset);

    /** Open assignments of an annotator in id order, with everything the annotate view shows. */
    @Query("""
            select a from Assignment a join fetch a.comparison c join fetch c.item i join fetch i.image
            join fetch i.dataset join fetch c.responseA join fetch c.responseB
            where a.annotator.subject = :subject and a.completedAt is null and c.id not in :excluding
            order by a.id""")
    List<Assignment> findOpen(@Param("subject") String subject, @Param("excluding") java.util.Collection<Long> excluding,
            org.springframework.data.domain.Pageable page);

    @Query("select count(a) from Assignment a where a.annotator.subject = :subject")
    long countBySubject(@Param("subject") String subject);

    @Query("select count(a) from Assignment a where a.annotator.subject = :subject and a.completedAt is not null")
    long countDoneBySubject(@Param("subject") String subject);
}
