package dev.groundwork.storage.audit;

import java.time.Clock;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Records who did what; joins the caller's transaction so an audited change and its entry commit together. */
@Service
public class AuditTrail {

    private final AuditLogRepository repository;
    private final Clock clock;

    public AuditTrail(AuditLogRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    @Transactional(propagation = Propagation.REQUIRED)
    public AuditLog record(String actor, String action, String target, String detail) {
        return repository.save(new AuditLog(clock.instant(), actor, action, target, detail));
    }
}
