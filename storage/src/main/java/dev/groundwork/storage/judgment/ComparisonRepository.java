package dev.groundwork.storage.judgment;

import dev.groundwork.storage.dataset.Dataset;
import dev.groundwork.storage.dataset.Item;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface ComparisonRepository extends JpaRepository<Comparison, Long> {
    List<Comparison> findByItem(Item item);

    @Query("select c from Comparison c where c.item.dataset = :dataset order by c.id")
    List<Comparison> findByDataset(@Param("dataset") Dataset dataset);

    @Query("select count(c) from Comparison c where c.item.dataset.name = :name")
    long countByDatasetName(@Param("name") String datasetName);

    /** Per dataset name: its comparisons, {@code [name, comparisons]}, in one pass; datasets without any are left out. */
    @Query("select c.item.dataset.name, count(c) from Comparison c group by c.item.dataset.name")
    List<Object[]> countByDatasetNames();

    /** A comparison with everything an event needs: item, image, dataset and both responses. */
    @Query("""
            select c from Comparison c
            join fetch c.item i join fetch i.image join fetch i.dataset
            join fetch c.responseA join fetch c.responseB
            where c.id = :id""")
    Optional<Comparison> findWithContent(@Param("id") long id);

    @Query("""
            select c from Comparison c
            join fetch c.item i join fetch i.image join fetch i.dataset
            join fetch c.responseA join fetch c.responseB
            where c.id in :ids""")
    List<Comparison> findWithContent(@Param("ids") java.util.Collection<Long> ids);

    /** A dataset's comparisons after id {@code afterId}, by id, with item and both responses (cursor pagination). */
    @Query("""
            select c from Comparison c join fetch c.item i join fetch c.responseA join fetch c.responseB
            where i.dataset = :dataset and c.id > :afterId order by c.id""")
    List<Comparison> findByDatasetAfter(@Param("dataset") Dataset dataset, @Param("afterId") long afterId,
            org.springframework.data.domain.Pageable page);
}
