package dev.groundwork.storage.judgment;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface ResolutionRepository extends JpaRepository<Resolution, Long> {
    @Query("select r from Resolution r where r.comparison.id = :comparisonId")
    Optional<Resolution> findByComparisonId(@Param("comparisonId") long comparisonId);

    @Query("select r.comparison.id from Resolution r where r.comparison.id in :ids")
    List<Long> findResolvedAmong(@Param("ids") Collection<Long> comparisonIds);
}
