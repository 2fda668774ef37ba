package dev.groundwork.web.jobs;

import dev.groundwork.annotation.event.EvaluateAnswered;
import dev.groundwork.annotation.event.GroundworkEvent;
import dev.groundwork.annotation.event.OnPolicyRoundAnswered;
import dev.groundwork.annotation.event.Topics;
import dev.groundwork.annotation.event.TrainRoundAnswered;
import dev.groundwork.storage.audit.AuditTrail;
import dev.groundwork.web.events.TopicConsumer;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Ends the job runs that wait for a service: follows {@code groundwork.commands.v1} (consumer group
 * {@code groundwork-web-jobs}) and applies each {@link TrainRoundAnswered} and {@link EvaluateAnswered} to the run
 * waiting under its request id. An evaluation's answer goes through the {@link PromotionGate}: the candidate is
 * promoted or refused, the decision is stored and audited, in one transaction with the run's end. A repeated answer
 * finds the run ended and changes nothing. A training round that trained runs the job named in its {@code then}
 * parameter with the new checkpoint. Runs when a broker is named, as the training events consumer does.
 */
@Component
public class CommandAnswers extends TopicConsumer {

    /** The key of the trainer's commands and answers on the commands topic. */
    static final String TRAINER_KEY = "trainer";
    /** The key of the critic service's commands and answers (on-policy rounds). */
    static final String CRITIC_KEY = "critic";
    /** Who the gate's decisions are audited as. */
    static final String GATE = "promotion-gate";

    private static final Logger log = LoggerFactory.getLogger(CommandAnswers.class);

    private final JobRuns runs;
    private final Policies policies;
    private final AlignmentJobs jobs;
    private final AuditTrail audit;
    private final TransactionTemplate tx;

    public CommandAnswers(JobRuns runs, Policies policies, AlignmentJobs jobs, AuditTrail audit,
            PlatformTransactionManager txManager, @Value("${groundwork.kafka.bootstrap-servers:}") String bootstrap) {
        super(Topics.COMMANDS, "groundwork-web-jobs", bootstrap);
        this.runs = runs;
        this.policies = policies;
        this.jobs = jobs;
        this.audit = audit;
        this.tx = new TransactionTemplate(txManager);
    }

    @Override
    protected boolean handle(GroundworkEvent event) {
        if (event instanceof TrainRoundAnswered answer) {
            return apply(answer);
        }
        if (event instanceof OnPolicyRoundAnswered answer) {
            return apply(answer);
        }
        return event instanceof EvaluateAnswered answer && apply(answer);
    }

    /**
     * Applies the critic service's answer to on-policy rounds: TRAINED ends the run SUCCEEDED with the last round's
     * checkpoint and critic job (and runs the job named in {@code then} with the checkpoint), FAILED ends it FAILED.
     *
     * @return whether a waiting run took it
     */
    public boolean apply(OnPolicyRoundAnswered answer) {
        boolean trained = answer.outcome().equals("TRAINED");
        String excerpt = trained
                ? answer.rounds() + " on-policy round(s) trained on " + answer.pairs() + " best-vs-worst pairs (critic job "
                        + answer.criticJob() + "): " + answer.checkpoint()
                : "FAILED" + (answer.message() == null ? "" : ": " + answer.message());
        JobRuns.Status status = trained ? JobRuns.Status.SUCCEEDED : JobRuns.Status.FAILED;
        Optional<JobRuns.Run> took = tx.execute(s -> {
            if (!runs.answered(answer.requestId(), status, null, answer.checkpoint(), excerpt)) {
                return Optional.<JobRuns.Run>empty();
            }
            Optional<JobRuns.Run> run = runs.byRequest(answer.requestId());
            run.ifPresent(r -> {
                if (answer.criticJob() != null) {
                    runs.criticJob(r.id(), answer.criticJob(), excerpt);
                }
                audit.record("critic-service", "job.answer", "job " + r.jobName(), "run " + r.id() + ": " + excerpt);
            });
            return run;
        });
        if (took.isPresent() && trained && answer.checkpoint() != null) {
            thenRun(took.get(), answer.checkpoint());
        }
        return took.isPresent();
    }

    /**
     * Applies the trainer's answer: TRAINED ends the run SUCCEEDED with the training run and checkpoint (and runs
     * the job named in {@code then}), NO_NEW_PAIRS ends it NO_WORK, FAILED ends it FAILED with the trainer's message.
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
        Optional<JobRuns.Run> took = tx.execute(s -> {
            if (!runs.answered(answer.requestId(), status, answer.runId(), answer.checkpoint(), excerpt)) {
                return Optional.<JobRuns.Run>empty();
            }
            Optional<JobRuns.Run> run = runs.byRequest(answer.requestId());
            run.ifPresent(r -> audit.record("trainer-service", "job.answer", "job " + r.jobName(), "run " + r.id() + ": " + excerpt));
            return run;
        });
        if (took.isPresent() && status == JobRuns.Status.SUCCEEDED && answer.checkpoint() != null) {
            thenRun(took.get(), answer.checkpoint());
        }
        return took.isPresent();
    }

    /**
     * Applies an evaluation's answer: EVALUATED is judged by the gate (with no current policy the candidate is
     * promoted as the first), the decision stored and audited ({@code policy.promote} or {@code policy.refuse}), and
     * the run ends SUCCEEDED with the verdict and the report; FAILED ends both FAILED with the trainer's message and
     * keeps the current policy.
     *
     * @return whether a waiting run took it
     */
    public boolean apply(EvaluateAnswered answer) {
        return Boolean.TRUE.equals(tx.execute(s -> {
            Optional<Policies.Decision> pending = policies.pendingFor(answer.requestId());
            Optional<JobRuns.Run> run = runs.byRequest(answer.requestId()).filter(r -> r.status() == JobRuns.Status.WAITING);
            if (pending.isEmpty() || run.isEmpty()) {
                return false;
            }
            Policies.Decision d = pending.get();
            String target = "policy " + d.candidateUri();
            if (!answer.outcome().equals("EVALUATED")) {
                String reason = "the evaluation failed, so the current policy stays: " + answer.message();
                policies.decide(answer.requestId(), Policies.Status.FAILED, reason, null, null);
                runs.answered(answer.requestId(), JobRuns.Status.FAILED, null, d.candidateUri(), reason);
                audit.record(GATE, "policy.refuse", target, reason);
                return true;
            }
            PromotionGate.Verdict verdict = d.baselineUri().isEmpty()
                    ? new PromotionGate.Verdict(true, "promoted as the first policy: there was no current policy to compare"
                            + " with", java.util.List.of())
                    : PromotionGate.judge(answer.deltas(), d.margin());
            policies.decide(answer.requestId(), verdict.promote() ? Policies.Status.PROMOTED : Policies.Status.REFUSED,
                    verdict.summary(), answer.evaluationId(), answer.reportUri());
            String excerpt = verdict.summary() + " (report " + answer.reportUri() + ")";
            runs.answered(answer.requestId(), JobRuns.Status.SUCCEEDED, answer.evaluationId(), d.candidateUri(), excerpt);
            audit.record(GATE, verdict.promote() ? "policy.promote" : "policy.refuse", target,
                    "run " + run.get().id() + " of job " + run.get().jobName() + ": " + verdict.summary()
                            + d.baselineUri().map(b -> "; current was " + b).orElse(""));
            return true;
        }));
    }

    private void thenRun(JobRuns.Run run, String checkpoint) {
        Optional<String> next = jobs.find(run.jobName()).map(s -> s.definition().parameters().get("then"));
        if (next.isEmpty()) {
            return;
        }
        try {
            jobs.runNow(next.get(), "job:" + run.jobName(), Optional.of(checkpoint));
        } catch (RuntimeException e) {
            String reason = "trained, but the next job '" + next.get() + "' could not be started: " + e.getMessage();
            audit.record("trainer-service", "job.fail", "job " + run.jobName(), "run " + run.id() + ": " + reason);
            log.warn("job {} run {}: {}", run.jobName(), run.id(), reason);
        }
    }
}
