package dev.groundwork.storage.judgment;

import dev.groundwork.storage.dataset.Item;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface ComparisonRepository extends JpaRepository<Comparison, Long> {
    List<Comparison> findByItem(Item item);
}
