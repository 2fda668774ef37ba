package dev.groundwork.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.annotation.event.Topics;
import dev.groundwork.web.deadletter.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Dead letters view in headless Chromium, as an admin: two records sent to the workbench's dead-letter topic
 * appear; the one that is no event offers no replay and is discarded, the judgment is replayed (and published again
 * by the relay); both decisions are audited under the admin's name.
 */
class DeadLettersBrowserIT {

    @Test
    void an_admin_discards_a_broken_record_and_replays_a_judgment() throws Exception {
        Workbench workbench = Workbench.get();
        Map<String, Object> judgment = workbench.jdbc.queryForMap("select message_key, payload from outbox_event"
                + " where topic = ? and event_type = 'JudgmentRecorded' order by id fetch first 1 rows only", Topics.JUDGMENTS);
        String brokenKey = "browser-" + UUID.randomUUID();
        String judgmentKey = (String) judgment.get("message_key");
        String sameKey = "select count(*) from outbox_event where topic = ? and message_key = ?";
        long before = workbench.jdbc.queryForObject(sameKey, Long.class, Topics.JUDGMENTS, judgmentKey);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(workbench.pipeline.kafka().base(),
                new StringSerializer(), new ByteArraySerializer())) {
            send(producer, brokenKey, Topics.JUDGMENTS + "-0@900001", "not a Groundwork event: Unexpected end-of-input",
                    "{\"type\":".getBytes(StandardCharsets.UTF_8));
            send(producer, judgmentKey, Topics.JUDGMENTS + "-0@900002", "cannot process record: browser test",
                    ((String) judgment.get("payload")).getBytes(StandardCharsets.UTF_8));
        }
        long broken = letter(workbench, "0@900001");
        long replayable = letter(workbench, "0@900002");

        try (Browser browser = new Browser(workbench.appUrl)) {
            browser.login("/dead-letters", "admin", "admin");
            browser.waitFor(By.id("dead-letter-replay-" + replayable));
            WebElement brokenReplay = browser.waitFor(By.id("dead-letter-replay-" + broken));
            assertThat(brokenReplay.getDomAttribute("disabled")).as("no replay for a record that is no event").isNotNull();
            browser.screenshot("dead-letters");

            browser.click(browser.driver.findElement(By.id("dead-letter-discard-" + broken)));
            WebDriverWait ui = new WebDriverWait(browser.driver, Duration.ofSeconds(30));
            ui.until(d -> d.findElement(By.id("dead-letter-status")).getText().contains("Dead letter " + broken + " discarded"));
            // The decision gave the grid new items: the Replay button is a new element.
            browser.click(browser.driver.findElement(By.id("dead-letter-replay-" + replayable)));
            ui.until(d -> d.findElement(By.id("dead-letter-status")).getText().contains("Dead letter " + replayable + " replayed"));
            browser.assertNoCspViolations();
        }

        DeadLetters letters = workbench.web.getBean(DeadLetters.class);
        assertThat(letters.find(broken).orElseThrow().status()).isEqualTo(DeadLetters.Status.DISCARDED);
        assertThat(letters.find(replayable).orElseThrow().status()).isEqualTo(DeadLetters.Status.REPLAYED);
        assertThat(workbench.jdbc.queryForObject("select count(*) from audit_log where actor = 'admin' and action in (?, ?)"
                + " and target like ?", Long.class, DeadLetters.REPLAY, DeadLetters.DISCARD, "%" + Topics.DEAD_LETTER + "-%"))
                .isEqualTo(2L);
        assertThat(workbench.jdbc.queryForObject(sameKey, Long.class, Topics.JUDGMENTS, judgmentKey)).isEqualTo(before + 1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (workbench.jdbc.queryForObject(sameKey + " and published_at is null", Long.class, Topics.JUDGMENTS,
                judgmentKey) > 0) {
            assertThat(System.nanoTime()).as("the relay publishes the replay").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, String key, String source, String reason, byte[] value)
            throws Exception {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.DEAD_LETTER, key, value);
        record.headers().add(Topics.HEADER_REASON, reason.getBytes(StandardCharsets.UTF_8));
        record.headers().add(Topics.HEADER_SOURCE, source.getBytes(StandardCharsets.UTF_8));
        producer.send(record).get(30, TimeUnit.SECONDS);
    }

    /** The id of the stored letter whose source ends in {@code position}, once the consumer has stored it. */
    private static long letter(Workbench workbench, String position) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            var found = workbench.jdbc.queryForList("select id from dead_letter where source like ?", Long.class,
                    "%" + position);
            if (!found.isEmpty()) {
                return found.get(0);
            }
            assertThat(System.nanoTime()).as("the dead letter at %s is stored", position).isLessThan(deadline);
            Thread.sleep(200);
        }
    }
}
