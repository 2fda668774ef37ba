package dev.groundwork.storage.idempotency;

import java.time.Clock;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The answers kept per caller and Idempotency-Key (table {@code idempotency_key}). A key is unique per caller: when
 * two requests with the same new key race, the first answer stored stands and {@link #remember} refuses the second
 * with Spring's {@code DataIntegrityViolationException}.
 */
@Service
public class IdempotencyKeys {

    private final StoredAnswerRepository answers;
    private final Clock clock;

    public IdempotencyKeys(StoredAnswerRepository answers, Clock clock) {
        this.answers = answers;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Optional<StoredAnswer> find(String caller, String key) {
        return answers.findByCallerAndKey(caller, key);
    }

    /** Keeps an answer in a transaction of its own, after the request's own work has committed. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public StoredAnswer remember(String caller, String key, String requestHash, int status, Optional<String> contentType,
            String body) {
        return answers.saveAndFlush(new StoredAnswer(caller, key, requestHash, status, contentType, body, clock.instant()));
    }
}
