package dev.groundwork.web.api.judgments;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.groundwork.annotation.judgment.JudgmentLog;
import dev.groundwork.annotation.judgment.JudgmentService;
import dev.groundwork.annotation.judgment.RecordJudgment;
import dev.groundwork.annotation.judgment.RecordedJudgment;
import dev.groundwork.storage.dataset.HallucinationType;
import dev.groundwork.storage.judgment.JudgeKind;
import dev.groundwork.storage.judgment.Verdict;
import dev.groundwork.web.api.ApiCaller;
import dev.groundwork.web.api.ApiPaths;
import dev.groundwork.web.api.BadRequestException;
import dev.groundwork.web.api.CursorPage;
import dev.groundwork.web.api.IdempotencyFilter;
import dev.groundwork.web.api.PageLimits;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Judgments: listed with filters, and posted by an external judge. A posted judgment is recorded through
 * {@link JudgmentService}, as the critic's and the annotators' are (one transaction with its outbox event and audit
 * entry, published exactly once), as a {@link JudgeKind#CRITIC} judgment whose judge is the caller (a service
 * account's client id).
 */
@RestController
@RequestMapping(ApiPaths.V1 + "/judgments")
@Tag(name = "judgments", description = "Verdicts on comparisons, by people and critics")
public class JudgmentsApi {

    /** A hallucination tag on response A or B of the comparison, with an optional span {@code [start, end)}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TagBody(Optional<Long> responseId, Optional<HallucinationType> tag, Optional<Integer> spanStart,
            Optional<Integer> spanEnd) {
        public TagBody {
            responseId = Optional.ofNullable(responseId).flatMap(v -> v);
            tag = Optional.ofNullable(tag).flatMap(v -> v);
            spanStart = Optional.ofNullable(spanStart).flatMap(v -> v);
            spanEnd = Optional.ofNullable(spanEnd).flatMap(v -> v);
        }
    }

    /** An external judge's verdict on one comparison. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record PostJudgment(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Optional<Long> comparisonId,
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED) Optional<Verdict> verdict,
            @Schema(description = "1 normal (the default), 2 strong") Optional<Integer> strength,
            Optional<String> rationale,
            Optional<List<TagBody>> tags) {
        public PostJudgment {
            comparisonId = Optional.ofNullable(comparisonId).flatMap(v -> v);
            verdict = Optional.ofNullable(verdict).flatMap(v -> v);
            strength = Optional.ofNullable(strength).flatMap(v -> v);
            rationale = Optional.ofNullable(rationale).flatMap(v -> v);
            tags = Optional.ofNullable(tags).flatMap(v -> v);
        }
    }

    /** A recorded judgment. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record JudgmentView(long id, long comparisonId, String dataset, int itemPosition, JudgeKind judgeKind,
            String judge, Verdict verdict, int strength, Optional<String> rationale, Optional<Long> supersedes,
            Instant createdAt) {
        static JudgmentView of(JudgmentLog.Entry e) {
            return new JudgmentView(e.id(), e.comparisonId(), e.dataset(), e.itemPosition(), e.judgeKind(), e.judge(),
                    e.verdict(), e.strength(), e.rationale(), e.supersedes(), e.createdAt());
        }
    }

    private final JudgmentService judgments;
    private final JudgmentLog log;
    private final PageLimits limits;

    public JudgmentsApi(JudgmentService judgments, JudgmentLog log, PageLimits limits) {
        this.judgments = judgments;
        this.log = log;
        this.limits = limits;
    }

    @GetMapping
    @Operation(summary = "List judgments, oldest first, with filters")
    public CursorPage<JudgmentView> list(
            @Parameter(description = "only this dataset's") @RequestParam("dataset") Optional<String> dataset,
            @Parameter(description = "only a person's (HUMAN) or a critic's (CRITIC)") @RequestParam("judge_kind")
                    Optional<JudgeKind> judgeKind,
            @Parameter(description = "only this judge's: a person's subject or a critic's name or client id")
                    @RequestParam("judge") Optional<String> judge,
            @Parameter(description = "only those recorded at or after this instant (ISO 8601, e.g. 2026-01-31T12:00:00Z)")
                    @RequestParam("since") Optional<Instant> since,
            @Parameter(description = "next_cursor of the previous page") @RequestParam("cursor") Optional<String> cursor,
            @RequestParam(name = "limit", defaultValue = "" + PageLimits.DEFAULT) int limit) {
        int n = limits.of(limit);
        long after = cursor.map(CursorPage::decodeLong).orElse(0L);
        List<JudgmentView> fetched = log.after(after, new JudgmentLog.Filter(dataset, judgeKind, judge, since), n + 1)
                .stream().map(JudgmentView::of).toList();
        return CursorPage.of(fetched, n, j -> Long.toString(j.id()));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Record an external judge's verdict, as a CRITIC judgment whose judge is the caller")
    public JudgmentView post(@RequestBody PostJudgment body,
            @Parameter(hidden = true) @RequestHeader(name = IdempotencyFilter.HEADER, required = false)
                    Optional<String> idempotencyKey) {
        long comparisonId = body.comparisonId().orElseThrow(() -> new BadRequestException("comparison_id", "is required"));
        Verdict verdict = body.verdict().orElseThrow(() -> new BadRequestException("verdict",
                "is required: one of A, B, TIE, BOTH_BAD"));
        int strength = body.strength().orElse(1);
        if (strength < 1 || strength > 2) {
            throw new BadRequestException("strength", "must be 1 (normal) or 2 (strong), was " + strength);
        }
        List<TagBody> tags = body.tags().orElse(List.of());
        List<RecordJudgment.TagInput> tagInputs = IntStream.range(0, tags.size()).mapToObj(i -> {
            TagBody t = tags.get(i);
            return new RecordJudgment.TagInput(
                    t.responseId().orElseThrow(() -> new BadRequestException("tags[" + i + "].response_id", "is required")),
                    t.tag().orElseThrow(() -> new BadRequestException("tags[" + i + "].tag", "is required")),
                    t.spanStart().orElse(null), t.spanEnd().orElse(null));
        }).toList();
        String judge = ApiCaller.actor();
        RecordedJudgment recorded = judgments.record(new RecordJudgment(comparisonId, JudgeKind.CRITIC, judge, verdict,
                strength, tagInputs, body.rationale().orElse(null), null, judgmentKey(judge, idempotencyKey)));
        return log.find(recorded.judgmentId()).map(JudgmentView::of).orElseThrow();
    }

    /**
     * The judgment's own idempotency key: derived from the caller and its Idempotency-Key, so that two racing requests
     * with one key store one judgment; a fresh one without.
     */
    static String judgmentKey(String caller, Optional<String> idempotencyKey) {
        return idempotencyKey.map(String::strip).filter(k -> !k.isEmpty()).map(k -> "api:" + sha256(caller + "\n" + k))
                .orElseGet(() -> "api:" + UUID.randomUUID());
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
