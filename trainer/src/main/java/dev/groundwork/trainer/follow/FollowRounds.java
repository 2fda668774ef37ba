package dev.groundwork.trainer.follow;

import dev.groundwork.annotation.event.CheckpointSaved.OffsetRange;
import dev.groundwork.annotation.event.TrainRoundAnswered;
import dev.groundwork.annotation.event.TrainRoundRequested;
import dev.groundwork.annotation.preference.PreferencePolicy;
import dev.groundwork.trainer.data.BufferPreferences;
import dev.groundwork.trainer.data.PairImages;
import dev.groundwork.trainer.data.PreferenceSet;
import dev.groundwork.trainer.model.Tokenizer;
import dev.groundwork.trainer.model.VlmConfig;
import dev.groundwork.trainer.model.WordTokenizer;
import dev.groundwork.trainer.run.ArtifactStore;
import dev.groundwork.trainer.run.Objective;
import dev.groundwork.trainer.run.ObjectiveSettings;
import dev.groundwork.trainer.run.ProgressBar;
import dev.groundwork.trainer.run.RunReporter;
import dev.groundwork.trainer.run.TrainingEventSink;
import dev.groundwork.trainer.run.TrainingJob;
import dev.groundwork.trainer.stream.PairBuffer;
import dev.groundwork.trainer.train.Checkpoint;
import dev.groundwork.trainer.train.Provenance;
import dev.groundwork.trainer.train.Start;
import dev.groundwork.trainer.train.TrainingOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;

/**
 * Training rounds on the judgment stream. A round starts when the pair buffer holds at least {@code minNewPairs}
 * pairs touched since the last round; it trains on exactly the pairs of the offset range {@code [previous round's
 * end, the buffer's offsets now)} ({@link BufferPreferences}) and writes {@code runs/<name>/round-<n>/} in the
 * artifact store, whose {@code state.json} offsets are the range's end and whose provenance lists the range, the
 * pair count and the policy with its version. A round in progress leaves nothing behind (checkpoints are moved into
 * place whole), so after a crash the next start finds the last finished round and redoes the interrupted one from
 * it, over the same range: no pair is lost or counted twice, and on CPU the result is bit-identical.
 *
 * <p><b>Warm start and reference.</b> Round {@code n} starts from round {@code n−1}'s parameters (round 1 from
 * {@code --init}, usually the SFT policy, else a fresh model), and its DPO/mDPO reference is that same starting
 * policy: the iterative-DPO recipe of RLAIF-V and LLaVA-Critic, where each iteration's reference is the previous
 * iteration's model. The KL anchor thus stays close to the policy whose answers are being judged (on-policy pairs
 * come from it), instead of pulling every later round back toward the SFT model; each round is a fresh
 * optimisation (new Adam moments) over only the new pairs.
 */
public final class FollowRounds {

    private static final Pattern ROUND = Pattern.compile("round-(\\d+)");

    /**
     * @param name the run name, the directory under {@code runs/} in the artifact store
     * @param stepsPerRound steps per round, or empty for one epoch of the round's pairs
     * @param minNewPairs the least new pairs that start a round
     * @param init round 1's starting checkpoint (its parameters and tokenizer), if any
     * @param dataset only this dataset's pairs, or every dataset's
     */
    public record Settings(String name, Objective objective, ObjectiveSettings objectiveSettings, VlmConfig config,
            TrainingOptions options, Optional<Integer> stepsPerRound, int minNewPairs, Optional<Path> init,
            PreferencePolicy policy, Optional<String> dataset, Map<String, String> hyperParameters, String startedBy) {
        public Settings {
            Objects.requireNonNull(name, "name");
            if (!objective.preferences()) {
                throw new IllegalArgumentException("stream rounds train reward, dpo or mdpo, not " + objective.name());
            }
            if (minNewPairs < 1) {
                throw new IllegalArgumentException("the least new pairs for a round must be at least 1, was " + minNewPairs);
            }
            hyperParameters = Map.copyOf(hyperParameters);
        }
    }

    /** A finished round. */
    public record Round(int number, String runId, Path checkpoint, TrainingJob.Result result, List<OffsetRange> ranges,
            int pairs) {}

    private final Settings settings;
    private final PairBuffer buffer;
    private final BooleanSupplier caughtUp;
    private final PairImages images;
    private final ArtifactStore store;
    private final TrainingEventSink events;
    private final Clock clock;
    private final PrintStream out;
    /** The range end at which every new pair was unusable (dead-lettered): nothing to do until the buffer moves on. */
    private Map<TopicPartition, Long> unusableAt = Map.of();
    /** The range end of the last check and how many pairs it found: an idle buffer is not read again every poll. */
    private Map<TopicPartition, Long> checkedAt = Map.of();
    private int checkedPairs;

    /**
     * @param caughtUp whether the consumer has read everything committed to the judgments topic: a round looks at
     *     the buffer only then, so its range never ends inside a burst of judgments being read
     */
    public FollowRounds(Settings settings, PairBuffer buffer, BooleanSupplier caughtUp, PairImages images, ArtifactStore store,
            TrainingEventSink events, Clock clock, PrintStream out) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.buffer = Objects.requireNonNull(buffer, "buffer");
        this.caughtUp = Objects.requireNonNull(caughtUp, "caughtUp");
        this.images = Objects.requireNonNull(images, "images");
        this.store = Objects.requireNonNull(store, "store");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.out = Objects.requireNonNull(out, "out");
    }

    /** The directory of this run's rounds. */
    public Path runDirectory() {
        return store.run(settings.name());
    }

    /** The last finished round's checkpoint, if any. */
    public Optional<Path> latestRound() {
        Path dir = runDirectory();
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> ROUND.matcher(p.getFileName().toString()).matches())
                    .filter(p -> Files.isRegularFile(p.resolve(Checkpoint.STATE)))
                    .max((a, b) -> Integer.compare(roundOf(a), roundOf(b)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    private static int roundOf(Path checkpoint) {
        Matcher m = ROUND.matcher(checkpoint.getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** Where the next round starts in the judgments topic: the last round's end offsets, else the beginning. */
    public Map<TopicPartition, Long> nextStart() {
        Optional<Path> latest = latestRound();
        if (latest.isEmpty()) {
            return Map.of();
        }
        try {
            Map<TopicPartition, Long> start = new HashMap<>();
            Checkpoint.read(latest.get()).offsets().forEach((key, offset) -> start.put(partition(key), offset));
            return start;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + latest.get() + ": " + e.getMessage(), e);
        }
    }

    /** The checkpoint offsets' key for a partition: {@code <topic>-<partition>}. */
    static String key(TopicPartition tp) {
        return tp.topic() + "-" + tp.partition();
    }

    static TopicPartition partition(String key) {
        int dash = key.lastIndexOf('-');
        return new TopicPartition(key.substring(0, dash), Integer.parseInt(key.substring(dash + 1)));
    }

    /** How many pairs the buffer holds beyond the last round. */
    public int newPairs() {
        return source(nextStart(), buffer.offsets()).pairs().size();
    }

    private BufferPreferences source(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) {
        return new BufferPreferences(buffer, settings.policy(), settings.dataset(), from, to, images);
    }

    /** Trains a round when at least {@code minPairs} new pairs are in; empty otherwise. */
    public Optional<Round> roundIfReady(int minPairs) {
        return roundIfReady(minPairs, settings.startedBy());
    }

    private Optional<Round> roundIfReady(int minPairs, String startedBy) {
        if (!caughtUp.getAsBoolean()) {
            return Optional.empty();
        }
        Map<TopicPartition, Long> from = nextStart();
        Map<TopicPartition, Long> to = buffer.offsets();
        if (to.equals(unusableAt) || (to.equals(checkedAt) && checkedPairs < Math.max(1, minPairs))) {
            return Optional.empty();
        }
        BufferPreferences source = source(from, to);
        checkedAt = to;
        checkedPairs = source.pairs().size();
        if (checkedPairs < Math.max(1, minPairs)) {
            return Optional.empty();
        }
        PreferenceSet data = source.preferences();
        if (data.train().isEmpty()) {
            out.println("follow: none of the new pairs has a usable image (see the dead-letter topic); waiting for more");
            unusableAt = to;
            return Optional.empty();
        }
        return Optional.of(train(data, from, to, startedBy));
    }

    /** Runs rounds until {@code running} turns false, checking every {@code poll}. */
    public void follow(BooleanSupplier running, Duration poll) {
        follow(running, poll, () -> false, true);
    }

    /**
     * As {@link #follow(BooleanSupplier, Duration)}, and first, on every turn, lets {@code command} handle one
     * waiting command (a round or an evaluation asked for on the commands topic, while this service owns the buffer);
     * it returns whether it handled one, and the loop asks again at once while it does. With {@code automatic} false
     * the service trains only when asked: the threshold is then the asker's (a scheduled job's {@code minPairs}).
     */
    public void follow(BooleanSupplier running, Duration poll, BooleanSupplier command, boolean automatic) {
        if (automatic) {
            out.printf("follow: %s rounds at %d new pairs, run %s%n", settings.objective().name(), settings.minNewPairs(),
                    runDirectory());
        } else {
            out.printf("follow: %s rounds when asked (a scheduled job sets the threshold), run %s%n", settings.objective().name(),
                    runDirectory());
        }
        long backoff = poll.toMillis();
        while (running.getAsBoolean()) {
            if (command.getAsBoolean()) {
                continue;
            }
            long wait = poll.toMillis();
            try {
                if (automatic && roundIfReady(settings.minNewPairs()).isPresent()) {
                    backoff = poll.toMillis();
                    continue;
                }
            } catch (PairImages.Unavailable e) {
                out.println("follow: images cannot be fetched now (" + e.getMessage() + "); trying again");
                wait = backoff = Math.min(60_000, backoff * 2);
            } catch (RuntimeException e) {
                // The run was reported FAILED; the same range is tried again, later and later.
                out.println("follow: the round failed (" + e.getMessage() + "); trying the same pairs again later");
                wait = backoff = Math.min(300_000, backoff * 2);
            }
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Trains a round for a request, now, on at least its minimum of new pairs. */
    public TrainRoundAnswered answer(TrainRoundRequested request) {
        String id = java.util.UUID.nameUUIDFromBytes(("groundwork:answer:" + request.requestId()).getBytes(StandardCharsets.UTF_8))
                .toString();
        if (!request.objective().equals(settings.objective().name())) {
            return new TrainRoundAnswered(id, TrainRoundAnswered.TYPE, TrainRoundAnswered.SCHEMA_VERSION, clock.instant(),
                    request.requestId(), "FAILED", null, null, 0, "this trainer service trains " + settings.objective().name()
                            + ", not " + request.objective());
        }
        try {
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (!caughtUp.getAsBoolean() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            out.println("follow: " + request.requestedBy() + " asks for a round now (request " + request.requestId() + ")");
            Optional<Round> round = roundIfReady(Math.max(1, request.minPairs()), "request:" + request.requestId());
            if (round.isEmpty()) {
                return new TrainRoundAnswered(id, TrainRoundAnswered.TYPE, TrainRoundAnswered.SCHEMA_VERSION, clock.instant(),
                        request.requestId(), "NO_NEW_PAIRS", null, null, 0, newPairs() + " new pairs, " + request.minPairs()
                                + " asked for");
            }
            return new TrainRoundAnswered(id, TrainRoundAnswered.TYPE, TrainRoundAnswered.SCHEMA_VERSION, clock.instant(),
                    request.requestId(), "TRAINED", round.get().runId(), ArtifactStore.uri(round.get().checkpoint()).toString(),
                    round.get().pairs(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new TrainRoundAnswered(id, TrainRoundAnswered.TYPE, TrainRoundAnswered.SCHEMA_VERSION, clock.instant(),
                    request.requestId(), "FAILED", null, null, 0, "the trainer service is stopping");
        } catch (RuntimeException e) {
            return new TrainRoundAnswered(id, TrainRoundAnswered.TYPE, TrainRoundAnswered.SCHEMA_VERSION, clock.instant(),
                    request.requestId(), "FAILED", null, null, 0, String.valueOf(e.getMessage()));
        }
    }

    private Round train(PreferenceSet data, Map<TopicPartition, Long> from, Map<TopicPartition, Long> to, String startedBy) {
        Optional<Path> parent = latestRound();
        int number = parent.map(FollowRounds::roundOf).orElse(0) + 1;
        Optional<Path> startFrom = parent.or(settings::init);
        Tokenizer tokenizer = tokenizer(startFrom, data.texts());
        Start start = startFrom.map(p -> Start.fromParameters(read(p.resolve(Checkpoint.MODEL)))).orElse(Start.fresh());
        int pairs = data.train().size();
        int batch = Math.min(settings.options().batchSize(), pairs);
        long steps = settings.stepsPerRound().map(Integer::longValue).orElse((long) Math.max(1, pairs / batch));
        TrainingOptions options = settings.options().withBatchSize(batch).withSeed(settings.options().seed() + number - 1);
        Path dir = runDirectory().resolve("round-" + number);
        Map<String, String> hyper = new LinkedHashMap<>(settings.hyperParameters());
        hyper.put("steps", Long.toString(steps));
        hyper.put("batch", Integer.toString(batch));
        hyper.put("min_new_pairs", Integer.toString(settings.minNewPairs()));
        hyper.put("reference", startFrom.isPresent() ? "the round's starting policy" : "the fresh initial policy");
        String parentUri = startFrom.map(p -> ArtifactStore.uri(p).toString()).orElse("");
        Provenance.Data provenance = new Provenance.Data(data.description(), data.offsetRanges(), pairs, data.policyVersion(),
                number, parentUri, data.judges());
        TrainingJob job = new TrainingJob(settings.objective().name(), hyper, options.seed(), steps, 0, dir, provenance, startedBy);
        RunReporter reporter = new RunReporter(events, clock, RunReporter.runIdFor(settings.name() + ":round-" + number));
        out.printf("follow: round %d of %s on %d pairs (%s), %d steps, from %s%n", number, settings.name(), pairs,
                data.description(), steps, startFrom.map(Path::toString).orElse("a fresh model"));
        TrainingJob.Result result = job.run(() -> {
            var trainer = settings.objective().trainer(settings.config(), tokenizer, data, settings.objectiveSettings(), options, start);
            to.forEach((tp, offset) -> trainer.recordOffset(key(tp), offset));
            return trainer;
        }, t -> "", reporter, new ProgressBar(out, 0, steps));
        out.printf("follow: round %d done, checkpoint %s%n", number, dir);
        return new Round(number, reporter.runId(), dir, result, data.offsetRanges(), pairs);
    }

    private static Tokenizer tokenizer(Optional<Path> checkpoint, List<String> texts) {
        if (checkpoint.isPresent() && Files.isRegularFile(checkpoint.get().resolve(Checkpoint.TOKENIZER))) {
            try {
                return WordTokenizer.fromJson(Files.readString(checkpoint.get().resolve(Checkpoint.TOKENIZER), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<String> all = new java.util.ArrayList<>(texts);
        all.add(dev.groundwork.trainer.train.Batches.SEPARATOR);
        return WordTokenizer.fit(all);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
