package dev.groundwork.trainer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The trainer jar's logback.xml: GW_LOG_FORMAT picks a line per event (text) or a JSON object per line (json). */
class LogbackFormatTest {

    private final PrintStream stdout = System.out;

    @AfterEach
    void restore() throws Exception {
        System.setOut(stdout);
        System.clearProperty("GW_LOG_FORMAT");
        configure();
    }

    private static void configure() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.reset();
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        URL config = LogbackFormatTest.class.getResource("/logback.xml");
        assertThat(config).as("the trainer's logback.xml").isNotNull();
        configurator.doConfigure(config);
    }

    private String logged(String format) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        if (format != null) {
            System.setProperty("GW_LOG_FORMAT", format);
        }
        configure();
        LoggerFactory.getLogger("dev.groundwork.trainer.Example").info("round {} trained on {} pairs", 3, 512);
        System.out.flush();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void json_writes_one_object_per_line_with_the_formatted_message() throws Exception {
        String out = logged("json").strip();
        assertThat(out.lines()).hasSize(1);
        JsonNode line = new ObjectMapper().readTree(out);
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("loggerName").asText()).isEqualTo("dev.groundwork.trainer.Example");
        assertThat(line.path("formattedMessage").asText()).isEqualTo("round 3 trained on 512 pairs");
        assertThat(line.path("timestamp").asLong()).isPositive();
    }

    @Test
    void text_is_the_default_a_line_for_people() throws Exception {
        String out = logged(null).strip();
        assertThat(out).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  d.g.t.Example - round 3 trained on 512 pairs");
        assertThat(logged("text").strip()).endsWith("Example - round 3 trained on 512 pairs");
    }
}
