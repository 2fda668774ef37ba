package dev.groundwork.storage.image;

import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface GroundTruthObjectRepository extends JpaRepository<GroundTruthObject, Long> {
    List<GroundTruthObject> findByImageOrderByObjectKey(Image image);

    List<GroundTruthObject> findByImageIn(Collection<Image> images);
}
