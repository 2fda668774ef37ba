package dev.groundwork.storage.image;

import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface GroundTruthRelationRepository extends JpaRepository<GroundTruthRelation, Long> {
    List<GroundTruthRelation> findByImageOrderById(Image image);

    List<GroundTruthRelation> findByImageIn(Collection<Image> images);
}
