package dev.groundwork.storage.judgment;

import dev.groundwork.storage.dataset.Dataset;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface JudgmentRepository extends JpaRepository<Judgment, Long> {
    Optional<Judgment> findByIdempotencyKey(String idempotencyKey);

    List<Judgment> findByComparisonOrderById(Comparison comparison);

    @Query("select j from Judgment j join fetch j.comparison c where c.item.dataset = :dataset order by c.id, j.id")
    List<Judgment> findByDataset(@Param("dataset") Dataset dataset);

    long countByJudgeKind(JudgeKind judgeKind);

    /**
     * A judge's newest judgments that no correction superseded, newest first, with the comparison's
     * item, image, dataset and responses fetched.
     */
    @Query("""
            select j from Judgment j join fetch j.comparison c join fetch c.item i join fetch i.image join fetch i.dataset
            join fetch c.responseA join fetch c.responseB
            where j.judgeId = :judgeId and j.judgeKind = :kind
            and not exists (select s.id from Judgment s where s.supersedesId = j.id)
            order by j.createdAt desc, j.id desc""")
    List<Judgment> findCurrentByJudge(@Param("judgeId") String judgeId, @Param("kind") JudgeKind kind,
            org.springframework.data.domain.Pageable page);

    /**
     * Judgments after id {@code afterId}, by id, with their comparison, item and dataset fetched; each filter applies
     * when its {@code any…} flag is false.
     */
    @Query("""
            select j from Judgment j join fetch j.comparison c join fetch c.item i join fetch i.dataset d
            where j.id > :afterId
            and (:anyDataset = true or d.name = :dataset)
            and (:anyKind = true or j.judgeKind = :kind)
            and (:anyJudge = true or j.judgeId = :judgeId)
            and j.createdAt >= :since
            order by j.id""")
    List<Judgment> findAfter(@Param("afterId") long afterId, @Param("anyDataset") boolean anyDataset,
            @Param("dataset") String dataset, @Param("anyKind") boolean anyKind, @Param("kind") JudgeKind kind,
            @Param("anyJudge") boolean anyJudge, @Param("judgeId") String judgeId, @Param("since") java.time.Instant since,
            org.springframework.data.domain.Pageable page);

    /** Whether a correction already superseded the judgment. */
    boolean existsBySupersedesId(Long supersedesId);

    /** How many current judgments (none a correction superseded) a comparison has. */
    interface ComparisonJudgments {
        Long getComparisonId();

        long getJudgments();
    }

    /** Current judgment counts of the given comparisons; those without judgments are left out. */
    @Query("""
            select j.comparison.id as comparisonId, count(j) as judgments from Judgment j
            where j.comparison.id in :ids and not exists (select s.id from Judgment s where s.supersedesId = j.id)
            group by j.comparison.id""")
    List<ComparisonJudgments> countCurrentByComparisons(@Param("ids") java.util.Collection<Long> comparisonIds);
}
