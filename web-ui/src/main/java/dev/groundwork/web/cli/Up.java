package dev.groundwork.web.cli;

import dev.groundwork.annotation.outbox.OutboxRelay;
import dev.groundwork.deploy.kafka.KafkaBroker;
import dev.groundwork.deploy.keycloak.ConfidentialClient;
import dev.groundwork.deploy.keycloak.KeycloakServer;
import dev.groundwork.storage.local.DataDirectory;
import dev.groundwork.web.WebApplication;
import dev.groundwork.web.jobs.AlignmentJobs;
import dev.groundwork.web.security.DemoRealm;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code gw up}: seeds the demo data once, then runs the whole workbench until Ctrl-C: Keycloak
 * (embedded unless {@code GW_OIDC_ISSUER} names one), the Kafka broker (unless {@code GW_KAFKA_BOOTSTRAP} names
 * one), the web application with its outbox relay, and the trainer service as its own process.
 */
@Command(name = "up", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Seed the demo data once, then run Keycloak, the Kafka broker, the web application and the trainer "
                + "service until Ctrl-C.")
final class Up implements Callable<Integer> {

    private static final String LOOPBACK = "127.0.0.1";

    @Spec CommandSpec spec;

    @Option(names = "--scenes", defaultValue = "" + DataCommands.DEMO_SCENES, paramLabel = "N",
            description = "scenes of the demo world when it is generated (default: ${DEFAULT-VALUE})")
    int scenes;

    @Option(names = "--no-stream", description = "only seed the demo data; start nothing")
    boolean noStream;

    @Override
    public Integer call() {
        // The ports come from the environment; a malformed one is refused before anything starts.
        int keycloak = port("GW_KEYCLOAK_PORT", 8180);
        Ports ports = new Ports(port("GW_HTTP_PORT", 8080), keycloak, port("GW_KEYCLOAK_MANAGEMENT_PORT", keycloak + 1),
                port("GW_KAFKA_PORT", 9092));
        run(scenes, !noStream, ports, DataCommands.actor(), spec.commandLine().getOut());
        return 0;
    }

    private record Ports(int http, int keycloak, int keycloakManagement, int kafka) {}

    private static void run(int scenes, boolean serve, Ports ports, String actor, PrintWriter out) {
        int minPairs = minPairs();
        int httpPort = ports.http();
        URI appUrl = URI.create("http://localhost:" + httpPort);
        Optional<String> externalIssuer = env("GW_OIDC_ISSUER");
        DataDirectory data = DataDirectory.open(DataCommands.dataDir());
        // Our own Keycloak's admin password and client secrets: generated on the first start, kept in the data directory.
        Optional<DemoKeycloakSecrets> secrets = serve && externalIssuer.isEmpty()
                ? Optional.of(DemoKeycloakSecrets.of(data)) : Optional.empty();
        // Keycloak takes a minute or two to start: let it start while the demo data is seeded.
        CompletableFuture<Optional<KeycloakServer>> keycloak = secrets.isPresent()
                ? CompletableFuture.supplyAsync(() -> Optional.of(startKeycloak(appUrl, ports, secrets.get(), out)))
                : CompletableFuture.completedFuture(Optional.empty());
        try (ConfigurableApplicationContext ctx = CliApplication.start()) {
            DataCommands.demo(ctx, scenes, actor, out);
        } catch (RuntimeException e) {
            keycloak.thenAccept(k -> k.ifPresent(KeycloakServer::close));
            throw e;
        }
        if (!serve) {
            return;
        }
        Optional<KeycloakServer> kc = await(keycloak);
        String issuer = kc.map(k -> k.issuerUri().toString()).orElseGet(externalIssuer::get);
        int kafkaPort = ports.kafka();
        out.println(Pipeline.external().isPresent() ? "using Kafka at " + System.getenv("GW_KAFKA_BOOTSTRAP")
                : "starting the embedded Kafka broker on 127.0.0.1:" + kafkaPort + " ...");
        Optional<KafkaBroker> broker;
        try {
            broker = Pipeline.broker(DataCommands.dataDir().resolve("kafka"), kafkaPort, kafkaPort + 1);
        } catch (RuntimeException e) {
            kc.ifPresent(KeycloakServer::close);
            throw e;
        }
        String bootstrap = Pipeline.connection(broker).bootstrapServers();
        ConfigurableApplicationContext web;
        Pipeline pipeline;
        try {
            // The topics exist before the web application's consumers subscribe to them: a fresh broker would otherwise
            // answer their first metadata requests with UNKNOWN_TOPIC_OR_PARTITION, which Kafka's client logs as WARN.
            Pipeline.connection(broker).ensureTopics();
            // Our shutdown hook closes the web application after the relay that uses its database.
            List<String> args = new ArrayList<>(List.of("--server.port=" + httpPort,
                    // loopback unless GW_HTTP_ADDRESS says otherwise (e.g. 0.0.0.0 for every interface)
                    "--server.address=" + env("GW_HTTP_ADDRESS").orElse(LOOPBACK),
                    "--spring.main.register-shutdown-hook=false",
                    "--spring.security.oauth2.client.provider.keycloak.issuer-uri=" + issuer,
                    "--groundwork.kafka.bootstrap-servers=" + bootstrap));
            secrets.ifPresent(s -> args.add("--spring.security.oauth2.client.registration.keycloak.client-secret="
                    + s.clientSecret()));
            web = WebApplication.start(args.toArray(String[]::new));
            pipeline = Pipeline.start(broker, web.getBean(DataSource.class), Pipeline.instanceId(System.getenv()),
                    Pipeline.relays(System.getenv()));
        } catch (RuntimeException e) {
            broker.ifPresent(KafkaBroker::close);
            kc.ifPresent(KeycloakServer::close);
            throw e;
        }
        Path trainerLog = DataCommands.dataDir().resolve("logs/trainer.log");
        Map<String, String> trainerEnv = new HashMap<>(Map.of("GW_DATA_DIR", DataCommands.dataDir().toString(),
                "GW_IMAGE_BASE_URL", appUrl.toString(), "GW_OIDC_ISSUER", issuer));
        // In its environment, not on its command line; with an external Keycloak it inherits GW_TRAINER_CLIENT_SECRET.
        secrets.ifPresent(s -> trainerEnv.put("GW_TRAINER_CLIENT_SECRET", s.trainerClientSecret()));
        // The trainer trains when the demo-dpo job asks (its minPairs is the threshold), on critic-only pairs too.
        ServiceProcess trainer = ServiceProcess.start(ServiceProcess.Service.TRAINER, List.of("service", "--kafka", bootstrap,
                        "--objective", "dpo", "--on-request", "--allow-critic-only", "--name", "demo-dpo"), trainerEnv,
                trainerLog);
        Path criticLog = DataCommands.dataDir().resolve("logs/critic.log");
        ServiceProcess critic = ServiceProcess.start(ServiceProcess.Service.CRITIC, List.of("serve", "--workers", "1"),
                Map.of("GW_DATA_DIR", DataCommands.dataDir().toString(), "GW_KAFKA_BOOTSTRAP", bootstrap), criticLog);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("\nstopping: critic and trainer services, outbox relay, Kafka broker, web application, Keycloak ...");
            long began = System.nanoTime();
            // Keycloak depends on nothing here and the two services on nothing of each other: they stop side by side
            // (each may take its grace period, a round or an evaluation being cut at a step), the rest in order.
            Thread stopKeycloak = new Thread(() -> kc.ifPresent(KeycloakServer::close), "gw-up-stop-keycloak");
            stopKeycloak.start();
            ServiceProcess.closeAll(List.of(critic, trainer));
            pipeline.close();
            web.close();
            try {
                stopKeycloak.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            out.printf("stopped (%d s).%n", Duration.ofNanos(System.nanoTime() - began).toSeconds());
        }, "gw-up-shutdown"));
        out.printf("judgment stream running: broker %s, outbox relays %s; %s; %s%n", bootstrap,
                pipeline.relays().stream().map(OutboxRelay::transactionalId).toList(), trainer, critic);
        DemoSchedule.ensure(web.getBean(AlignmentJobs.class), minPairs, scenes, actor, out);
        printWelcome(out, appUrl, kc, secrets);
        try {
            long lastPublished = -1;
            while (true) {
                Thread.sleep(5000);
                long published = pipeline.published();
                if (published != lastPublished) {
                    out.printf("stream: %d judgments published, %d unpublished%n", published, pipeline.relay().unpublished());
                    lastPublished = published;
                }
                if (!trainer.isAlive()) {
                    out.println("the trainer service stopped; see " + trainerLog);
                    return;
                }
                if (!critic.isAlive()) {
                    out.println("the critic service stopped; see " + criticLog);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code GW_TRAINER_MIN_NEW_PAIRS}: the default schedule's round threshold (default 50). */
    private static int minPairs() {
        String given = env("GW_TRAINER_MIN_NEW_PAIRS").orElse("50");
        try {
            int n = Integer.parseInt(given.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalArgumentException("GW_TRAINER_MIN_NEW_PAIRS must be a whole number of at least 1, was '" + given + "'");
    }

    private static KeycloakServer startKeycloak(URI appUrl, Ports ports, DemoKeycloakSecrets secrets, PrintWriter out) {
        int port = ports.keycloak();
        int management = ports.keycloakManagement();
        out.println("starting Keycloak on http://localhost:" + port + " (the first start takes a few minutes) ...");
        Path home = DataCommands.dataDir().resolve("keycloak");
        if (secrets.generated() && Files.isDirectory(home.resolve("data/h2"))) {
            // A Keycloak database of an earlier version holds the old fixed secrets; its realm is the demo realm file.
            out.println("new secrets generated in " + secrets.directory() + ": Keycloak's demo database is imported afresh");
        }
        KeycloakServer server = KeycloakServer.builder()
                .setHome(home)
                .setHttpPort(port)
                .setManagementPort(management)
                .optAppUrl(appUrl)
                .optAdmin(DemoKeycloakSecrets.ADMIN_USER, secrets.adminPassword())
                .optClientSecrets(secrets.clientSecrets())
                .optFresh(secrets.generated())
                .start();
        out.printf("Keycloak ready in %d s: realm %s%n", server.startupTime().toSeconds(), server.issuerUri());
        return server;
    }

    private static void printWelcome(PrintWriter out, URI appUrl, Optional<KeycloakServer> kc,
            Optional<DemoKeycloakSecrets> secrets) {
        out.println();
        out.println("Groundwork is running: " + appUrl);
        out.println("sign in with a demo user (user / password, role):");
        for (DemoRealm.User u : DemoRealm.users()) {
            out.printf("  %-11s / %-11s %s%n", u.username(), u.password(), String.join(", ", u.roles()));
        }
        kc.ifPresent(k -> secrets.ifPresent(s -> out.println("Keycloak admin console: " + k.baseUrl() + "/admin (user "
                + DemoKeycloakSecrets.ADMIN_USER + ", password in " + s.adminPasswordFile() + ")")));
        secrets.ifPresent(s -> out.println("generated secrets (readable by you only): " + s.directory()));
        kc.ifPresent(k -> secrets.ifPresent(s -> printServiceAccounts(out, k, s)));
        out.println("press Ctrl-C to stop");
    }

    /** The API's service accounts: where their secrets are, and how to get a token with one. */
    private static void printServiceAccounts(PrintWriter out, KeycloakServer kc, DemoKeycloakSecrets secrets) {
        out.println("API service accounts (client-credentials grant; docs/api.md):");
        out.printf("  %-19s role %-8s secret in %s%n", KeycloakServer.PIPELINE_CLIENT_ID, KeycloakServer.PIPELINE_ROLE,
                secrets.secretFile(ConfidentialClient.PIPELINE));
        out.printf("  %-19s role %-8s secret in %s%n", KeycloakServer.JUDGE_CLIENT_ID, KeycloakServer.JUDGE_ROLE,
                secrets.secretFile(ConfidentialClient.JUDGE));
        out.println("a pipeline token: " + tokenCommand(kc.issuerUri(), secrets.secretFile(ConfidentialClient.PIPELINE)));
    }

    /** A one-line curl that prints a pipeline's access token. */
    static String tokenCommand(URI issuer, Path pipelineSecret) {
        return "curl -s -d grant_type=client_credentials -d client_id=" + KeycloakServer.PIPELINE_CLIENT_ID
                + " -d client_secret=\"$(cat '" + pipelineSecret + "')\" " + issuer + "/protocol/openid-connect/token"
                + " | python3 -c 'import json,sys; print(json.load(sys.stdin)[\"access_token\"])'";
    }

    private static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Keycloak", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private static Optional<String> env(String name) {
        return Optional.ofNullable(System.getenv(name)).filter(v -> !v.isBlank());
    }

    private int port(String name, int fallback) {
        String value = env(name).orElse(null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), name + " must be a port number, was '" + value + "'");
        }
    }
}
