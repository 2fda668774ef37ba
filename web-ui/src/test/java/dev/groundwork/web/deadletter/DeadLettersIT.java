package dev.groundwork.web.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.groundwork.annotation.AnnotationConfiguration;
import dev.groundwork.annotation.assignment.ComparisonService;
import dev.groundwork.annotation.assignment.PairingMode;
import dev.groundwork.annotation.criticjob.CriticJobs;
import dev.groundwork.annotation.event.CriticRequested;
import dev.groundwork.annotation.event.EventCodec;
import dev.groundwork.annotation.event.KafkaConnection;
import dev.groundwork.annotation.event.Topics;
import dev.groundwork.deploy.kafka.KafkaBroker;
import dev.groundwork.storage.dataset.DatasetImporter;
import dev.groundwork.storage.world.World;
import dev.groundwork.storage.world.WorldConfig;
import dev.groundwork.web.EmbeddedDefaults;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The dead-letter topic on a real broker, read by the workbench's consumer into its database: a critic request the
 * critic service gave up on, a record that is no event at all and a preference pair the trainer refused are stored
 * once each, also when the topic is read again from the start after a restart; the critic request is replayed (an
 * outbox row for its topic, its DEAD_LETTERED outcome gone and its finished job running again, audited), the others
 * cannot be; one is discarded; a second decision on either is refused.
 */
class DeadLettersIT {

    @TempDir Path tmp;

    /** The workbench's storage, annotation services and dead letters, without its web server. */
    @SpringBootConfiguration
    @ImportAutoConfiguration({DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
            HibernateJpaAutoConfiguration.class, TransactionAutoConfiguration.class, JdbcTemplateAutoConfiguration.class})
    @Import({AnnotationConfiguration.class, DeadLetters.class, DeadLetterConsumer.class})
    static class Context {

        static ConfigurableApplicationContext start(String jdbcUrl, Path images, String bootstrap) {
            Map<String, Object> p = new HashMap<>(EmbeddedDefaults.STORAGE);
            p.put("spring.datasource.url", jdbcUrl);
            p.put("groundwork.storage.image-root", images.toString());
            p.put("groundwork.kafka.bootstrap-servers", bootstrap);
            p.put("spring.jpa.open-in-view", "false");
            p.put("spring.main.banner-mode", "off");
            p.put("logging.level.root", "WARN");
            return new SpringApplicationBuilder(Context.class).web(WebApplicationType.NONE).properties(p)
                    .logStartupInfo(false).run();
        }
    }

    @Test
    void dead_letters_are_stored_once_and_replayed_or_discarded_once_each_audited() throws Exception {
        String db = "jdbc:h2:file:" + tmp.resolve("db/groundwork");
        try (KafkaBroker broker = KafkaBroker.start(KafkaBroker.Config.of(tmp.resolve("kafka"), KafkaBroker.freePort(),
                KafkaBroker.freePort()))) {
            KafkaConnection kafka = KafkaConnection.local(broker.bootstrapServers());
            kafka.ensureTopics();
            CriticRequested request;
            String payload;
            String jobKey;
            try (ConfigurableApplicationContext web = Context.start(db, tmp.resolve("images"), broker.bootstrapServers())) {
                World.generate(WorldConfig.defaults(2, 71)).writeDataset(tmp.resolve("dlt-world"), "dlt-world");
                web.getBean(DatasetImporter.class).importDataset(tmp.resolve("dlt-world"), Optional.empty(), "it");
                web.getBean(ComparisonService.class).createForDataset("dlt-world", PairingMode.FIRST_VS_REST, 5, "it");
                CriticJobs jobs = web.getBean(CriticJobs.class);
                jobKey = jobs.create("dlt-world", "claims", null, "it").key();
                // The critic service gave up on every request: each dead-lettered, the job finished.
                List<String> requests = jdbc(web).queryForList("select payload from outbox_event where topic = ? order by id",
                        String.class, Topics.CRITIC_REQUESTS);
                for (String r : requests) {
                    CriticRequested c = (CriticRequested) EventCodec.decode(r.getBytes(StandardCharsets.UTF_8));
                    jobs.recordDeadLettered(jobKey, c.comparisonId(), "TIMEOUT: the critic did not answer", "w1");
                }
                assertThat(jobs.job(jobKey).orElseThrow().status()).isEqualTo(CriticJobs.Status.SUCCEEDED);
                payload = requests.get(0);
                request = (CriticRequested) EventCodec.decode(payload.getBytes(StandardCharsets.UTF_8));

                String cid = Long.toString(request.comparisonId());
                produce(kafka, cid, "critic.worker/comparison/" + cid, "TIMEOUT: the critic did not answer",
                        payload.getBytes(StandardCharsets.UTF_8));
                produce(kafka, "99", Topics.JUDGMENTS + "-1@41", "not a Groundwork event: Unexpected character",
                        new byte[] {'{', 'n', 'o', (byte) 0xff});
                produce(kafka, cid, "trainer.pair-buffer/comparison/" + cid, "image missing: 404",
                        ("{\"comparisonId\":" + cid + ",\"problem\":\"missing\"}").getBytes(StandardCharsets.UTF_8));
                DeadLetters letters = web.getBean(DeadLetters.class);
                await().atMost(Duration.ofSeconds(60)).until(() -> letters.counts().get(DeadLetters.Status.NEW) == 3);
            }
            resetGroup(kafka);

            try (ConfigurableApplicationContext web = Context.start(db, tmp.resolve("images"), broker.bootstrapServers())) {
                DeadLetterConsumer consumer = web.getBean(DeadLetterConsumer.class);
                await().atMost(Duration.ofSeconds(60)).until(() -> readToTheEnd(kafka));
                assertThat(consumer.stored()).as("redelivered letters stored again").isZero();
                DeadLetters letters = web.getBean(DeadLetters.class);
                List<DeadLetters.Letter> all = letters.recent(10);
                assertThat(all).hasSize(3);
                DeadLetters.Letter critic = find(all, "critic.worker/");
                DeadLetters.Letter garbage = find(all, Topics.JUDGMENTS);
                DeadLetters.Letter pair = find(all, "trainer.pair-buffer/");
                assertThat(critic.reason()).contains("TIMEOUT: the critic did not answer");
                assertThat(critic.key()).contains(Long.toString(request.comparisonId()));
                assertThat(garbage.payload()).isEqualTo(new byte[] {'{', 'n', 'o', (byte) 0xff});
                assertThat(critic.replayRefusal()).isEmpty();
                assertThat(garbage.replayRefusal()).isPresent();
                assertThat(pair.replayRefusal()).isPresent();

                DeadLetters.Letter replayed = letters.replay(critic.id(), "admin1");

                assertThat(replayed.status()).isEqualTo(DeadLetters.Status.REPLAYED);
                assertThat(replayed.decidedBy()).contains("admin1");
                JdbcTemplate jdbc = jdbc(web);
                List<Map<String, Object>> outbox = jdbc.queryForList("select event_id, event_type, payload, published_at"
                        + " from outbox_event where topic = ? and message_key = ? order by id", Topics.CRITIC_REQUESTS,
                        Long.toString(request.comparisonId()));
                assertThat(outbox).as("the original request and its replay").hasSize(2);
                assertThat(outbox.get(1).get("payload")).isEqualTo(payload);
                assertThat(outbox.get(1).get("event_type")).isEqualTo(CriticRequested.TYPE);
                assertThat(outbox.get(1).get("event_id")).isNotEqualTo(request.eventId());
                assertThat(outbox.get(1).get("published_at")).isNull();
                assertThat(jdbc.queryForObject("select count(*) from critic_request r join critic_job j on j.id = r.job_id"
                        + " where j.job_key = ? and r.comparison_id = ?", Integer.class, jobKey, request.comparisonId()))
                        .as("the request's outcome, deleted so that the worker judges it again").isZero();
                assertThat(web.getBean(CriticJobs.class).job(jobKey).orElseThrow().status())
                        .isEqualTo(CriticJobs.Status.RUNNING);
                assertThat(audit(jdbc, DeadLetters.REPLAY)).singleElement().satisfies(a -> {
                    assertThat(a.get("actor")).isEqualTo("admin1");
                    assertThat((String) a.get("target")).contains("dead letter " + critic.id());
                    assertThat((String) a.get("detail")).contains(Topics.CRITIC_REQUESTS);
                });

                assertThatThrownBy(() -> letters.replay(critic.id(), "admin2"))
                        .isInstanceOf(DeadLetters.RefusedException.class).hasMessageContaining("was replayed by admin1");
                assertThatThrownBy(() -> letters.replay(garbage.id(), "admin1"))
                        .isInstanceOf(DeadLetters.RefusedException.class)
                        .hasMessageContaining("not a valid Groundwork event");
                assertThatThrownBy(() -> letters.replay(pair.id(), "admin1"))
                        .isInstanceOf(DeadLetters.RefusedException.class).hasMessageContaining("not a record of any topic");
                assertThat(letters.find(garbage.id()).orElseThrow().status()).isEqualTo(DeadLetters.Status.NEW);

                assertThat(letters.discard(garbage.id(), "admin1").status()).isEqualTo(DeadLetters.Status.DISCARDED);
                assertThatThrownBy(() -> letters.discard(garbage.id(), "admin1"))
                        .isInstanceOf(DeadLetters.RefusedException.class).hasMessageContaining("was discarded");
                assertThatThrownBy(() -> letters.replay(garbage.id(), "admin1"))
                        .isInstanceOf(DeadLetters.RefusedException.class).hasMessageContaining("was discarded");
                assertThat(audit(jdbc, DeadLetters.DISCARD)).singleElement()
                        .satisfies(a -> assertThat((String) a.get("detail")).contains("not a Groundwork event"));
                assertThat(audit(jdbc, DeadLetters.REPLAY)).as("refusals are not audited").hasSize(1);
                assertThat(letters.counts()).containsEntry(DeadLetters.Status.NEW, 1L)
                        .containsEntry(DeadLetters.Status.REPLAYED, 1L).containsEntry(DeadLetters.Status.DISCARDED, 1L);
            }
        }
    }

    private static JdbcTemplate jdbc(ConfigurableApplicationContext web) {
        return web.getBean(JdbcTemplate.class);
    }

    private static List<Map<String, Object>> audit(JdbcTemplate jdbc, String action) {
        return jdbc.queryForList("select actor, target, detail from audit_log where action = ? order by id", action);
    }

    private static DeadLetters.Letter find(List<DeadLetters.Letter> letters, String sourcePrefix) {
        return letters.stream().filter(l -> l.source().orElse("").startsWith(sourcePrefix)).findFirst().orElseThrow();
    }

    /** Writes a dead letter as the services do: original key and value, reason and source in headers. */
    private static void produce(KafkaConnection kafka, String key, String source, String reason, byte[] value)
            throws Exception {
        Map<String, Object> p = kafka.base();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.DEAD_LETTER, key, value);
            record.headers().add(Topics.HEADER_REASON, reason.getBytes(StandardCharsets.UTF_8));
            record.headers().add(Topics.HEADER_SOURCE, source.getBytes(StandardCharsets.UTF_8));
            producer.send(record).get(30, TimeUnit.SECONDS);
        }
    }

    /** Forgets the consumer group's offsets, so that its next consumer reads the topic from the start again. */
    private static void resetGroup(KafkaConnection kafka) {
        // The stopped consumer's leaving may take the coordinator a moment; until then the group is not empty.
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(() -> {
            try (Admin admin = kafka.admin()) {
                admin.deleteConsumerGroups(List.of(DeadLetterConsumer.GROUP)).all().get(30, TimeUnit.SECONDS);
            }
        });
    }

    /** Whether the group has committed every partition of the topic up to its end. */
    private static boolean readToTheEnd(KafkaConnection kafka) throws Exception {
        try (Admin admin = kafka.admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(DeadLetterConsumer.GROUP)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int i = 0; i < kafka.partitions(); i++) {
                latest.put(new TopicPartition(Topics.DEAD_LETTER, i), OffsetSpec.latest());
            }
            for (var end : admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet()) {
                OffsetAndMetadata at = committed.get(end.getKey());
                if (end.getValue().offset() > 0 && (at == null || at.offset() < end.getValue().offset())) {
                    return false;
                }
            }
            return true;
        }
    }
}
