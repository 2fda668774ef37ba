package dev.groundwork.storage.dataset;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.EntityGraph;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface ItemRepository extends JpaRepository<Item, Long> {

    @EntityGraph(attributePaths = "image")
    List<Item> findByDatasetOrderByPosition(Dataset dataset);

    Optional<Item> findByDatasetAndExternalId(Dataset dataset, String externalId);

    long countByDataset(Dataset dataset);

    @Query("select count(distinct i.image) from Item i where i.dataset = :dataset")
    long countImagesOfDataset(@Param("dataset") Dataset dataset);
}
