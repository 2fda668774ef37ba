package dev.groundwork.trainer.cli;

import dev.groundwork.annotation.event.KafkaConnection;
import dev.groundwork.trainer.data.PreferenceSet;
import dev.groundwork.trainer.data.SftSet;
import dev.groundwork.trainer.data.TrlPreferences;
import dev.groundwork.trainer.data.WorldData;
import dev.groundwork.trainer.model.Tokenizer;
import dev.groundwork.trainer.model.VlmConfig;
import dev.groundwork.trainer.run.ArtifactStore;
import dev.groundwork.trainer.run.KafkaTrainingEvents;
import dev.groundwork.trainer.run.Objective;
import dev.groundwork.trainer.run.Objectives;
import dev.groundwork.trainer.run.ProgressBar;
import dev.groundwork.trainer.run.RunReporter;
import dev.groundwork.trainer.run.TrainingEventSink;
import dev.groundwork.trainer.run.TrainingJob;
import dev.groundwork.trainer.train.Provenance;
import dev.groundwork.trainer.train.Start;
import dev.groundwork.trainer.train.TrainingDevice;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code gw train sft|reward|dpo|mdpo}: trains on the synthetic world ({@code --from world}, the default), a TRL
 * preference file ({@code --from trl --file F}) or the judgments in the pair buffer ({@code --from stream}, see
 * {@link StreamOptions}), with a progress bar, held-out evaluation, a checkpoint in the artifact store and
 * training events on Kafka when a broker is configured or running here.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train sft, reward, dpo or mdpo on the world, a TRL file or the judgment stream.")
final class TrainCommand implements Callable<Integer> {

    /** Where the data comes from. */
    enum From { world, trl, stream }

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OBJECTIVE", description = "sft, reward, dpo or mdpo")
    String objectiveName;

    @Option(names = "--from", defaultValue = "world", description = "world, trl or stream (default: ${DEFAULT-VALUE})")
    From from;

    @Option(names = "--file", description = "the TRL preferences.jsonl for --from trl")
    Path file;

    @Option(names = "--kafka", description = "Kafka bootstrap servers, or none to publish no training events"
            + " (default: GW_KAFKA_BOOTSTRAP, else a broker on 127.0.0.1:9092 when one answers)")
    String kafka;

    @Mixin ModelOptions model;
    @Mixin WorldOptions world;
    @Mixin StreamOptions stream;

    @Override
    public Integer call() {
        Objective objective = Objectives.byName(objectiveName).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "unknown objective '" + objectiveName + "' (" + String.join(", ", Objectives.names()) + ")"));
        model.check();
        PrintWriter out = spec.commandLine().getOut();
        if (from == From.stream) {
            if (!objective.preferences()) {
                throw new ParameterException(spec.commandLine(), "--from stream trains on preference pairs: reward, dpo or mdpo");
            }
            return StreamTraining.run(objective, model, stream, Optional.ofNullable(kafka), OptionalInt.empty(), out);
        }
        if (stream.follow) {
            throw new ParameterException(spec.commandLine(), "--follow needs --from stream");
        }
        if (from == From.trl && file == null) {
            throw new ParameterException(spec.commandLine(), "--from trl needs --file PATH (a TRL preferences.jsonl)");
        }
        if (from == From.trl && !objective.preferences()) {
            throw new ParameterException(spec.commandLine(), "a TRL preference file trains reward, dpo or mdpo, not sft");
        }
        VlmConfig config = model.config();
        out.printf("preparing the data (%s) ...%n", from == From.world ? "synthetic world, " + world.scenes + " scenes" : file);
        WorldData worldData = world.data();
        PreferenceSet preferences = from == From.trl ? new TrlPreferences(file, 10).preferences() : worldData.preferences();
        SftSet sft = objective.preferences() ? null : worldData.sft();
        List<String> texts = objective.preferences() ? preferences.texts() : sft.texts();
        Tokenizer tokenizer = Checkpoints.tokenizer(model.startCheckpoint(), texts);
        long steps = model.steps != null ? model.steps : 200;
        int evalEvery = model.evalEvery != null ? model.evalEvery : (int) Math.max(1, steps / 5);
        String description = objective.preferences() ? preferences.description() : sft.description();
        int examples = objective.preferences() ? preferences.train().size() : sft.train().size();
        out.printf("%s on %s: %s model, %d training examples, %d held out, device %s%n", objective.name(), description, model.size,
                examples, objective.preferences() ? preferences.heldOut().size() : sft.heldOut().size(),
                TrainingDevice.describe(TrainingDevice.select()));
        Start start = Checkpoints.start(model);
        String runName = objective.name() + "-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC)
                .format(Clock.systemUTC().instant());
        Path outDir = model.out != null ? model.out : ArtifactStore.fromEnvironment(Environment.dataDir()).run(runName);
        String parent = model.startCheckpoint().map(p -> ArtifactStore.uri(p).toString()).orElse("");
        TrainingJob job = new TrainingJob(objective.name(), model.describe(objective, steps), model.seed, steps, evalEvery, outDir,
                new Provenance.Data(description, List.of(), examples, "", 0, parent), "cli:" + System.getProperty("user.name", "unknown"));
        try (TrainingEventSink events = Environment.trainingEvents(kafka, out)) {
            RunReporter reporter = new RunReporter(events, Clock.systemUTC(), UUID.randomUUID().toString());
            TrainingJob.Result result = job.run(() -> objective.preferences()
                            ? objective.trainer(config, tokenizer, preferences, model.settings(objective), model.options(objective), start)
                            : objective.trainer(config, tokenizer, sft, model.options(objective), start),
                    t -> objective.evaluate(t, preferences, sft), reporter, new ProgressBar(out, 0, steps));
            out.printf("%nrun %s finished: %d steps, checkpoint %s%n", reporter.runId(), result.steps(), result.checkpoint());
        }
        return 0;
    }
}
