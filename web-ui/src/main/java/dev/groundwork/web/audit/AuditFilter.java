package dev.groundwork.web.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * The audit search the view's filters describe, in the terms of {@code AuditLogRepository.search}:
 * lower-case LIKE patterns ("%" when a filter is empty) and a half-open time range. Actor and
 * target match the text anywhere, ignoring case ({@code %} and {@code _} in it act as wildcards);
 * the action matches exactly; the dates are UTC days, both inclusive.
 */
record AuditFilter(String actorLike, String actionLike, String targetLike, Instant from, Instant to) {

    /** The range searched when no date is chosen: wider than any entry. */
    static final Instant EARLIEST = Instant.EPOCH;
    static final Instant LATEST = Instant.parse("3000-01-01T00:00:00Z");

    static AuditFilter of(String actor, String action, String target, LocalDate fromDay, LocalDate toDay) {
        return new AuditFilter(contains(actor),
                action == null || action.isBlank() ? "%" : action.toLowerCase(Locale.ROOT),
                contains(target),
                fromDay == null ? EARLIEST : fromDay.atStartOfDay(ZoneOffset.UTC).toInstant(),
                toDay == null ? LATEST : toDay.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    /** The same search, ending at {@code end} (exclusive) when that is earlier than its own end. */
    AuditFilter until(Instant end) {
        return end.isBefore(to) ? new AuditFilter(actorLike, actionLike, targetLike, from, end) : this;
    }

    private static String contains(String text) {
        return text == null || text.isBlank() ? "%" : "%" + text.strip().toLowerCase(Locale.ROOT) + "%";
    }
}
