package dev.groundwork.critic.round;

import dev.groundwork.annotation.event.KafkaConnection;
import dev.groundwork.annotation.event.OnPolicyRoundAnswered;
import dev.groundwork.annotation.event.OnPolicyRoundRequested;
import dev.groundwork.annotation.event.ServiceCommandEvent;
import dev.groundwork.critic.worker.CriticWorker;
import dev.groundwork.trainer.run.ArtifactStore;
import dev.groundwork.trainer.service.CommandChannel;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The critic service's end of on-policy round jobs: reads {@link OnPolicyRoundRequested} commands (key
 * {@value #KEY}, consumer group {@code groundwork-critic-commands}) and runs each as {@link OnPolicyRound} does for
 * {@code gw round}, one at a time on a thread of its own, then answers with an {@link OnPolicyRoundAnswered}: TRAINED
 * with the last round's checkpoint, or FAILED with the reason. The critic workers of the same process go on judging,
 * the round's own critic job among them. A request's offset is committed only after its answer is published
 * ({@link CommandChannel}), so a service stopped mid-round runs the request again when it starts; the answer's id is
 * derived from the request's, so the workbench applies it once. The group starts at the topic's beginning when it never
 * committed, so that the request {@code gw up} sends as the service first comes up is answered too; requests older
 * than {@link CommandChannel#STALE_AFTER} are skipped.
 */
public final class RoundRequests implements AutoCloseable {

    /** The critic service's key on the commands topic. */
    public static final String KEY = "critic";
    /** The SFT policy trained first when there is none: the size and steps of {@code gw round}'s defaults. */
    static final String SFT_SIZE = "tiny";
    static final int SFT_STEPS = 300;

    private static final Logger log = LoggerFactory.getLogger(RoundRequests.class);

    private final CommandChannel channel;
    private final OnPolicyRound rounds;
    private final Clock clock;
    private final Thread thread;
    private volatile boolean running = true;

    private RoundRequests(CommandChannel channel, OnPolicyRound rounds, Clock clock) {
        this.channel = channel;
        this.rounds = rounds;
        this.clock = clock;
        this.thread = new Thread(this::loop, "critic-rounds");
        thread.setDaemon(true);
    }

    /** Starts reading requests; {@code rounds} runs them. */
    public static RoundRequests start(KafkaConnection kafka, OnPolicyRound rounds, Clock clock) {
        RoundRequests requests = new RoundRequests(new CommandChannel(kafka, CriticWorker.GROUP, KEY,
                Set.<Class<? extends ServiceCommandEvent>>of(OnPolicyRoundRequested.class), CommandChannel.Start.EARLIEST),
                rounds, clock);
        requests.thread.start();
        return requests;
    }

    private void loop() {
        while (running) {
            Optional<ServiceCommandEvent> next = channel.next();
            if (next.isPresent() && next.get() instanceof OnPolicyRoundRequested request) {
                channel.answer(answer(request));
                continue;
            }
            try {
                Thread.sleep(Duration.ofMillis(500).toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Runs the request's rounds; never throws: a failure is the FAILED answer, with its reason. */
    OnPolicyRoundAnswered answer(OnPolicyRoundRequested request) {
        log.info("on-policy rounds asked by {} (request {}): {} round(s) of {} prompts of {}, k {}, critic {}",
                request.requestedBy(), request.requestId(), request.rounds(), request.prompts(), request.dataset(), request.k(),
                request.critic());
        try {
            RoundSettings settings = new RoundSettings(request.dataset(), request.k(), request.rounds(), request.prompts(),
                    request.critic(), null, SFT_SIZE, SFT_STEPS, request.steps(), 0.1, 1e-4, request.seed(), 2);
            Optional<Path> start = Optional.ofNullable(request.checkpoint()).map(RoundRequests::path);
            List<OnPolicyRound.Result> results = rounds.run(settings, start, request.requestedBy());
            OnPolicyRound.Result last = results.get(results.size() - 1);
            int pairs = results.stream().mapToInt(OnPolicyRound.Result::pairs).sum();
            return new OnPolicyRoundAnswered(answerId(request), OnPolicyRoundAnswered.TYPE, OnPolicyRoundAnswered.SCHEMA_VERSION,
                    clock.instant(), request.requestId(), "TRAINED", ArtifactStore.uri(last.checkpoint()).toString(),
                    results.size(), pairs, last.criticJob(), null);
        } catch (RuntimeException e) {
            String reason = e.getMessage() == null ? e.toString() : e.getMessage();
            log.warn("on-policy rounds of request {} failed: {}", request.requestId(), reason, e);
            return new OnPolicyRoundAnswered(answerId(request), OnPolicyRoundAnswered.TYPE, OnPolicyRoundAnswered.SCHEMA_VERSION,
                    clock.instant(), request.requestId(), "FAILED", null, 0, 0, null, reason);
        }
    }

    private static Path path(String checkpoint) {
        return checkpoint.startsWith("file:") ? Path.of(URI.create(checkpoint)) : Path.of(checkpoint);
    }

    private static String answerId(OnPolicyRoundRequested request) {
        return UUID.nameUUIDFromBytes(("groundwork:onpolicy-answer:" + request.requestId()).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /**
     * Stops taking requests. A round in progress is not interrupted and not answered: its daemon thread ends with the
     * process, and the request, not committed, is run again at the next start.
     */
    @Override
    public void close() {
        running = false;
        channel.close();
    }
}
