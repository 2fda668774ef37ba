package dev.groundwork.annotation.judgment;

/**
 * The stored judgment and its event.
 *
 * @param created false when the idempotency key was seen before and nothing new was written
 */
public record RecordedJudgment(long judgmentId, String eventId, boolean created) {}
