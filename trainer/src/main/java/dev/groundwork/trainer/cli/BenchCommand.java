package dev.groundwork.trainer.cli;

import dev.groundwork.trainer.bench.TrainerBench;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code gw bench trainer}: the product's DPO and mDPO steps on DJL against the same step in PyTorch eager. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks of the trainer.",
        subcommands = BenchCommand.Trainer.class)
final class BenchCommand {

    @Command(name = "trainer", mixinStandardHelpOptions = true, sortOptions = false,
            description = "DPO and mDPO pairs/s of the product's trainers (DpoTrainer, MdpoTrainer, Adam) vs PyTorch eager; RSS.")
    static final class Trainer implements Callable<Integer> {

        @Option(names = "--size", defaultValue = "small", description = "tiny, small or base (default: ${DEFAULT-VALUE})")
        String size;

        @Option(names = "--batch", defaultValue = "16", description = "pairs per step (default: ${DEFAULT-VALUE})")
        int batch;

        @Option(names = "--text", defaultValue = "24", description = "text tokens per row (default: ${DEFAULT-VALUE})")
        int text;

        @Option(names = "--warmup", defaultValue = "3", description = "untimed steps (default: ${DEFAULT-VALUE})")
        int warmup;

        @Option(names = "--steps", defaultValue = "20", description = "timed steps (default: ${DEFAULT-VALUE})")
        int steps;

        @Option(names = "--threads", description = "threads on both sides (default: all cores)")
        Integer threads;

        @Option(names = "--rss-steps", defaultValue = "2000", description = "steps of the tiny RSS run, 0 to skip (default: ${DEFAULT-VALUE})")
        int rssSteps;

        @Option(names = "--rss-batch", defaultValue = "8", description = "pairs per step of the RSS run (default: ${DEFAULT-VALUE})")
        int rssBatch;

        @Option(names = "--peer", description = "the PyTorch peer script (trainer/bench/trainer_peer.py); none skips the comparison")
        Path peer;

        @Override
        public Integer call() {
            TrainerBench.run(new TrainerBench.Options(size, batch, text, warmup, steps,
                    threads != null ? threads : Runtime.getRuntime().availableProcessors(), rssSteps, rssBatch,
                    Optional.ofNullable(peer)), System.out);
            return 0;
        }
    }
}
