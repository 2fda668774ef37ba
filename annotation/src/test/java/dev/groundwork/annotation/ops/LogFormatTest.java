package dev.groundwork.annotation.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LogFormatTest {

    @Test
    void unset_or_text_is_text_and_json_is_json() {
        assertThat(LogFormat.fromEnvironment(Map.of())).isEqualTo(LogFormat.TEXT);
        assertThat(LogFormat.fromEnvironment(Map.of("GW_LOG_FORMAT", " "))).isEqualTo(LogFormat.TEXT);
        assertThat(LogFormat.fromEnvironment(Map.of("GW_LOG_FORMAT", "text"))).isEqualTo(LogFormat.TEXT);
        assertThat(LogFormat.fromEnvironment(Map.of("GW_LOG_FORMAT", "json"))).isEqualTo(LogFormat.JSON);
    }

    @Test
    void json_is_spring_boots_structured_ecs_logging() {
        assertThat(LogFormat.JSON.springBootProperties()).containsEntry("logging.structured.format.console", "ecs");
        assertThat(LogFormat.TEXT.springBootProperties()).isEmpty();
    }

    @Test
    void any_other_value_is_refused_naming_the_variable() {
        assertThatThrownBy(() -> LogFormat.fromEnvironment(Map.of("GW_LOG_FORMAT", "JSON")))
                .hasMessage("GW_LOG_FORMAT must be text or json, was 'JSON'");
        assertThatThrownBy(() -> LogFormat.fromEnvironment(Map.of("GW_LOG_FORMAT", "logfmt")))
                .hasMessage("GW_LOG_FORMAT must be text or json, was 'logfmt'");
    }
}
