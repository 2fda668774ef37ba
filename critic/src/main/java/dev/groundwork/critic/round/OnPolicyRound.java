package dev.groundwork.critic.round;

import dev.groundwork.annotation.assignment.AssignmentService;
import dev.groundwork.annotation.assignment.GeneratedComparisons;
import dev.groundwork.annotation.criticjob.CriticJobs;
import dev.groundwork.annotation.event.KafkaConnection;
import dev.groundwork.critic.worker.CriticFactory;
import dev.groundwork.critic.worker.CriticWorker;
import dev.groundwork.critic.worker.RequestJudge;
import dev.groundwork.storage.dataset.Dataset;
import dev.groundwork.storage.dataset.DatasetNotFoundException;
import dev.groundwork.storage.dataset.DatasetRepository;
import dev.groundwork.storage.dataset.ItemRepository;
import dev.groundwork.storage.dataset.ResponseRepository;
import dev.groundwork.storage.image.ImageStore;
import dev.groundwork.storage.judgment.AnnotatorRepository;
import dev.groundwork.storage.judgment.Verdict;
import dev.groundwork.trainer.evaluation.PolicyCheckpoint;
import dev.groundwork.trainer.generate.Generator;
import dev.groundwork.trainer.generate.Sampling;
import dev.groundwork.trainer.loss.DpoLoss;
import dev.groundwork.trainer.model.VlmConfig;
import dev.groundwork.trainer.model.WordTokenizer;
import dev.groundwork.trainer.run.ArtifactStore;
import dev.groundwork.trainer.train.DpoTrainer;
import dev.groundwork.trainer.train.Picture;
import dev.groundwork.trainer.train.PreferenceExample;
import dev.groundwork.trainer.train.Provenance;
import dev.groundwork.trainer.train.SftExample;
import dev.groundwork.trainer.train.SftTrainer;
import dev.groundwork.trainer.train.Start;
import dev.groundwork.trainer.train.TrainingOptions;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * LLaVA-Critic's on-policy recipe (Xiong et al. 2024, §5.2; the loop RLAIF-V also runs), with people in it. Each round:
 * <ol>
 *   <li>the policy samples K answers to each of P prompts of the dataset (seeded per round and prompt);
 *   <li>the answers become a dataset of their own with every ordered pair as a comparison, K(K−1) per prompt, and a
 *       critic job judges them all (through the critic workers, like any job: judgments go outbox → Kafka → trainer);
 *   <li>answers are ranked by r_i = Σ wins − Σ losses ({@link Ranking}); each prompt's best-vs-worst comparison is the
 *       round's preference pair, and is assigned to annotators (overlap k) so that people judge the policy's own
 *       answers beside the critic;
 *   <li>a DPO round trains on those pairs from the current policy (its own reference); the checkpoint's provenance
 *       records its round, its parent checkpoint and its inputs (dataset, critic job, pair count).
 * </ol>
 * The next round starts from that checkpoint. The first starts from the given checkpoint, else the newest SFT
 * checkpoint in the artifact store, else an SFT policy trained first on the dataset's faithful answers.
 */
public final class OnPolicyRound {

    /** A prompt of the dataset, read in a transaction of its own. */
    private record Source(long itemId, String externalId, String prompt, String imageSha256) {}

    /** What one round produced. */
    public record Result(int round, Path checkpoint, String parent, String dataset, String criticJob, int prompts,
            int judgments, int pairs, int assigned) {}

    private final ApplicationContext ctx;
    private final KafkaConnection kafka;
    private final CriticFactory critics;
    private final ArtifactStore artifacts;
    private final PrintWriter out;

    public OnPolicyRound(ApplicationContext ctx, KafkaConnection kafka, CriticFactory critics, ArtifactStore artifacts,
            PrintWriter out) {
        this.ctx = ctx;
        this.kafka = kafka;
        this.critics = critics;
        this.artifacts = artifacts;
        this.out = out;
    }

    public List<Result> run(RoundSettings s, Optional<Path> checkpoint, String actor) {
        Dataset dataset = ctx.getBean(DatasetRepository.class).findByName(s.dataset())
                .orElseThrow(() -> new DatasetNotFoundException(s.dataset()));
        List<Source> items = readOnly().execute(status -> ctx.getBean(ItemRepository.class)
                .findByDatasetOrderByPosition(dataset).stream()
                .map(i -> new Source(i.getId(), i.getExternalId(), i.getPrompt(), i.getImage().getSha256())).toList());
        String runKey = UUID.randomUUID().toString().substring(0, 8);
        Path runDir = artifacts.run("onpolicy-" + s.dataset() + "-" + runKey);
        Path policy = checkpoint.or(this::newestSft).orElseGet(() -> trainSft(s, dataset, runDir.resolve("sft")));
        out.printf("on-policy run %s: %d round(s) from %s, K = %d, %d prompts per round, critic %s%n", runKey, s.rounds(),
                policy, s.k(), s.prompts(), s.critic());
        out.flush();
        List<Result> results = new ArrayList<>();
        for (int round = 1; round <= s.rounds(); round++) {
            Result r = round(s, round, items, policy, runKey, runDir.resolve("round-" + round), actor);
            results.add(r);
            out.printf("round %d: %d prompts, %d critic judgments, %d best-vs-worst pairs (%d assignments) -> %s%n",
                    r.round(), r.prompts(), r.judgments(), r.pairs(), r.assigned(), r.checkpoint());
            out.flush();
            policy = r.checkpoint();
        }
        return results;
    }

    private Result round(RoundSettings s, int round, List<Source> items, Path policyDir, String runKey, Path outDir,
            String actor) {
        PolicyCheckpoint policy = PolicyCheckpoint.read("round-" + (round - 1), policyDir);
        Random random = new Random(s.seed() * 31 + round);
        List<Source> chosen = new ArrayList<>(items);
        Collections.shuffle(chosen, random);
        chosen = chosen.subList(0, Math.min(s.prompts(), chosen.size()));

        // 1. K samples per prompt.
        Map<Long, Picture> pictures = new HashMap<>();
        List<GeneratedComparisons.Answers> answers = new ArrayList<>();
        try (Generator generator = policy.generator(Generator.DEFAULT_MAX_NEW_TOKENS)) {
            for (int p = 0; p < chosen.size(); p++) {
                Source item = chosen.get(p);
                Picture picture = pictures.computeIfAbsent(item.itemId(), id -> picture(item.imageSha256()));
                answers.add(new GeneratedComparisons.Answers(item.itemId(), generator.sample(picture, item.prompt(),
                        s.k(), Sampling.policy(), s.seed() * 1_000_003L + round * 10_007L + p)));
            }
        }
        // 2. Every ordered pair as a comparison, judged by a critic job.
        String name = s.dataset() + "-onpolicy-" + runKey + "-r" + round;
        List<GeneratedComparisons.Prompt> prompts = ctx.getBean(GeneratedComparisons.class).create(name,
                "round " + round + " of on-policy run " + runKey + ": " + s.k() + " answers per prompt of " + s.dataset(),
                "policy", policy.uri(), answers, actor);
        CriticJobs jobs = ctx.getBean(CriticJobs.class);
        CriticJobs.Job job = jobs.create(name, s.critic(), s.criticSettings(), actor);
        CriticJobs.Progress progress = judge(jobs, job);
        if (progress.deadLettered() > 0) {
            out.printf("  %d of %d critic requests were dead-lettered (%s); their pairs count for neither answer%n",
                    progress.deadLettered(), job.requested(), progress.reasons());
        }
        Map<Long, Verdict> verdicts = verdicts(job);

        // 3. Rank, take best vs worst, assign those comparisons to people.
        List<PreferenceExample> pairs = new ArrayList<>();
        Set<Long> bestVsWorst = new LinkedHashSet<>();
        for (int p = 0; p < prompts.size(); p++) {
            GeneratedComparisons.Prompt prompt = prompts.get(p);
            Map<Integer, Verdict> byPair = new HashMap<>();
            for (int i = 0; i < s.k(); i++) {
                for (int j = 0; j < s.k(); j++) {
                    Verdict v = i == j ? null : verdicts.get(prompt.comparisonIds()[i][j]);
                    if (v != null) {
                        byPair.put(i * s.k() + j, v);
                    }
                }
            }
            int[] r = Ranking.scores(s.k(), byPair);
            int best = Ranking.best(r);
            int worst = Ranking.worst(r);
            if (r[best] > r[worst]) {
                Source item = chosen.get(p);
                List<String> texts = answers.get(p).texts();
                pairs.add(new PreferenceExample(pictures.get(item.itemId()), item.prompt(), texts.get(best),
                        texts.get(worst), 1.0));
                bestVsWorst.add(prompt.comparisonIds()[best][worst]);
            }
        }
        int assigned = assign(name, bestVsWorst, s, round, actor);

        // 4. A DPO round on the best-vs-worst pairs, from the current policy.
        Path saved = pairs.isEmpty() ? policyDir : train(s, policy, pairs, round, name, job, outDir);
        if (pairs.isEmpty()) {
            out.printf("  round %d: the critic preferred no answer over another; the policy stays %s%n", round, policyDir);
        }
        return new Result(round, saved, policy.uri(), name, job.key(), prompts.size(), verdicts.size(), pairs.size(),
                assigned);
    }

    private CriticJobs.Progress judge(CriticJobs jobs, CriticJobs.Job job) {
        RequestJudge judge = new RequestJudge(critics, RequestJudge.from(ctx.getBean(ImageStore.class)));
        try (CriticWorker worker = new CriticWorker(kafka, jobs, judge, new CriticWorker.Settings("round", 8,
                Duration.ofMillis(300), Duration.ofMinutes(10), Duration.ofSeconds(2)))) {
            worker.start();
            CriticJobs.Progress p;
            while (!(p = jobs.progress(job.key()).orElseThrow()).done()) {
                Thread.sleep(250);
            }
            return p;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the critic judged job " + job.key(), e);
        }
    }

    private Map<Long, Verdict> verdicts(CriticJobs.Job job) {
        Map<Long, Verdict> verdicts = new HashMap<>();
        ctx.getBean(JdbcTemplate.class).query("select comparison_id, verdict from judgment where idempotency_key like ?",
                rs -> {
                    verdicts.put(rs.getLong(1), Verdict.valueOf(rs.getString(2)));
                }, "critic:" + job.key() + ":%");
        return verdicts;
    }

    private int assign(String dataset, Set<Long> comparisons, RoundSettings s, int round, String actor) {
        List<String> annotators = ctx.getBean(AnnotatorRepository.class).findAll().stream()
                .filter(a -> a.getRoles() != null && a.getRoles().contains("annotator"))
                .map(a -> a.getSubject()).sorted().toList();
        int overlap = Math.min(s.overlap(), annotators.size());
        if (comparisons.isEmpty() || overlap == 0) {
            return 0;
        }
        return ctx.getBean(AssignmentService.class).assign(dataset, comparisons, annotators, overlap, s.seed() + round, actor)
                .created();
    }

    private Path train(RoundSettings s, PolicyCheckpoint policy, List<PreferenceExample> pairs, int round, String dataset,
            CriticJobs.Job job, Path outDir) {
        TrainingOptions options = TrainingOptions.defaults().withSeed(s.seed() + round).withBatchSize(Math.min(16, pairs.size()))
                .withLearningRate(s.learningRate());
        try (DpoTrainer trainer = new DpoTrainer(policy.config(), policy.tokenizer(), pairs, DpoLoss.sigmoid(s.beta()),
                options, Start.fromParameters(policy.parameters()))) {
            trainer.train(s.dpoSteps());
            trainer.save(outDir, new Provenance.Data("on-policy round " + round + ": " + pairs.size()
                    + " best-vs-worst pairs of dataset " + dataset + ", judged by " + s.critic() + " (critic job "
                    + job.key() + ")", List.of(), pairs.size(), policy.uri(), round, policy.uri()));
            return outDir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the round's checkpoint " + outDir + ": " + e.getMessage(), e);
        }
    }

    /** The SFT policy that starts the run: trained on the dataset's faithful answers (no known hallucination). */
    private Path trainSft(RoundSettings s, Dataset dataset, Path dir) {
        record Answer(String prompt, String sha256, String text, boolean faithful) {}
        List<Answer> all = readOnly().execute(status -> ctx.getBean(ResponseRepository.class).findAllOfDataset(dataset)
                .stream().map(r -> new Answer(r.getItem().getPrompt(), r.getItem().getImage().getSha256(), r.getText(),
                        r.getHallucinationType() == null)).toList());
        List<SftExample> examples = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        Map<String, Picture> pictures = new HashMap<>();
        for (Answer a : all) {
            texts.add(a.prompt());
            texts.add(a.text());
            if (a.faithful()) {
                examples.add(new SftExample(pictures.computeIfAbsent(a.sha256(), this::picture), a.prompt(), a.text()));
            }
        }
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("dataset " + dataset.getName() + " has no faithful answers to train an SFT policy on;"
                    + " give one with --checkpoint");
        }
        VlmConfig config = s.size().equals("small") ? new VlmConfig(64, 8, 128, 2, 2, 4, 48, 4) : VlmConfig.tiny();
        out.printf("no SFT checkpoint yet: training one (%s, %d steps on %d faithful answers of %s) ...%n", s.size(),
                s.sftSteps(), examples.size(), dataset.getName());
        out.flush();
        try (SftTrainer trainer = new SftTrainer(config, WordTokenizer.fit(texts), examples,
                TrainingOptions.defaults().withSeed(s.seed()).withBatchSize(16).withLearningRate(1e-3), Start.fresh())) {
            trainer.train(s.sftSteps());
            trainer.save(dir, Provenance.Data.of("faithful answers of dataset " + dataset.getName(), examples.size()));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the SFT checkpoint " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The newest checkpoint under the artifact store whose objective is sft. */
    private Optional<Path> newestSft() {
        Path runs = artifacts.root().resolve("runs");
        if (!Files.isDirectory(runs)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(runs, 3)) {
            return files.filter(p -> p.getFileName().toString().equals("provenance.json"))
                    .filter(p -> {
                        try {
                            return Provenance.read(p.getParent()).objective().equals("sft");
                        } catch (IOException | RuntimeException e) {
                            return false;
                        }
                    })
                    .max((a, b) -> Long.compare(a.toFile().lastModified(), b.toFile().lastModified()))
                    .map(Path::getParent);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private TransactionTemplate readOnly() {
        TransactionTemplate tx = new TransactionTemplate(ctx.getBean(PlatformTransactionManager.class));
        tx.setReadOnly(true);
        return tx;
    }

    private Picture picture(String sha256) {
        byte[] bytes = ctx.getBean(ImageStore.class).read(sha256).orElseThrow(() ->
                new IllegalStateException("image " + sha256 + " is not in the image store"));
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            return Picture.of(image);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
