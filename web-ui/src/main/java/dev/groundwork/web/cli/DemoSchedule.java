package dev.groundwork.web.cli;

import dev.groundwork.web.jobs.AlignmentJobs;
import dev.groundwork.web.jobs.JobDefinition;
import dev.groundwork.web.jobs.JobKind;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's default schedule, set by {@code gw up} when no job is defined yet (a later start keeps whatever people
 * made of it): the loop runs without people, and people change it in the Jobs view.
 * <ul>
 *   <li>{@code demo-critic}: a claim-checker critic batch over the demo world, run now only (the first start already
 *       started one while seeding);</li>
 *   <li>{@code demo-dpo}: every two minutes, a DPO round if at least {@code minPairs} pairs are new; when it trained,
 *       it runs {@code demo-evaluate} with the new checkpoint. The demo's trainer service trains only when asked
 *       ({@code --on-request}), so this job's {@code minPairs} is the threshold, and with
 *       {@code --allow-critic-only} (the preference policy's documented switch) comparisons only the critic judged
 *       make pairs too; human votes still outrank the critic;</li>
 *   <li>{@code demo-evaluate}: the promotion gate on the held-out scenes after the demo world's, run by
 *       {@code demo-dpo} and hourly for checkpoints trained otherwise; its report appears in Reports;</li>
 *   <li>{@code demo-onpolicy}: an on-policy round by the critic service (16 prompts, k 4, the claim checker) from the
 *       current policy, then {@code demo-evaluate} with its checkpoint. It runs once when the schedule is set: with no
 *       policy yet, the critic service trains the SFT policy first (tiny, 300 steps; later rounds reuse it), and the
 *       policy's own answers join the comparisons, assigned to the annotators. After that it runs on demand.</li>
 * </ul>
 */
final class DemoSchedule {

    static final String CRITIC = "demo-critic";
    static final String TRAINING = "demo-dpo";
    static final String EVALUATION = "demo-evaluate";
    static final String ON_POLICY = "demo-onpolicy";

    private DemoSchedule() {}

    /**
     * Defines the schedule unless any job exists; returns whether it did.
     *
     * @param worldScenes the demo world's scenes: the evaluation answers about the held-out scenes after them
     */
    static boolean ensure(AlignmentJobs jobs, int minPairs, int worldScenes, String actor, PrintWriter out) {
        if (!jobs.all().isEmpty()) {
            out.println("jobs: " + String.join(", ", jobs.all().stream().map(s -> s.definition().name()).toList())
                    + " (see /jobs)");
            return false;
        }
        List<JobDefinition> schedule = List.of(
                new JobDefinition(CRITIC, JobKind.CRITIC_BATCH, Optional.empty(),
                        Map.of("dataset", DataCommands.DEMO_DATASET, "critic", "claims")),
                new JobDefinition(EVALUATION, JobKind.EVALUATION, Optional.of("0 0 * * * ?"), Map.of("margin",
                        Double.toString(JobKind.DEFAULT_MARGIN), "worldScenes", Integer.toString(worldScenes),
                        "worldSeed", Long.toString(DataCommands.DEMO_SEED))),
                new JobDefinition(TRAINING, JobKind.TRAINING, Optional.of("0 */2 * * * ?"), Map.of("objective", "dpo",
                        "minPairs", Integer.toString(minPairs), "then", EVALUATION)),
                new JobDefinition(ON_POLICY, JobKind.ON_POLICY_ROUND, Optional.empty(), Map.of("dataset",
                        DataCommands.DEMO_DATASET, "critic", "claims", "k", "4", "prompts", "16", "rounds", "1", "then",
                        EVALUATION)));
        schedule.forEach(d -> jobs.define(d, actor));
        jobs.runNow(ON_POLICY, actor);
        out.printf("default schedule set (change it in /jobs): %s every 2 min at >= %d new pairs, then %s (promotion gate,"
                + " report); %s hourly; %s and %s (on-policy round, then %s) on demand%n", TRAINING, minPairs, EVALUATION,
                EVALUATION, CRITIC, ON_POLICY, EVALUATION);
        out.printf("%s started: the critic service trains an SFT policy (a few minutes), samples its answers to 16 prompts"
                + " and adds them as comparisons for the annotators and the critic%n", ON_POLICY);
        return true;
    }
}
