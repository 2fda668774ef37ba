package dev.groundwork.storage.audit;

import java.time.Instant;
import java.util.List;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Slice;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface AuditLogRepository extends JpaRepository<AuditLog, Long> {
    List<AuditLog> findByActionOrderByOccurredAt(String action);

    /**
     * Entries newest first. Each filter applies when given: {@code actorLike} and {@code actionLike}
     * are lower-case SQL LIKE patterns, {@code from} inclusive and {@code to} exclusive. The actor
     * matches by the recorded id (a Keycloak subject or a user name) or by the user name or display
     * name of the annotator that id names. A slice, not a page: no count of every match (the audit log grows to
     * millions of rows).
     */
    @Query("""
            select a from AuditLog a
            where (lower(a.actor) like :actorLike or exists (
                    select 1 from Annotator n where (n.subject = a.actor or n.username = a.actor)
                      and (lower(n.displayName) like :actorLike or lower(coalesce(n.username, '')) like :actorLike)))
              and lower(a.action) like :actionLike
              and lower(coalesce(a.target, '')) like :targetLike
              and a.occurredAt >= :from and a.occurredAt < :to
            order by a.occurredAt desc, a.id desc""")
    Slice<AuditLog> search(@Param("actorLike") String actorLike, @Param("actionLike") String actionLike,
            @Param("targetLike") String targetLike, @Param("from") Instant from, @Param("to") Instant to, Pageable page);

    /** The distinct actions, in order; read from the index on {@code action} (migration V13). */
    @Query("select distinct a.action from AuditLog a order by a.action")
    List<String> findActions();
}
