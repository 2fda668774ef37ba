package dev.groundwork.storage.judgment;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface AnnotatorRepository extends JpaRepository<Annotator, Long> {
    Optional<Annotator> findBySubject(String subject);
}
