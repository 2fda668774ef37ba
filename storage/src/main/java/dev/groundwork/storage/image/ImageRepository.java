package dev.groundwork.storage.image;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ImageRepository extends JpaRepository<Image, Long> {
    Optional<Image> findBySha256(String sha256);

    List<Image> findBySha256In(Collection<String> sha256s);
}
