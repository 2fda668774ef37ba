package dev.groundwork.storage.judgment;

import dev.groundwork.storage.dataset.Dataset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface ResolutionRepository extends JpaRepository<Resolution, Long> {
    @Query("select r from Resolution r where r.comparison.id = :comparisonId")
    Optional<Resolution> findByComparisonId(@Param("comparisonId") long comparisonId);

    /** Every resolution of a dataset's comparisons, with the comparison (item, image, responses) fetched. */
    @Query("select r from Resolution r join fetch r.comparison c join fetch c.item i join fetch i.image"
            + " join fetch c.responseA join fetch c.responseB where i.dataset = :dataset order by c.id")
    List<Resolution> findByDataset(@Param("dataset") Dataset dataset);

    @Query("select r.comparison.id from Resolution r where r.comparison.id in :ids")
    List<Long> findResolvedAmong(@Param("ids") Collection<Long> comparisonIds);
}
