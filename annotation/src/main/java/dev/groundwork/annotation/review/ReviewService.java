package dev.groundwork.annotation.review;

import dev.groundwork.annotation.event.DisagreementResolved;
import dev.groundwork.annotation.event.EventCodec;
import dev.groundwork.annotation.event.Topics;
import dev.groundwork.annotation.judgment.ComparisonSnapshot;
import dev.groundwork.storage.audit.AuditTrail;
import dev.groundwork.storage.dataset.Item;
import dev.groundwork.storage.dataset.Response;
import dev.groundwork.storage.judgment.Comparison;
import dev.groundwork.storage.judgment.ComparisonRepository;
import dev.groundwork.storage.judgment.JudgeKind;
import dev.groundwork.storage.judgment.Judgment;
import dev.groundwork.storage.judgment.Resolution;
import dev.groundwork.storage.judgment.ResolutionRepository;
import dev.groundwork.storage.judgment.Verdict;
import dev.groundwork.storage.outbox.OutboxEvent;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The reviewer's work: comparisons whose judges disagree (human with human, or the humans' majority
 * with the critic), their judgments side by side, and a final label per comparison. Each resolution
 * is published as a {@link DisagreementResolved} event through the outbox, in the same transaction.
 */
@Service
public class ReviewService {

    /** Who disagrees with whom. */
    public enum Kind { HUMAN_HUMAN, HUMAN_CRITIC }

    /** One entry of the review queue. {@code verdicts}: judge id to verdict, in judgment order. */
    public record Disagreement(long comparisonId, String dataset, String prompt, Set<Kind> kinds,
            Map<String, Verdict> verdicts, Optional<Verdict> resolution) {}

    /** A judgment as the reviewer sees it. */
    public record JudgmentView(String judgeId, JudgeKind judgeKind, Verdict verdict, int strength, List<String> tags,
            String rationale, Long timeSpentMs, Instant at) {}

    /** Everything about one comparison the review view shows. */
    public record Detail(long comparisonId, String dataset, String itemExternalId, String prompt, String imageSha256,
            long responseAId, String responseA, long responseBId, String responseB, List<JudgmentView> judgments,
            Optional<Resolution> resolution) {}

    private final EntityManager em;
    private final ComparisonRepository comparisons;
    private final ResolutionRepository resolutions;
    private final AuditTrail audit;
    private final Clock clock;

    public ReviewService(EntityManager em, ComparisonRepository comparisons, ResolutionRepository resolutions,
            AuditTrail audit, Clock clock) {
        this.em = em;
        this.comparisons = comparisons;
        this.resolutions = resolutions;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Comparisons with a disagreement, oldest first.
     *
     * @param dataset only this dataset, or all when empty
     * @param includeResolved also those a reviewer already resolved
     */
    @Transactional(readOnly = true)
    public List<Disagreement> queue(Optional<String> dataset, boolean includeResolved, int limit) {
        var query = em.createQuery("select j from Judgment j join fetch j.comparison c join fetch c.item i join fetch i.dataset d"
                + (dataset.isPresent() ? " where d.name = :dataset" : "") + " order by c.id, j.id", Judgment.class);
        dataset.ifPresent(name -> query.setParameter("dataset", name));
        List<Judgment> all = current(query.getResultList());
        Map<Long, List<Judgment>> byComparison = new LinkedHashMap<>();
        all.forEach(j -> byComparison.computeIfAbsent(j.getComparison().getId(), k -> new ArrayList<>()).add(j));
        List<Long> candidates = new ArrayList<>();
        Map<Long, Set<Kind>> kindsOf = new LinkedHashMap<>();
        byComparison.forEach((id, judgments) -> {
            Set<Kind> kinds = kinds(judgments);
            if (!kinds.isEmpty()) {
                candidates.add(id);
                kindsOf.put(id, kinds);
            }
        });
        Map<Long, Verdict> resolved = new LinkedHashMap<>();
        if (!candidates.isEmpty()) {
            em.createQuery("select r from Resolution r where r.comparison.id in :ids", Resolution.class)
                    .setParameter("ids", candidates).getResultList()
                    .forEach(r -> resolved.put(r.getComparison().getId(), r.getVerdict()));
        }
        List<Disagreement> out = new ArrayList<>();
        for (long id : candidates) {
            if (out.size() >= limit) {
                break;
            }
            if (!includeResolved && resolved.containsKey(id)) {
                continue;
            }
            List<Judgment> judgments = byComparison.get(id);
            Item item = judgments.get(0).getComparison().getItem();
            Map<String, Verdict> verdicts = new LinkedHashMap<>();
            judgments.forEach(j -> verdicts.put(j.getJudgeId(), j.getVerdict()));
            out.add(new Disagreement(id, item.getDataset().getName(), item.getPrompt(), kindsOf.get(id), verdicts,
                    Optional.ofNullable(resolved.get(id))));
        }
        return out;
    }

    /** The judgments no correction among them superseded: a corrected verdict is replaced by its correction. */
    private static List<Judgment> current(List<Judgment> judgments) {
        Set<Long> superseded = new HashSet<>();
        judgments.forEach(j -> j.getSupersedesId().ifPresent(superseded::add));
        return superseded.isEmpty() ? judgments : judgments.stream().filter(j -> !superseded.contains(j.getId())).toList();
    }

    /** Which disagreements a comparison's judgments show; empty when they agree. */
    static Set<Kind> kinds(List<Judgment> judgments) {
        Set<Verdict> human = new HashSet<>();
        Map<Verdict, Integer> humanVotes = new EnumMap<>(Verdict.class);
        Set<Verdict> critic = new HashSet<>();
        for (Judgment j : judgments) {
            if (j.getJudgeKind() == JudgeKind.HUMAN) {
                human.add(j.getVerdict());
                humanVotes.merge(j.getVerdict(), 1, Integer::sum);
            } else {
                critic.add(j.getVerdict());
            }
        }
        Set<Kind> kinds = EnumSet.noneOf(Kind.class);
        if (human.size() > 1) {
            kinds.add(Kind.HUMAN_HUMAN);
        }
        if (!critic.isEmpty() && !humanVotes.isEmpty()) {
            int top = humanVotes.values().stream().max(Integer::compare).orElse(0);
            Set<Verdict> majority = humanVotes.entrySet().stream().filter(e -> e.getValue() == top)
                    .map(Map.Entry::getKey).collect(Collectors.toSet());
            if (majority.size() > 1 || critic.size() > 1 || !majority.equals(critic)) {
                kinds.add(Kind.HUMAN_CRITIC);
            }
        }
        return kinds;
    }

    @Transactional(readOnly = true)
    public Detail detail(long comparisonId) {
        Comparison c = comparisons.findById(comparisonId)
                .orElseThrow(() -> new IllegalArgumentException("no comparison with id " + comparisonId));
        List<Judgment> judgments = em.createQuery(
                        "select distinct j from Judgment j left join fetch j.tags where j.comparison.id = :id order by j.id",
                        Judgment.class)
                .setParameter("id", comparisonId).getResultList();
        judgments = current(judgments);
        Response a = c.getResponseA();
        Response b = c.getResponseB();
        List<JudgmentView> views = judgments.stream().map(j -> new JudgmentView(j.getJudgeId(), j.getJudgeKind(),
                j.getVerdict(), j.getStrength(),
                j.getTags().stream().map(t -> (t.getResponse().getId().equals(a.getId()) ? "A " : "B ") + t.getTag()
                        + (t.getSpanStart() == null ? "" : " [" + t.getSpanStart() + "," + t.getSpanEnd() + ")")).toList(),
                j.getRationale(), j.getTimeSpentMs(), j.getCreatedAt())).toList();
        Item item = c.getItem();
        return new Detail(c.getId(), item.getDataset().getName(), item.getExternalId(), item.getPrompt(),
                item.getImage().getSha256(), a.getId(), a.getText(), b.getId(), b.getText(), views,
                resolutions.findByComparisonId(comparisonId));
    }

    /**
     * Records (or replaces) the final label of a comparison, audits it, and writes its
     * {@link DisagreementResolved} event (the resolution's next revision) to the outbox, all in one
     * transaction. The event goes to {@link Topics#JUDGMENTS} keyed by comparison id, so it is
     * ordered with that comparison's judgments.
     */
    @Transactional
    public Resolution resolve(long comparisonId, Verdict verdict, String note, String reviewer) {
        Comparison c = comparisons.findById(comparisonId)
                .orElseThrow(() -> new IllegalArgumentException("no comparison with id " + comparisonId));
        Instant now = clock.instant();
        Optional<Resolution> earlier = resolutions.findByComparisonId(comparisonId);
        Resolution r;
        String detail;
        if (earlier.isPresent()) {
            r = earlier.get();
            detail = verdict + " (was " + r.getVerdict() + " by " + r.getResolvedBy() + ")";
            r.revise(verdict, note, reviewer, now);
        } else {
            r = resolutions.save(new Resolution(c, verdict, note, reviewer, now));
            detail = verdict.name();
        }
        audit.record(reviewer, "review.resolve", "comparison " + comparisonId, detail);
        DisagreementResolved event = event(ComparisonSnapshot.of(c), r);
        em.persist(new OutboxEvent(event.eventId(), event.type(), Topics.JUDGMENTS, Long.toString(comparisonId),
                EventCodec.encodeToString(event), now));
        return r;
    }

    static DisagreementResolved event(ComparisonSnapshot c, Resolution r) {
        return new DisagreementResolved(DisagreementResolved.eventId(c.comparisonId(), r.getRevision()),
                DisagreementResolved.TYPE, DisagreementResolved.SCHEMA_VERSION, r.getResolvedAt(), c.comparisonId(),
                r.getRevision(), c.dataset(), c.itemId(), c.prompt(), c.taskType(), c.image(), c.responseA(), c.responseB(),
                r.getVerdict().name(), r.getResolvedBy(), r.getNote());
    }
}
