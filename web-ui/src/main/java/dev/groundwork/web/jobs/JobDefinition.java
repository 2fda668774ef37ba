package dev.groundwork.web.jobs;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.quartz.CronExpression;

/**
 * A scheduled job as people define it.
 *
 * @param name unique: 1 to 100 letters, digits, '.', '_' or '-'
 * @param cron Quartz cron expression (seconds first, e.g. {@code 0 0 2 * * ?} for 02:00 every day), in UTC; empty for
 *     a job that runs only when asked
 * @param parameters what the {@link JobKind} takes
 */
public record JobDefinition(String name, JobKind kind, Optional<String> cron, Map<String, String> parameters) {

    public JobDefinition {
        Objects.requireNonNull(kind, "kind");
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw new IllegalArgumentException("a job name has 1 to 100 letters, digits, '.', '_' or '-', starting with a"
                    + " letter or digit; was '" + name + "'");
        }
        cron = cron.map(String::strip).filter(c -> !c.isEmpty());
        cron.ifPresent(JobDefinition::requireValidCron);
        parameters = Map.copyOf(kind.check(parameters));
    }

    private static void requireValidCron(String expression) {
        try {
            CronExpression.validateExpression(expression);
        } catch (java.text.ParseException e) {
            throw new IllegalArgumentException("schedule '" + expression + "' is not a Quartz cron expression (seconds"
                    + " minutes hours day-of-month month day-of-week [year], e.g. '0 0 2 * * ?'): " + e.getMessage());
        }
    }
}
