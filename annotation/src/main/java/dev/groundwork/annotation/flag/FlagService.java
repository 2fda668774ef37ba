package dev.groundwork.annotation.flag;

import dev.groundwork.storage.audit.AuditTrail;
import dev.groundwork.storage.judgment.Comparison;
import dev.groundwork.storage.judgment.ComparisonRepository;
import dev.groundwork.storage.judgment.ItemFlag;
import dev.groundwork.storage.judgment.ItemFlagRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Annotators' flags on items ("image unclear", "both answers identical"), for the reviewers. A flag
 * is a note, not a verdict: the assignment stays open and the annotator may still judge or skip the
 * item. The flag and its audit entry ({@code item.flag}) are written in one transaction.
 */
@Service
public class FlagService {

    /** Comments an annotator can pick with one click. */
    public static final List<String> SUGGESTIONS = List.of("image unclear", "both answers identical",
            "prompt cannot be answered from the image");

    /** A flag as reviewers see it. */
    public record Flag(long id, long comparisonId, String dataset, String itemId, String flaggedBy, String comment,
            Instant createdAt) {}

    private final ItemFlagRepository flags;
    private final ComparisonRepository comparisons;
    private final AuditTrail audit;
    private final Clock clock;

    public FlagService(ItemFlagRepository flags, ComparisonRepository comparisons, AuditTrail audit, Clock clock) {
        this.flags = flags;
        this.comparisons = comparisons;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Flags a comparison.
     *
     * @param comment what is wrong with the item, 1 to {@value ItemFlag#MAX_COMMENT} characters
     * @throws IllegalArgumentException naming the problem: no such comparison, an empty or too long comment
     */
    @Transactional
    public Flag flag(long comparisonId, String flaggedBy, String comment) {
        String text = comment == null ? "" : comment.strip();
        if (text.isEmpty()) {
            throw new IllegalArgumentException("say what is wrong with the item: the comment is empty");
        }
        if (text.length() > ItemFlag.MAX_COMMENT) {
            throw new IllegalArgumentException("the comment is longer than " + ItemFlag.MAX_COMMENT + " characters");
        }
        Comparison comparison = comparisons.findById(comparisonId)
                .orElseThrow(() -> new IllegalArgumentException("there is no comparison " + comparisonId));
        ItemFlag saved = flags.save(new ItemFlag(comparison, flaggedBy, text, clock.instant()));
        audit.record(flaggedBy, "item.flag", "comparison " + comparisonId, text);
        return view(saved);
    }

    /** The newest flags first, at most {@code limit}; {@code dataset} empty for every dataset. */
    @Transactional(readOnly = true)
    public List<Flag> newest(String dataset, int limit) {
        return flags.findNewest(dataset, PageRequest.of(0, limit)).stream().map(FlagService::view).toList();
    }

    private static Flag view(ItemFlag f) {
        var item = f.getComparison().getItem();
        return new Flag(f.getId(), f.getComparison().getId(), item.getDataset().getName(), item.getExternalId(),
                f.getFlaggedBy(), f.getComment(), f.getCreatedAt());
    }
}
