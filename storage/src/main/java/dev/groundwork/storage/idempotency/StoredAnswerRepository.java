package dev.groundwork.storage.idempotency;

import java.util.Optional;
import org.springframework.data.jpa.repository.JpaRepository;

public interface StoredAnswerRepository extends JpaRepository<StoredAnswer, Long> {
    Optional<StoredAnswer> findByCallerAndKey(String caller, String key);
}
