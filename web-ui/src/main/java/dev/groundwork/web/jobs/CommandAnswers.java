package dev.groundwork.web.jobs;

import dev.groundwork.annotation.event.GroundworkEvent;
import dev.groundwork.annotation.event.Topics;
import dev.groundwork.annotation.event.TrainRoundAnswered;
import dev.groundwork.storage.audit.AuditTrail;
import dev.groundwork.web.events.TopicConsumer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Ends the job runs that wait for a service: follows {@code groundwork.commands.v1} (consumer group
 * {@code groundwork-web-jobs}) and applies each {@link TrainRoundAnswered} to the run waiting under its request id.
 * A repeated answer finds the run ended and changes nothing. Runs when a broker is named, as the training events
 * consumer does.
 */
@Component
public class CommandAnswers extends TopicConsumer {

    /** The key of the trainer's commands and answers on the commands topic. */
    static final String TRAINER_KEY = "trainer";

    private final JobRuns runs;
    private final AuditTrail audit;

    public CommandAnswers(JobRuns runs, AuditTrail audit, @Value("${groundwork.kafka.bootstrap-servers:}") String bootstrap) {
        super(Topics.COMMANDS, "groundwork-web-jobs", bootstrap);
        this.runs = runs;
        this.audit = audit;
    }

    @Override
    protected boolean handle(GroundworkEvent event) {
        return event instanceof TrainRoundAnswered answer && apply(answer);
    }

    /**
     * Applies the trainer's answer: TRAINED ends the run SUCCEEDED with the training run and checkpoint,
     * NO_NEW_PAIRS ends it NO_WORK, FAILED ends it FAILED with the trainer's message.
     *
     * @return whether a waiting run took it
     */
    public boolean apply(TrainRoundAnswered answer) {
        JobRuns.Status status = switch (answer.outcome()) {
            case "TRAINED" -> JobRuns.Status.SUCCEEDED;
            case "NO_NEW_PAIRS" -> JobRuns.Status.NO_WORK;
            default -> JobRuns.Status.FAILED;
        };
        String excerpt = switch (answer.outcome()) {
            case "TRAINED" -> "trained run " + answer.runId() + " on " + answer.pairs() + " pairs: " + answer.checkpoint();
            default -> answer.outcome() + (answer.message() == null ? "" : ": " + answer.message());
        };
        boolean took = runs.answered(answer.requestId(), status, answer.runId(), answer.checkpoint(), excerpt);
        if (took) {
            runs.byRequest(answer.requestId()).ifPresent(run -> audit.record("trainer-service", "job.answer",
                    "job " + run.jobName(), "run " + run.id() + ": " + excerpt));
        }
        return took;
    }
}
