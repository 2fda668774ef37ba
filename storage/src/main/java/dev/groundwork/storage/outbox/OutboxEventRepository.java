package dev.groundwork.storage.outbox;

import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;

public interface OutboxEventRepository extends JpaRepository<OutboxEvent, Long> {
    Optional<OutboxEvent> findByEventId(String eventId);

    List<OutboxEvent> findByPublishedAtIsNullOrderById(Limit limit);

    long countByPublishedAtIsNull();
}
