package dev.groundwork.critic.worker;

import dev.groundwork.annotation.event.CriticRequested;
import dev.groundwork.annotation.event.JudgmentRecorded;
import dev.groundwork.annotation.judgment.RecordJudgment;
import dev.groundwork.critic.judge.BothOrders;
import dev.groundwork.critic.judge.Critic;
import dev.groundwork.critic.judge.CriticException;
import dev.groundwork.critic.judge.CriticImage;
import dev.groundwork.critic.judge.CriticPair;
import dev.groundwork.critic.judge.CriticVerdict;
import dev.groundwork.storage.dataset.Manifest;
import dev.groundwork.storage.dataset.TaskType;
import dev.groundwork.storage.image.ImageStore;
import dev.groundwork.storage.judgment.JudgeKind;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Judges one {@link CriticRequested}: the pair in stored order (first = response A), judged in both orders by the
 * job's critic ({@link BothOrders}, one per job so that its consistency rate is the job's), as the judgment to record.
 * Images are read from the image store by SHA-256, only when the critic needs the bytes.
 */
public final class RequestJudge {

    /** The judgment to record, with what the job counts about it. */
    public record Judged(RecordJudgment judgment, boolean consistent, long promptTokens, long completionTokens) {}

    private final CriticFactory factory;
    private final Function<String, byte[]> images;
    private final Map<String, BothOrders> perJob = new ConcurrentHashMap<>();

    /** @param images reads an image's bytes by SHA-256; throws {@link CriticException} when it is missing */
    public RequestJudge(CriticFactory factory, Function<String, byte[]> images) {
        this.factory = factory;
        this.images = images;
    }

    /** Reads images from {@code store}. */
    public static Function<String, byte[]> from(ImageStore store) {
        return sha -> store.read(sha).orElseThrow(() -> new CriticException(CriticException.Reason.UNSUPPORTED,
                "image " + sha + " is not in the image store " + store.root()));
    }

    /** @throws CriticException when no verdict can be had (the reason goes to the dead-letter topic) */
    public Judged judge(CriticRequested request) {
        BothOrders critic = perJob.computeIfAbsent(request.jobId(),
                job -> new BothOrders(factory.create(request.critic(), request.settings())));
        JudgmentRecorded.ImageRef ref = request.image();
        CriticPair pair = new CriticPair(Long.toString(request.comparisonId()), request.prompt(),
                TaskType.valueOf(request.taskType()), new CriticImage(ref.sha256(), ref.mediaType(),
                        () -> images.apply(ref.sha256())), request.responseA().text(), request.responseB().text(),
                groundTruth(request.groundTruth()));
        CriticVerdict v = critic.judge(pair);
        boolean consistent = !v.rationale().startsWith(BothOrders.INCONSISTENT);
        List<RecordJudgment.TagInput> tags = v.flags().stream().map(f -> new RecordJudgment.TagInput(
                f.answer() == CriticVerdict.Answer.FIRST ? request.responseA().responseId() : request.responseB().responseId(),
                f.type(), f.spanStart(), f.spanEnd())).distinct().toList();
        String rationale = "critic " + critic.identity().name() + " (model " + critic.identity().model() + ", template "
                + critic.identity().templateVersion() + ")\n" + v.rationale();
        if (rationale.length() > RecordJudgment.MAX_RATIONALE) {
            rationale = rationale.substring(0, RecordJudgment.MAX_RATIONALE - 1) + "…";
        }
        RecordJudgment judgment = new RecordJudgment(request.comparisonId(), JudgeKind.CRITIC,
                judgeId(critic.identity().judgeId()), v.verdict(), v.strength(), tags, rationale, null,
                idempotencyKey(request));
        return new Judged(judgment, consistent, v.usage().promptTokens(), v.usage().completionTokens());
    }

    /** The request's scene annotation as the dataset format's record, or null. */
    static Manifest.GroundTruth groundTruth(CriticRequested.Scene scene) {
        if (scene == null) {
            return null;
        }
        return new Manifest.GroundTruth(
                scene.objects().stream().map(o -> new Manifest.SceneObject(o.id(), o.label(), o.colour(), o.size(), o.box()))
                        .toList(),
                scene.relations().stream().map(r -> new Manifest.Relation(r.subject(), r.predicate(), r.object())).toList());
    }

    /** Consistency rate of a job's critic in this worker so far. */
    public double consistencyRate(String jobId) {
        BothOrders critic = perJob.get(jobId);
        return critic == null ? Double.NaN : critic.consistencyRate();
    }

    /** One judgment per (job, comparison), however often the request is delivered. */
    static String idempotencyKey(CriticRequested request) {
        return "critic:" + request.jobId() + ":" + request.comparisonId();
    }

    private static String judgeId(String id) {
        return id.length() <= 200 ? id : id.substring(0, 200);
    }
}
