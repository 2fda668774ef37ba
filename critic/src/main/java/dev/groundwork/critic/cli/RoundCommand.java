package dev.groundwork.critic.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.critic.round.OnPolicyRound;
import dev.groundwork.critic.round.RoundSettings;
import dev.groundwork.critic.worker.LocalCritics;
import dev.groundwork.storage.dataset.DatasetNotFoundException;
import dev.groundwork.trainer.run.ArtifactStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.sql.DataSource;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "round", mixinStandardHelpOptions = true, description = {
        "On-policy rounds (LLaVA-Critic's recipe): the policy samples K answers per prompt, the critic judges all",
        "K(K-1) ordered pairs, answers are ranked by wins - losses, the best-vs-worst pairs train a DPO round and go",
        "to annotators; repeated --rounds times. Checkpoints go to the artifact store (runs/onpolicy-*/round-N)."})
final class RoundCommand implements Callable<Integer> {

    @Option(names = "--dataset", defaultValue = "demo-world", description = "prompts and images (default ${DEFAULT-VALUE})")
    String dataset;

    @Option(names = "--checkpoint", description = "the starting policy (default: the newest SFT checkpoint; one is "
            + "trained first when there is none)")
    Path checkpoint;

    @Option(names = "--k", defaultValue = "4", description = "answers per prompt (default ${DEFAULT-VALUE})")
    int k;

    @Option(names = "--critic", defaultValue = "claims", description = "claims | reward-model | openai (default ${DEFAULT-VALUE})")
    String critic;

    @Option(names = "--critic-checkpoint", description = "reward-model: the reward model's checkpoint directory")
    Path criticCheckpoint;

    @Option(names = "--rounds", defaultValue = "1", description = "rounds (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--prompts", defaultValue = "64", description = "prompts sampled per round (default ${DEFAULT-VALUE})")
    int prompts;

    @Option(names = "--size", defaultValue = "tiny", description = "an SFT policy trained first: tiny | small")
    String size;

    @Option(names = "--sft-steps", defaultValue = "300", description = "its steps (default ${DEFAULT-VALUE})")
    int sftSteps;

    @Option(names = "--steps", defaultValue = "40", description = "DPO steps per round (default ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--beta", defaultValue = "0.1", description = "DPO beta (default ${DEFAULT-VALUE})")
    double beta;

    @Option(names = "--lr", defaultValue = "1e-4", description = "DPO learning rate (default ${DEFAULT-VALUE})")
    double learningRate;

    @Option(names = "--overlap", defaultValue = "2",
            description = "annotators per best-vs-worst comparison (default ${DEFAULT-VALUE})")
    int overlap;

    @Option(names = "--seed", defaultValue = "7", description = "sampling and training seed (default ${DEFAULT-VALUE})")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        RoundSettings settings;
        try {
            String criticSettings = criticCheckpoint == null ? null : new ObjectMapper().createObjectNode()
                    .put("checkpoint", criticCheckpoint.toAbsolutePath().normalize().toString()).toString();
            settings = new RoundSettings(dataset, k, rounds, prompts, critic, criticSettings, size, sftSteps, steps, beta,
                    learningRate, seed, overlap);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("gw round: " + e.getMessage());
            return 2;
        }
        Path dataDir = Path.of(Optional.ofNullable(System.getenv("GW_DATA_DIR")).orElse("data"));
        try (ConfigurableApplicationContext ctx = CriticApplication.start();
                Stream stream = Stream.open(ctx.getBean(DataSource.class), out)) {
            List<OnPolicyRound.Result> results = new OnPolicyRound(ctx, stream.kafka, LocalCritics.fromEnvironment(),
                    ArtifactStore.fromEnvironment(dataDir), out).run(settings, Optional.ofNullable(checkpoint),
                    CancelCommand.actor());
            out.printf("done: %d round(s); the last checkpoint is %s%n", results.size(),
                    results.get(results.size() - 1).checkpoint());
            out.println("evaluate it with: ./gw eval --checkpoint " + results.get(results.size() - 1).checkpoint());
            out.flush();
            return 0;
        } catch (DatasetNotFoundException | IllegalArgumentException e) {
            spec.commandLine().getErr().println("gw round: " + e.getMessage());
            return 2;
        }
    }
}
