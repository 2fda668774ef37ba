package dev.groundwork.web.cli;

import dev.groundwork.annotation.outbox.OutboxRelay;
import dev.groundwork.web.WebApplication;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code gw serve}: the workbench alone, as one replica of a production deployment (deploy/kubernetes): the web
 * application and its outbox relays on the configured database and Kafka cluster, until SIGTERM. Unlike {@code gw up}
 * it seeds no demo data and starts no Keycloak, broker, trainer or critic: those run on their own
 * ({@code GW_OIDC_ISSUER}, {@code GW_KAFKA_BOOTSTRAP} must name them).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Run the web application and its outbox relays on the configured database, Keycloak (GW_OIDC_ISSUER) "
                + "and Kafka cluster (GW_KAFKA_BOOTSTRAP) until stopped; one replica of a production deployment.")
final class Serve implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        for (String required : new String[] {"GW_OIDC_ISSUER", "GW_KAFKA_BOOTSTRAP"}) {
            if (Optional.ofNullable(System.getenv(required)).filter(v -> !v.isBlank()).isEmpty()) {
                throw new ParameterException(spec.commandLine(), required + " is not set: 'serve' runs against your own "
                        + "Keycloak and Kafka cluster (use 'up' for the embedded ones)");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        String instance = Pipeline.instanceId(System.getenv());
        int relays = Pipeline.relays(System.getenv());
        // Our shutdown hook closes the web application after the relays that use its database.
        ConfigurableApplicationContext web = WebApplication.start("--spring.main.register-shutdown-hook=false");
        Pipeline pipeline;
        try {
            pipeline = Pipeline.start(Optional.empty(), web.getBean(DataSource.class), instance, relays);
        } catch (RuntimeException e) {
            web.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            pipeline.close();
            web.close();
            stopped.countDown();
        }, "gw-serve-shutdown"));
        out.printf("workbench instance %s serving; outbox relays %s on %s%n", instance,
                pipeline.relays().stream().map(OutboxRelay::transactionalId).toList(), pipeline.kafka().bootstrapServers());
        out.flush();
        stopped.await();
        return 0;
    }
}
