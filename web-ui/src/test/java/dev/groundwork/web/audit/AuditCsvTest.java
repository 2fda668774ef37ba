package dev.groundwork.web.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.storage.audit.AuditLog;
import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The audit log's CSV export: RFC 4180 quoting, names beside ids, no formulas for spreadsheets. */
class AuditCsvTest {

    @Test
    void rows_carry_the_actor_id_and_name_and_quote_only_what_needs_quoting() {
        StringWriter out = new StringWriter();
        AuditCsv csv = new AuditCsv(out, id -> id.equals("a1583248") ? "Ada Annotator (annotator1)" : id);
        csv.header();
        csv.entry(new AuditLog(Instant.parse("2026-12-01T10:00:00.123456Z"), "a1583248", "judgment.record",
                "comparison 7", "A, strength 2"));
        csv.entry(new AuditLog(Instant.parse("2026-12-01T10:00:01Z"), "reviewer1", "review.resolve", null,
                "note: \"star\"\nsecond line"));

        assertThat(out.toString()).isEqualTo(
                "time_utc,actor,actor_name,action,target,detail\r\n"
                        + "2026-12-01T10:00:00.123Z,a1583248,Ada Annotator (annotator1),judgment.record,comparison 7,"
                        + "\"A, strength 2\"\r\n"
                        + "2026-12-01T10:00:01Z,reviewer1,reviewer1,review.resolve,,\"note: \"\"star\"\"\nsecond line\"\r\n");
    }

    @Test
    void a_field_a_spreadsheet_would_run_as_a_formula_is_made_text() {
        assertThat(AuditCsv.field("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(AuditCsv.field("+1")).isEqualTo("'+1");
        assertThat(AuditCsv.field("-1")).isEqualTo("'-1");
        assertThat(AuditCsv.field("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(AuditCsv.field("plain")).isEqualTo("plain");
        assertThat(AuditCsv.field("")).isEmpty();
    }

    @Test
    void an_export_ends_at_the_moment_of_the_click_unless_the_filter_ends_earlier() {
        Instant click = Instant.parse("2026-12-01T12:00:00Z");
        assertThat(AuditFilter.of(null, null, null, null, null).until(click).to()).isEqualTo(click);
        AuditFilter lastYear = AuditFilter.of(null, null, null, null, LocalDate.of(2025, 1, 1));
        assertThat(lastYear.until(click)).isEqualTo(lastYear);
    }
}
