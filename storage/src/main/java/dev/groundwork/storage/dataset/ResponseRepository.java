package dev.groundwork.storage.dataset;

import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface ResponseRepository extends JpaRepository<Response, Long> {

    List<Response> findByItemOrderByPosition(Item item);

    @Query("select r from Response r join fetch r.item i where i.dataset = :dataset order by i.position, r.position")
    List<Response> findAllOfDataset(@Param("dataset") Dataset dataset);

    @Query("select count(r) from Response r where r.item.dataset = :dataset")
    long countByDataset(@Param("dataset") Dataset dataset);

    /** Per dataset id: its responses, {@code [datasetId, responses]}, in one pass. */
    @Query("select r.item.dataset.id, count(r) from Response r group by r.item.dataset.id")
    List<Object[]> countByDatasets();

    /** How many responses an item has. */
    interface ItemResponses {
        Long getItemId();

        long getResponses();
    }

    /** Response counts of the given items; items without responses are left out. */
    @Query("select r.item.id as itemId, count(r) as responses from Response r where r.item in :items group by r.item.id")
    List<ItemResponses> countByItems(@Param("items") Collection<Item> items);
}
