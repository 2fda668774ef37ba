package dev.groundwork.storage.dataset;

import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.EntityGraph;
import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface ItemRepository extends JpaRepository<Item, Long> {

    @EntityGraph(attributePaths = "image")
    List<Item> findByDatasetOrderByPosition(Dataset dataset);

    /** One page of a dataset's items in import order, with their images. */
    @EntityGraph(attributePaths = "image")
    List<Item> findByDatasetOrderByPosition(Dataset dataset, Pageable page);

    /** The next items of a dataset after a position, in import order, with their images (cursor pagination). */
    @EntityGraph(attributePaths = "image")
    List<Item> findByDatasetAndPositionGreaterThanOrderByPosition(Dataset dataset, int position, Pageable page);

    @EntityGraph(attributePaths = "image")
    Optional<Item> findByDatasetAndPosition(Dataset dataset, int position);

    /**
     * The item, locked for writing until the transaction ends ({@code select … for update}), so that two transactions
     * adding answers to it take their answer positions one after the other.
     */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select i from Item i where i.dataset = :dataset and i.position = :position")
    Optional<Item> lockByDatasetAndPosition(@Param("dataset") Dataset dataset, @Param("position") int position);

    Optional<Item> findByDatasetAndExternalId(Dataset dataset, String externalId);

    long countByDataset(Dataset dataset);

    @Query("select count(distinct i.image) from Item i where i.dataset = :dataset")
    long countImagesOfDataset(@Param("dataset") Dataset dataset);

    /** Per dataset id: its items and distinct images, {@code [datasetId, items, images]}, in one pass. */
    @Query("select i.dataset.id, count(i), count(distinct i.image.id) from Item i group by i.dataset.id")
    List<Object[]> countItemsAndImagesByDataset();
}
