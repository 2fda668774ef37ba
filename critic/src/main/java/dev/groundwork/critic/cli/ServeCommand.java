package dev.groundwork.critic.cli;

import dev.groundwork.critic.worker.CriticWorker;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "The critic service: judges every critic job's requests until stopped (Ctrl-C).")
final class ServeCommand implements Callable<Integer> {

    @Mixin
    WorkerOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("critic service: starting %d worker(s) ...%n", options.workers);
        out.flush();
        ConfigurableApplicationContext ctx = CriticApplication.start();
        Stream stream = Stream.open(ctx.getBean(DataSource.class), out);
        String host = InetAddress.getLocalHost().getHostName();
        List<CriticWorker> workers = options.start(ctx, stream.kafka, host);
        out.printf("critic service: %d worker(s), %d requests at once each, group %s on %s%n", workers.size(),
                options.concurrency, CriticWorker.GROUP, stream.kafka.bootstrapServers());
        out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            workers.forEach(CriticWorker::close);
            stream.close();
            ctx.close();
            stopped.countDown();
        }, "critic-shutdown"));
        stopped.await();
        return 0;
    }
}
