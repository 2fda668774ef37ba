package dev.groundwork.storage;

import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.SequenceGenerator;

/**
 * An entity on the hot write path (judgments, their tags, outbox events, audit entries). Ids come
 * from one shared sequence in blocks of 50, so Hibernate can batch the inserts (identity columns
 * force one round trip per row). Rows inserted with plain JDBC take theirs from {@link HotIds}, block by
 * block in the same way.
 */
@MappedSuperclass
public abstract class SequencedEntity extends BaseEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "hot_id")
    @SequenceGenerator(name = "hot_id", sequenceName = HotIds.SEQUENCE, allocationSize = HotIds.BLOCK)
    private Long id;

    @Override
    public Long getId() {
        return id;
    }
}
