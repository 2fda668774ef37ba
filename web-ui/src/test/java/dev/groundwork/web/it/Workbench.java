package dev.groundwork.web.it;

import dev.groundwork.annotation.criticjob.CriticJobs;
import dev.groundwork.deploy.kafka.KafkaBroker;
import dev.groundwork.deploy.keycloak.KeycloakServer;
import dev.groundwork.storage.local.EmbeddedDatabaseEnvironment;
import dev.groundwork.web.WebApplication;
import dev.groundwork.web.cli.DataCommands;
import dev.groundwork.web.cli.Pipeline;
import dev.groundwork.web.cli.ServiceProcess;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The whole workbench as {@code gw up} runs it, once per test JVM: a real Keycloak with the demo
 * realm, a real Kafka broker, the web application on H2 with the demo data (consuming training events) and
 * the outbox relay, and the critic service (its own jar, as a process), which judges the demo's critic job before
 * the first test. Tests that need the trainer start its jar as a process. Stopped when the JVM exits.
 */
final class Workbench {

    private static Workbench instance;
    /** The critic service's operations port ({@code --ops-port}); it logs in JSON ({@code GW_LOG_FORMAT=json}). */
    static final int CRITIC_OPS_PORT = KafkaBroker.freePort();

    final Path dir;
    final URI appUrl;
    final KeycloakServer keycloak;
    final ConfigurableApplicationContext web;
    final Pipeline pipeline;
    final ServiceProcess critic;
    final JdbcTemplate jdbc;

    private Workbench(Path dir, URI appUrl, KeycloakServer keycloak, ConfigurableApplicationContext web, Pipeline pipeline,
            ServiceProcess critic) {
        this.dir = dir;
        this.appUrl = appUrl;
        this.keycloak = keycloak;
        this.web = web;
        this.pipeline = pipeline;
        this.critic = critic;
        this.jdbc = new JdbcTemplate(web.getBean(DataSource.class));
    }

    static synchronized Workbench get() {
        if (instance == null) {
            instance = start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "workbench-stop"));
        }
        return instance;
    }

    private static Workbench start() {
        try {
            Path dir = Files.createTempDirectory("gw-workbench-");
            int appPort = KafkaBroker.freePort();
            URI appUrl = URI.create("http://localhost:" + appPort);
            int[] kcPorts = KeycloakServer.freePorts(2);
            long started = System.nanoTime();
            // As in the workbench's own processes: H2's auto-server on loopback only (read when H2 loads).
            System.setProperty(EmbeddedDatabaseEnvironment.BIND_ADDRESS_PROPERTY, EmbeddedDatabaseEnvironment.LOOPBACK);
            // Keycloak keeps its unpacked (and once augmented) distribution in target/ across runs; it is started fresh,
            // with random client secrets and admin password (kc.config() has them).
            CompletableFuture<KeycloakServer> keycloak = CompletableFuture.supplyAsync(() -> KeycloakServer.builder()
                    .setHome(Path.of("target/keycloak").toAbsolutePath())
                    .setHttpPort(kcPorts[0])
                    .setManagementPort(kcPorts[1])
                    .optAppUrl(appUrl)
                    .optFresh(true)
                    .start());
            int kafkaPort = KafkaBroker.freePort();
            Optional<KafkaBroker> broker = Optional.of(KafkaBroker.start(
                    KafkaBroker.Config.of(dir.resolve("kafka"), kafkaPort, KafkaBroker.freePort())));
            KeycloakServer kc;
            try {
                kc = keycloak.join();
            } catch (RuntimeException e) {
                broker.ifPresent(KafkaBroker::close);
                throw e;
            }
            System.out.printf("[workbench] Keycloak ready in %d s at %s%n", kc.startupTime().toSeconds(), kc.baseUrl());
            System.setProperty("GW_DATA_DIR", dir.toString());
            // The H2 file database in the temporary directory, or the database -Dgw.workbench.db-url names (a bench on
            // PostgreSQL; -Dgw.workbench.db-user, default postgres).
            String dbUrl = System.getProperty("gw.workbench.db-url",
                    "jdbc:h2:file:" + dir.resolve("db/groundwork") + ";AUTO_SERVER=TRUE");
            String dbUser = System.getProperty("gw.workbench.db-user", dbUrl.startsWith("jdbc:h2:") ? "sa" : "postgres");
            ConfigurableApplicationContext web = null;
            try {
                web = WebApplication.start(
                        "--server.port=" + appPort,
                        "--spring.datasource.url=" + dbUrl,
                        "--spring.datasource.username=" + dbUser,
                        "--groundwork.storage.image-root=" + dir.resolve("images"),
                        "--spring.security.oauth2.client.provider.keycloak.issuer-uri=" + kc.issuerUri(),
                        "--spring.security.oauth2.client.registration.keycloak.client-secret=" + kc.config().clientSecret(),
                        "--groundwork.kafka.bootstrap-servers=" + broker.get().bootstrapServers());
                DataCommands.demo(web, Integer.getInteger("gw.workbench.scenes", 12), "test-seed", new PrintWriter(System.out, true));
                Pipeline pipeline = Pipeline.start(broker, web.getBean(DataSource.class), "workbench-it");
                ServiceProcess critic = judgeTheDemo(web, dir, dbUrl, dbUser, broker.get().bootstrapServers());
                System.out.printf("[workbench] app %s up %d s after start%n", appUrl, (System.nanoTime() - started) / 1_000_000_000L);
                return new Workbench(dir, appUrl, kc, web, pipeline, critic);
            } catch (RuntimeException e) {
                // Leave nothing running for the next test class to trip over.
                if (web != null) {
                    web.close();
                }
                broker.ifPresent(KafkaBroker::close);
                kc.close();
                throw e;
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Starts the critic service on the workbench's database and broker, and waits until it has judged the demo. */
    private static ServiceProcess judgeTheDemo(ConfigurableApplicationContext web, Path dir, String dbUrl, String dbUser,
            String bootstrap) {
        Path log = dir.resolve("logs/critic.log");
        ServiceProcess critic = ServiceProcess.start(ServiceProcess.Service.CRITIC, List.of("serve", "--workers", "1",
                        "--ops-port", Integer.toString(CRITIC_OPS_PORT)),
                Map.of("GW_DATA_DIR", dir.toString(),
                        "GW_LOG_FORMAT", "json",
                        "GW_DB_URL", dbUrl,
                        "GW_DB_USER", dbUser,
                        "GW_IMAGE_ROOT", dir.resolve("images").toString(),
                        "GW_KAFKA_BOOTSTRAP", bootstrap), log);
        CriticJobs jobs = web.getBean(CriticJobs.class);
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!jobs.recent(1).get(0).done()) {
            if (!critic.isAlive() || System.nanoTime() > deadline) {
                critic.close();
                throw new IllegalStateException("the critic service did not judge the demo; its log:\n" + tail(log));
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        System.out.printf("[workbench] the critic service judged the demo: %s%n", jobs.recent(1).get(0).job().status());
        return critic;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (java.io.IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void stop() {
        critic.close();
        pipeline.close();
        web.close();
        keycloak.close();
    }

    /** The Keycloak subject of a demo user. */
    static String subjectOf(String username) {
        return dev.groundwork.web.security.DemoRealm.users().stream().filter(u -> u.username().equals(username))
                .findFirst().orElseThrow().subject();
    }
}
