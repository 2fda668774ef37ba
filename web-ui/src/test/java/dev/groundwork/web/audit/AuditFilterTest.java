package dev.groundwork.web.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The view's filters as the repository's lower-case LIKE patterns and half-open UTC range. */
class AuditFilterTest {

    @Test
    void empty_filters_match_everything_over_a_range_wider_than_any_entry() {
        AuditFilter f = AuditFilter.of("", null, "  ", null, null);
        assertThat(f.actorLike()).isEqualTo("%");
        assertThat(f.actionLike()).isEqualTo("%");
        assertThat(f.targetLike()).isEqualTo("%");
        assertThat(f.from()).isEqualTo(Instant.EPOCH);
        assertThat(f.to()).isAfter(Instant.parse("2999-01-01T00:00:00Z"));
    }

    @Test
    void text_matches_anywhere_ignoring_case_and_the_action_exactly() {
        AuditFilter f = AuditFilter.of(" Annotator1 ", "Dataset.Import", "Demo", null, null);
        assertThat(f.actorLike()).isEqualTo("%annotator1%");
        assertThat(f.actionLike()).isEqualTo("dataset.import");
        assertThat(f.targetLike()).isEqualTo("%demo%");
    }

    @Test
    void dates_are_utc_days_with_the_last_day_included() {
        AuditFilter f = AuditFilter.of(null, null, null, LocalDate.of(2025, 3, 1), LocalDate.of(2025, 3, 1));
        assertThat(f.from()).isEqualTo(Instant.parse("2025-03-01T00:00:00Z"));
        assertThat(f.to()).isEqualTo(Instant.parse("2025-03-02T00:00:00Z"));
    }
}
