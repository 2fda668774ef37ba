package dev.groundwork.storage.judgment;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface AnnotatorRepository extends JpaRepository<Annotator, Long> {
    Optional<Annotator> findBySubject(String subject);

    Optional<Annotator> findByUsername(String username);

    List<Annotator> findBySubjectIn(Collection<String> subjects);
}
