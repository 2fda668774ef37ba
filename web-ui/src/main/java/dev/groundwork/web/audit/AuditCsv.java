package dev.groundwork.web.audit;

import dev.groundwork.storage.audit.AuditLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Audit entries as CSV (RFC 4180: comma-separated, CRLF line ends, a field in double quotes when it
 * holds a comma, a quote or a line break, quotes doubled). A field that a spreadsheet would run as a
 * formula (starting with {@code = + - @}, a tab or a carriage return) is prefixed with a single quote,
 * as OWASP advises against CSV injection. No CSV library is on the classpath, so the few rules are here.
 */
final class AuditCsv {

    static final List<String> HEADER = List.of("time_utc", "actor", "actor_name", "action", "target", "detail");
    private static final DateTimeFormatter UTC = DateTimeFormatter.ISO_INSTANT;

    private final Writer out;
    private final UnaryOperator<String> names;

    /** {@code names}: the display label of an actor id (see {@code PersonNames}). */
    AuditCsv(Writer out, UnaryOperator<String> names) {
        this.out = out;
        this.names = names;
    }

    void header() {
        row(HEADER);
    }

    void entry(AuditLog a) {
        row(List.of(UTC.format(a.getOccurredAt().truncatedTo(ChronoUnit.MILLIS)), a.getActor(), names.apply(a.getActor()),
                a.getAction(), a.getTarget() == null ? "" : a.getTarget(), a.getDetail() == null ? "" : a.getDetail()));
    }

    private void row(List<String> fields) {
        try {
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(field(fields.get(i)));
            }
            out.write("\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String field(String value) {
        String v = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0;
        return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }
}
