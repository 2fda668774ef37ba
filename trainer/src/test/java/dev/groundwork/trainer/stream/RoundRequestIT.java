package dev.groundwork.trainer.stream;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.annotation.event.KafkaConnection;
import dev.groundwork.annotation.judgment.JudgmentService;
import dev.groundwork.annotation.judgment.RecordJudgment;
import dev.groundwork.annotation.outbox.OutboxRelay;
import dev.groundwork.deploy.kafka.KafkaBroker;
import dev.groundwork.storage.image.ImageStore;
import dev.groundwork.storage.judgment.JudgeKind;
import dev.groundwork.storage.judgment.Verdict;
import dev.groundwork.trainer.TestWorkbenchApplication;
import dev.groundwork.trainer.support.TrainerJar;
import dev.groundwork.trainer.train.Checkpoint;
import dev.groundwork.trainer.train.Provenance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The pair buffer has one owner: while the trainer service runs (following with a threshold it has not reached),
 * {@code gw train dpo --from stream} asks it for a round on the commands topic instead of opening the buffer itself;
 * the service trains that round on the 8 new pairs and answers, a second request finds no new pairs, and a request
 * for another objective is refused with the reason.
 */
@SpringBootTest(classes = TestWorkbenchApplication.class)
class RoundRequestIT {

    static final String DATASET = "request-world";

    @Autowired ApplicationContext ctx;
    @Autowired DataSource dataSource;
    @Autowired JdbcTemplate jdbc;
    @Autowired JudgmentService judgments;
    @Autowired ImageStore images;
    @TempDir Path tmp;

    @Test
    void train_from_stream_asks_the_running_service_for_a_round() throws Exception {
        List<Long> comparisons = new DeliveryHarness(ctx).prepare(DATASET, 2, tmp);
        String annotator = DeliveryHarness.annotators(DATASET).get(0);
        jdbc.update("update outbox_event set published_at = current_timestamp where published_at is null");
        for (long id : comparisons.subList(0, 8)) {
            judgments.record(new RecordJudgment(id, JudgeKind.HUMAN, annotator, Verdict.A, 1, List.of(), null, 1000L,
                    DATASET + ":" + id));
        }
        try (KafkaBroker broker = KafkaBroker.start(KafkaBroker.Config.of(tmp.resolve("kafka"), KafkaBroker.freePort(),
                KafkaBroker.freePort()))) {
            KafkaConnection kafka = KafkaConnection.local(broker.bootstrapServers());
            kafka.ensureTopics();
            try (OutboxRelay relay = new OutboxRelay(dataSource, kafka, OutboxRelay.Settings.defaults("request"), Clock.systemUTC(),
                    OutboxRelay.Faults.NONE)) {
                relay.start();
                DeliveryHarness.await("the judgments on the topic", Duration.ofSeconds(60), () -> relay.unpublished() == 0);
                Map<String, String> env = Map.of("GW_DATA_DIR", tmp.resolve("data").toString(),
                        "GW_TRAINER_IMAGES_DIR", images.root().toString());
                int opsPort = KafkaBroker.freePort();
                try (TrainerJar service = TrainerJar.start(List.of("service", "--kafka", kafka.bootstrapServers(), "--name", "req",
                        "--dataset", DATASET, "--min-new-pairs", "100", "--size", "tiny", "--steps", "2", "--batch", "4",
                        "--ops-port", Integer.toString(opsPort)), env,
                        tmp.resolve("service.log"))) {
                    service.awaitOutput("the service following", Duration.ofMinutes(2), out -> out.contains("follow: dpo rounds at 100"));

                    TrainerJar first = TrainerJar.start(cli(kafka, "dpo"), env, tmp.resolve("cli-1.log"));
                    assertThat(first.waitFor(Duration.ofMinutes(4))).as(first.tail()).isZero();
                    assertThat(first.output()).contains("asked it for a dpo round").contains("trained a round on 8 pairs");
                    Path round = tmp.resolve("data/artifacts/runs/req/round-1");
                    assertThat(round.resolve(Checkpoint.STATE)).exists();
                    assertThat(Provenance.read(round).pairs()).isEqualTo(8);

                    TrainerJar second = TrainerJar.start(cli(kafka, "dpo"), env, tmp.resolve("cli-2.log"));
                    assertThat(second.waitFor(Duration.ofMinutes(2))).as(second.tail()).isZero();
                    assertThat(second.output()).contains("no new pairs since the trainer service's last round");

                    TrainerJar other = TrainerJar.start(cli(kafka, "mdpo"), env, tmp.resolve("cli-3.log"));
                    assertThat(other.waitFor(Duration.ofMinutes(2))).isEqualTo(1);
                    assertThat(other.output()).contains("gw: the trainer service could not train the round: this trainer service"
                            + " trains dpo, not mdpo");
                    assertThat(service.output()).contains("asks for a round now");
                    assertThat(Files.exists(tmp.resolve("data/artifacts/runs/req/round-2"))).isFalse();

                    // The ops port: alive, ready while the consumer polls, and the round in the meters.
                    assertThat(service.output()).contains("health, readiness and metrics on http://localhost:" + opsPort + "/");
                    assertThat(ops(opsPort, "/health/live").statusCode()).isEqualTo(200);
                    DeliveryHarness.await("a ready trainer service", Duration.ofSeconds(30),
                            () -> ops(opsPort, "/health/ready").statusCode() == 200);
                    String metrics = ops(opsPort, "/metrics").body();
                    assertThat(metrics)
                            .containsPattern("groundwork_training_steps_total\\{objective=\"dpo\",service=\"trainer\"} 2\\.0")
                            .containsPattern("groundwork_training_runs_total\\{objective=\"dpo\",service=\"trainer\"} 1\\.0")
                            .containsPattern("groundwork_consumer_lag\\{group=\"groundwork-trainer\",service=\"trainer\","
                                    + "topic=\"groundwork.judgments.v1\"} 0\\.0");
                }
            }
        }
    }

    private static HttpResponse<String> ops(int port, String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> cli(KafkaConnection kafka, String objective) {
        return new ArrayList<>(List.of("train", objective, "--from", "stream", "--kafka", kafka.bootstrapServers()));
    }
}
