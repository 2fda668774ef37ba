package dev.groundwork.web.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.annotation.event.EventCodec;
import dev.groundwork.annotation.event.KafkaConnection;
import dev.groundwork.annotation.event.Topics;
import dev.groundwork.annotation.event.TrainingProgress;
import dev.groundwork.storage.audit.AuditTrail;
import dev.groundwork.storage.training.Checkpoint;
import dev.groundwork.storage.training.CheckpointRepository;
import dev.groundwork.storage.training.MetricPoint;
import dev.groundwork.storage.training.MetricPointRepository;
import dev.groundwork.storage.training.TrainingRun;
import dev.groundwork.storage.training.TrainingRunRepository;
import dev.groundwork.trainer.loss.DpoLoss;
import dev.groundwork.trainer.loss.DpoLossType;
import dev.groundwork.trainer.loss.MdpoLoss;
import dev.groundwork.trainer.model.VlmConfig;
import dev.groundwork.trainer.train.BaseTrainer;
import dev.groundwork.trainer.train.DpoTrainer;
import dev.groundwork.trainer.train.MdpoTrainer;
import dev.groundwork.trainer.train.RewardModelTrainer;
import dev.groundwork.trainer.train.SftTrainer;
import dev.groundwork.trainer.train.Start;
import dev.groundwork.trainer.train.StepResult;
import dev.groundwork.trainer.train.TrainingDevice;
import dev.groundwork.trainer.train.TrainingOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code gw train sft|reward|dpo|mdpo}: trains on the synthetic world with a progress bar, ETA and
 * live loss; records the run, its metrics (TRL names) and checkpoints in the database, publishes
 * them on {@code groundwork.training-events.v1} when Kafka is reachable, and saves a checkpoint
 * (parameters, optimiser, RNG position, data position, offsets, provenance) to {@code --out}.
 */
final class TrainCommand {

    private TrainCommand() {}

    static void run(GroundworkCli.Args a, PrintStream out) {
        a.allowOnly("--size", "--steps", "--seed", "--resume", "--out", "--init", "--scenes", "--held-out", "--world-seed",
                "--batch", "--lr", "--beta", "--loss", "--label-smoothing", "--eval-every");
        String objective = a.positional(1, "objective (sft, reward, dpo or mdpo)");
        if (!List.of("sft", "reward", "dpo", "mdpo").contains(objective)) {
            throw new GroundworkCli.UsageException("unknown objective '" + objective + "' (sft, reward, dpo, mdpo)");
        }
        String size = a.option("--size").orElse("tiny");
        VlmConfig config;
        try {
            config = VlmConfig.preset(size);
        } catch (IllegalArgumentException e) {
            throw new GroundworkCli.UsageException("--" + e.getMessage());
        }
        int steps = a.intOption("--steps", 200);
        long seed = a.longOption("--seed", 1);
        int batch = a.intOption("--batch", 16);
        double lr = Double.parseDouble(a.option("--lr").orElse(objective.equals("sft") ? "1e-3" : "5e-4"));
        double beta = Double.parseDouble(a.option("--beta").orElse(objective.equals("mdpo") ? "1.0" : "0.1"));
        double smoothing = Double.parseDouble(a.option("--label-smoothing").orElse("0"));
        int evalEvery = a.intOption("--eval-every", Math.max(1, steps / 5));
        Optional<Path> resume = a.option("--resume").map(Path::of);
        Optional<Path> init = a.option("--init").map(Path::of);
        if (resume.isPresent() && init.isPresent()) {
            throw new GroundworkCli.UsageException("give --resume or --init, not both");
        }
        Start start = resume.map(Start::resume).orElseGet(() -> init.map(p -> Start.fromParameters(read(p.resolve("model.params"))))
                .orElse(Start.fresh()));

        out.printf("preparing the synthetic world (%s scenes) ...%n", a.option("--scenes").orElse("120"));
        WorldTrainingData data = new WorldTrainingData(a.intOption("--scenes", 120), a.intOption("--held-out", 30),
                a.longOption("--world-seed", 7));
        TrainingOptions options = TrainingOptions.defaults().withSeed(seed).withBatchSize(batch).withLearningRate(lr);
        String device = TrainingDevice.describe(TrainingDevice.select());
        Map<String, String> hyper = new LinkedHashMap<>();
        hyper.put("size", size);
        hyper.put("steps", Integer.toString(steps));
        hyper.put("batch", Integer.toString(batch));
        hyper.put("learningRate", Double.toString(lr));
        if (!objective.equals("sft") && !objective.equals("reward")) {
            hyper.put("beta", Double.toString(beta));
            hyper.put("labelSmoothing", Double.toString(smoothing));
            hyper.put("loss", a.option("--loss").orElse(objective.equals("mdpo") ? "mdpo" : "sigmoid"));
        }
        out.printf("%s on %s: %s model, %d SFT examples, %d training pairs, %d held-out pairs, device %s%n", objective,
                data.description, size, data.sft.size(), data.train.size(), data.heldOut.size(), device);

        try (ConfigurableApplicationContext ctx = CliApplication.start();
                BaseTrainer<?> trainer = trainer(objective, config, data, options, start, beta, smoothing, a);
                Publisher events = Publisher.connect(out)) {
            TrainingRun run = ctx.getBean(TrainingRunRepository.class).save(new TrainingRun(objective, toJson(hyper), seed, device,
                    "cli:" + System.getProperty("user.name", "unknown"), Clock.systemUTC().instant()));
            ctx.getBean(AuditTrail.class).record("cli:" + System.getProperty("user.name", "unknown"), "training.start",
                    "run " + run.getId(), objective + " " + hyper);
            Path outDir = a.option("--out").map(Path::of)
                    .orElse(DataCommands.dataDir().resolve("runs").resolve(objective + "-" + run.getId()));
            MetricPointRepository metrics = ctx.getBean(MetricPointRepository.class);
            Progress progress = new Progress(out, trainer.steps(), steps);
            try {
                while (trainer.steps() < steps) {
                    StepResult r = trainer.step();
                    var now = Clock.systemUTC().instant();
                    List<MetricPoint> points = new ArrayList<>();
                    r.metrics().forEach((name, value) -> {
                        if (Double.isFinite(value)) {
                            points.add(new MetricPoint(run, r.step(), name, value, now));
                        }
                    });
                    metrics.saveAll(points);
                    events.send(run.getId(), new TrainingProgress(UUID.randomUUID().toString(), TrainingProgress.TYPE,
                            TrainingProgress.SCHEMA_VERSION, now, run.getId(), objective, "RUNNING", r.step(), steps,
                            r.metrics(), null, device));
                    progress.update(r);
                    if (r.step() % evalEvery == 0 || r.step() == steps) {
                        progress.line(evaluate(objective, trainer, data));
                    }
                }
                trainer.save(outDir, data.description);
                String provenance = Files.readString(outDir.resolve("provenance.json"));
                ctx.getBean(CheckpointRepository.class).save(new Checkpoint(run, trainer.steps(), outDir.toString(), provenance,
                        Clock.systemUTC().instant()));
                events.send(run.getId(), new TrainingProgress(UUID.randomUUID().toString(), TrainingProgress.TYPE,
                        TrainingProgress.SCHEMA_VERSION, Clock.systemUTC().instant(), run.getId(), objective, "SUCCEEDED",
                        trainer.steps(), steps, Map.of(), outDir.toString(), device));
                run.finish(TrainingRun.Status.SUCCEEDED, Clock.systemUTC().instant());
                ctx.getBean(TrainingRunRepository.class).save(run);
                out.printf("%nrun %d finished: %d steps, checkpoint %s%n", run.getId(), trainer.steps(), outDir);
            } catch (IOException e) {
                run.finish(TrainingRun.Status.FAILED, Clock.systemUTC().instant());
                ctx.getBean(TrainingRunRepository.class).save(run);
                throw new UncheckedIOException("cannot save the checkpoint: " + e.getMessage(), e);
            }
        }
    }

    private static BaseTrainer<?> trainer(String objective, VlmConfig config, WorldTrainingData data, TrainingOptions options,
            Start start, double beta, double smoothing, GroundworkCli.Args a) {
        return switch (objective) {
            case "sft" -> new SftTrainer(config, data.tokenizer, data.sft, options, start);
            case "reward" -> new RewardModelTrainer(config, data.tokenizer, data.train, options, start);
            case "dpo" -> new DpoTrainer(config, data.tokenizer, data.train, DpoLoss.builder()
                    .type(DpoLossType.fromTrlName(a.option("--loss").orElse("sigmoid"))).beta(beta).labelSmoothing(smoothing).build(),
                    options, start);
            case "mdpo" -> new MdpoTrainer(config, data.tokenizer, data.train,
                    MdpoLoss.builder().beta(beta).labelSmoothing(smoothing).build(), options, start);
            default -> throw new GroundworkCli.UsageException("unknown objective " + objective);
        };
    }

    private static String evaluate(String objective, BaseTrainer<?> trainer, WorldTrainingData data) {
        return switch (objective) {
            case "sft" -> String.format("held-out token NLL %.3f", ((SftTrainer) trainer).evaluateLoss(data.heldOutSft));
            case "reward" -> String.format("held-out reward accuracy %.3f", ((RewardModelTrainer) trainer).accuracy(data.heldOut));
            case "dpo" -> String.format("held-out implicit-reward accuracy %.3f", ((DpoTrainer) trainer).implicitRewardAccuracy(data.heldOut));
            case "mdpo" -> String.format("held-out implicit-reward accuracy %.3f, image-conditional accuracy %.3f",
                    ((MdpoTrainer) trainer).implicitRewardAccuracy(data.heldOut),
                    ((MdpoTrainer) trainer).imageConditionalAccuracy(data.heldOut));
            default -> "";
        };
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read warm-start parameters " + p + ": " + e.getMessage());
        }
    }

    private static String toJson(Object o) {
        try {
            return new ObjectMapper().writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A one-line progress bar with ETA and the live loss; plain lines when not on a terminal. */
    private static final class Progress {
        private final PrintStream out;
        private final long first;
        private final long total;
        private final long started = System.nanoTime();
        private final boolean tty = System.console() != null;
        private long lastPrinted = -1;

        Progress(PrintStream out, long first, long total) {
            this.out = out;
            this.first = first;
            this.total = total;
        }

        void update(StepResult r) {
            long done = r.step() - first;
            double seconds = (System.nanoTime() - started) / 1e9;
            double rate = done / Math.max(seconds, 1e-9);
            long eta = rate > 0 ? Math.round((total - r.step()) / rate) : 0;
            int width = 30;
            int filled = (int) (width * r.step() / Math.max(1, total));
            String bar = "#".repeat(filled) + ".".repeat(width - filled);
            Double acc = r.metrics().get("rewards/accuracies");
            String line = String.format("[%s] %d/%d  loss %.4f%s  %.2f steps/s  ETA %d:%02d", bar, r.step(), total,
                    r.metrics().getOrDefault("loss", Double.NaN), acc == null ? "" : String.format("  acc %.2f", acc), rate,
                    eta / 60, eta % 60);
            if (tty) {
                out.print("\r" + line);
            } else if (r.step() == total || r.step() * 10 / total != lastPrinted) {
                out.println(line);
                lastPrinted = r.step() * 10 / total;
            }
        }

        void line(String text) {
            out.print(tty ? "\n  " + text + "\n" : "  " + text + "\n");
        }
    }

    /** Publishes training events when a Kafka broker is configured or running locally; otherwise does nothing. */
    private static final class Publisher implements AutoCloseable {
        private final KafkaProducer<String, byte[]> producer;

        private Publisher(KafkaProducer<String, byte[]> producer) {
            this.producer = producer;
        }

        static Publisher connect(PrintStream out) {
            Optional<KafkaConnection> kafka = Pipeline.external();
            if (kafka.isEmpty()) {
                int port = Integer.parseInt(Optional.ofNullable(System.getenv("GW_KAFKA_PORT")).orElse("9092"));
                if (reachable(port)) {
                    kafka = Optional.of(KafkaConnection.local("127.0.0.1:" + port));
                }
            }
            if (kafka.isEmpty()) {
                out.println("training events: not published (no Kafka configured and none on this machine; ./gw up starts one)");
                return new Publisher(null);
            }
            try {
                kafka.get().ensureTopics();
                Map<String, Object> p = kafka.get().base();
                p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
                p.put(ProducerConfig.ACKS_CONFIG, "all");
                p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
                out.println("training events: publishing to " + Topics.TRAINING_EVENTS + " at " + kafka.get().bootstrapServers());
                return new Publisher(new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer()));
            } catch (RuntimeException e) {
                out.println("training events: not published (" + e.getMessage() + ")");
                return new Publisher(null);
            }
        }

        void send(long runId, TrainingProgress event) {
            if (producer != null) {
                producer.send(new ProducerRecord<>(Topics.TRAINING_EVENTS, Long.toString(runId), EventCodec.encode(event)));
            }
        }

        private static boolean reachable(int port) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        @Override
        public void close() {
            if (producer != null) {
                producer.close();
            }
        }
    }
}
