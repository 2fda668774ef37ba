package dev.groundwork.storage.judgment;

import java.util.List;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface ItemFlagRepository extends JpaRepository<ItemFlag, Long> {

    /** The newest flags first, with the comparison's item and dataset fetched; {@code dataset} empty for all. */
    @Query("""
            select f from ItemFlag f join fetch f.comparison c join fetch c.item i join fetch i.dataset d
            where (:dataset = '' or d.name = :dataset) order by f.createdAt desc, f.id desc""")
    List<ItemFlag> findNewest(@Param("dataset") String dataset, Pageable page);

    @Query("select f from ItemFlag f where f.comparison.id = :comparisonId order by f.createdAt, f.id")
    List<ItemFlag> findByComparisonId(@Param("comparisonId") long comparisonId);
}
