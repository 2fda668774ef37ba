package dev.groundwork.trainer.cli;

import dev.groundwork.trainer.run.Objective;
import dev.groundwork.trainer.run.Objectives;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code gw trainer service}: the trainer service, its own process (a GPU host in production). It consumes the
 * judgments topic into its pair buffer and trains a round each time {@code --min-new-pairs} new pairs have arrived,
 * reporting runs, metrics and checkpoints on the training-events topic. Same as {@code gw train OBJECTIVE --from
 * stream --follow}.
 */
@Command(name = "service", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Run the trainer service: consume judgments, train a round at every N new pairs.")
final class ServiceCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Option(names = "--objective", defaultValue = "dpo", description = "reward, dpo or mdpo (default: ${DEFAULT-VALUE})")
    String objectiveName;

    @Option(names = "--kafka", description = "Kafka bootstrap servers (default: GW_KAFKA_BOOTSTRAP, else 127.0.0.1:9092)")
    String kafka;

    @Option(names = "--ops-port", defaultValue = "${env:GW_TRAINER_OPS_PORT}",
            description = "serve /health/live, /health/ready and /metrics on this port (default: GW_TRAINER_OPS_PORT, else none)")
    Integer opsPort;

    @Mixin ModelOptions model;
    @Mixin StreamOptions stream;

    @Override
    public Integer call() {
        Objective objective = Objectives.byName(objectiveName).filter(Objective::preferences).orElseThrow(() ->
                new ParameterException(spec.commandLine(), "--objective must be reward, dpo or mdpo, was '" + objectiveName + "'"));
        model.check();
        stream.follow = true;
        if (opsPort != null && (opsPort < 0 || opsPort > 65535)) {
            throw new ParameterException(spec.commandLine(), "--ops-port must be a port from 0 to 65535, was " + opsPort);
        }
        return StreamTraining.run(objective, model, stream, Optional.ofNullable(kafka),
                opsPort == null ? OptionalInt.empty() : OptionalInt.of(opsPort), spec.commandLine().getOut());
    }
}
