package dev.groundwork.annotation.review;

import dev.groundwork.annotation.event.DisagreementResolved;
import dev.groundwork.annotation.event.EventCodec;
import dev.groundwork.annotation.event.Topics;
import dev.groundwork.annotation.judgment.ComparisonSnapshot;
import dev.groundwork.storage.audit.AuditTrail;
import dev.groundwork.storage.dataset.HallucinationType;
import dev.groundwork.storage.dataset.Item;
import dev.groundwork.storage.dataset.Response;
import dev.groundwork.storage.judgment.Comparison;
import dev.groundwork.storage.judgment.ComparisonRepository;
import dev.groundwork.storage.judgment.JudgeKind;
import dev.groundwork.storage.judgment.Judgment;
import dev.groundwork.storage.judgment.Resolution;
import dev.groundwork.storage.judgment.ResolutionRepository;
import dev.groundwork.storage.judgment.Verdict;
import dev.groundwork.storage.judgment.VoteTallies;
import dev.groundwork.storage.outbox.OutboxEvent;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
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
    private final JdbcTemplate jdbc;
    private final VoteTallies tallies;
    private final ComparisonRepository comparisons;
    private final ResolutionRepository resolutions;
    private final AuditTrail audit;
    private final Clock clock;

    /** Filters whose queue ids are kept ({@link #queueIds}). */
    private static final int KEPT_QUEUES = 8;

    /** A filter's ids as of a tally version and a number of resolutions. */
    private record KeptQueue(long tallyVersion, long resolutions, long[] ids) {}

    private final Map<QueueFilter, KeptQueue> keptQueues = new LinkedHashMap<>(KEPT_QUEUES, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<QueueFilter, KeptQueue> eldest) {
            return size() > KEPT_QUEUES;
        }
    };

    public ReviewService(EntityManager em, JdbcTemplate jdbc, VoteTallies tallies, ComparisonRepository comparisons,
            ResolutionRepository resolutions, AuditTrail audit, Clock clock) {
        this.em = em;
        this.jdbc = jdbc;
        this.tallies = tallies;
        this.comparisons = comparisons;
        this.resolutions = resolutions;
        this.audit = audit;
        this.clock = clock;
    }

    /** Which resolution state the queue lists. */
    public enum Resolved { UNRESOLVED, RESOLVED, ANY }

    /**
     * What the review queue lists: disagreements, optionally only of one dataset, whose prompt contains
     * a text (ignoring case) or whose comparison id it is, with a judgment by one judge (a Keycloak
     * subject or critic id), of one kind, with one tag on any judgment, and by resolution state.
     */
    public record QueueFilter(Optional<String> dataset, Optional<String> text, Optional<String> judge,
            Optional<Kind> kind, Optional<HallucinationType> tag, Resolved resolved) {

        public QueueFilter {
            Objects.requireNonNull(dataset, "dataset");
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(judge, "judge");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(tag, "tag");
            Objects.requireNonNull(resolved, "resolved");
        }

        /** Every unresolved disagreement. */
        public static QueueFilter unresolved() {
            return new QueueFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Resolved.UNRESOLVED);
        }

        /** The same filter for another resolution state. */
        public QueueFilter with(Resolved state) {
            return new QueueFilter(dataset, text, judge, kind, tag, state);
        }
    }

    /**
     * Comparisons with a disagreement, oldest first.
     *
     * @param dataset only this dataset, or all when empty
     * @param includeResolved also those a reviewer already resolved
     */
    @Transactional(readOnly = true)
    public List<Disagreement> queue(Optional<String> dataset, boolean includeResolved, int limit) {
        List<Long> ids = queueIds(new QueueFilter(dataset, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), includeResolved ? Resolved.ANY : Resolved.UNRESOLVED));
        return disagreements(ids.subList(0, Math.min(limit, ids.size())));
    }

    /**
     * The ids of the comparisons the filter lists, oldest first: the queue's index, from which a view
     * pages with {@link #disagreements}. One SQL query over the vote tallies ({@link VoteTallies}, with the
     * judgments written since the last fold folded in first when they are few), no judgments read.
     */
    @Transactional(readOnly = true)
    public List<Long> queueIds(QueueFilter filter) {
        tallies.catchUpRecent();
        // The ids change only when the tallies do (a fold, a dataset removed) or a comparison is resolved (resolutions
        // are only added; a revision keeps its comparison resolved). Both are read before the ids, so ids kept under
        // them are never older than they say.
        long version = tallies.version();
        Long resolved = jdbc.queryForObject("select count(*) from resolution", Long.class);
        long resolutionCount = resolved == null ? 0 : resolved;
        KeptQueue kept;
        synchronized (keptQueues) {
            kept = keptQueues.get(filter);
        }
        if (kept != null && kept.tallyVersion() == version && kept.resolutions() == resolutionCount) {
            return Arrays.stream(kept.ids()).boxed().toList();
        }
        List<Long> ids = readQueueIds(filter);
        synchronized (keptQueues) {
            keptQueues.put(filter, new KeptQueue(version, resolutionCount,
                    ids.stream().mapToLong(Long::longValue).toArray()));
        }
        return ids;
    }

    private List<Long> readQueueIds(QueueFilter filter) {
        StringBuilder sql = new StringBuilder("select t.comparison_id from comparison_tally t where t.disagreement = true");
        List<Object> args = new ArrayList<>();
        filter.dataset().ifPresent(name -> {
            sql.append(" and t.dataset_id = (select d.id from dataset d where d.name = ?)");
            args.add(name);
        });
        filter.kind().ifPresent(kind -> sql.append(kind == Kind.HUMAN_HUMAN ? " and t.human_human = true"
                : " and t.human_critic = true"));
        filter.judge().ifPresent(judge -> {
            sql.append(" and exists (select 1 from current_vote v where v.comparison_id = t.comparison_id"
                    + " and v.judge_id = ?)");
            args.add(judge);
        });
        filter.tag().ifPresent(tag -> {
            sql.append(" and exists (select 1 from judgment j join judgment_tag g on g.judgment_id = j.id"
                    + " where j.comparison_id = t.comparison_id and g.tag = ?)");
            args.add(tag.name());
        });
        filter.text().ifPresent(text -> {
            sql.append(" and (t.comparison_id in (select c.id from comparison c join item i on i.id = c.item_id"
                    + " where lower(i.prompt) like ? escape '\\')");
            args.add("%" + text.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                    .replace("_", "\\_") + "%");
            if (text.chars().allMatch(Character::isDigit) && text.length() < 19) {
                sql.append(" or t.comparison_id = ?");
                args.add(Long.parseLong(text));
            }
            sql.append(")");
        });
        switch (filter.resolved()) {
            case UNRESOLVED -> sql.append(" and not exists (select 1 from resolution r where r.comparison_id = t.comparison_id)");
            case RESOLVED -> sql.append(" and exists (select 1 from resolution r where r.comparison_id = t.comparison_id)");
            case ANY -> { }
        }
        sql.append(" order by t.comparison_id");
        return jdbc.queryForList(sql.toString(), Long.class, args.toArray());
    }

    /** Every judge id with a judgment (Keycloak subjects of people, critic ids), sorted. */
    @Transactional(readOnly = true)
    public List<String> judges() {
        tallies.catchUpRecent();
        return jdbc.queryForList("select distinct judge_id from vote_judge order by judge_id", String.class);
    }

    /** The queue entries of these comparisons (from {@link #queueIds}), in the order given; unknown ids are left out. */
    @Transactional(readOnly = true)
    public List<Disagreement> disagreements(List<Long> comparisonIds) {
        if (comparisonIds.isEmpty()) {
            return List.of();
        }
        List<Judgment> all = current(em.createQuery("select j from Judgment j join fetch j.comparison c join fetch c.item i"
                + " join fetch i.dataset d where c.id in :ids order by c.id, j.id", Judgment.class)
                .setParameter("ids", comparisonIds).getResultList());
        Map<Long, List<Judgment>> byComparison = new LinkedHashMap<>();
        all.forEach(j -> byComparison.computeIfAbsent(j.getComparison().getId(), k -> new ArrayList<>()).add(j));
        Map<Long, Verdict> resolved = new LinkedHashMap<>();
        em.createQuery("select r from Resolution r where r.comparison.id in :ids", Resolution.class)
                .setParameter("ids", comparisonIds).getResultList()
                .forEach(r -> resolved.put(r.getComparison().getId(), r.getVerdict()));
        List<Disagreement> out = new ArrayList<>();
        for (long id : comparisonIds) {
            List<Judgment> judgments = byComparison.get(id);
            if (judgments == null) {
                continue;
            }
            Item item = judgments.get(0).getComparison().getItem();
            Map<String, Verdict> verdicts = new LinkedHashMap<>();
            judgments.forEach(j -> verdicts.put(j.getJudgeId(), j.getVerdict()));
            out.add(new Disagreement(id, item.getDataset().getName(), item.getPrompt(), kinds(judgments), verdicts,
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

    /** Which disagreements a comparison's judgments show ({@link VoteTallies#kinds}); empty when they agree. */
    static Set<Kind> kinds(List<Judgment> judgments) {
        VoteTallies.Kinds kinds = VoteTallies.kinds(judgments.stream()
                .map(j -> new VoteTallies.Vote(0, j.getJudgeId(), j.getJudgeKind(), j.getVerdict())).toList());
        Set<Kind> out = EnumSet.noneOf(Kind.class);
        if (kinds.humanHuman()) {
            out.add(Kind.HUMAN_HUMAN);
        }
        if (kinds.humanCritic()) {
            out.add(Kind.HUMAN_CRITIC);
        }
        return out;
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
