package dev.groundwork.storage.judgment;

import dev.groundwork.storage.SequencedEntity;
import dev.groundwork.storage.dataset.HallucinationType;
import dev.groundwork.storage.dataset.Response;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.util.Objects;

/** A hallucination tag on one response of a judged comparison, optionally on a text span. */
@Entity
@Table(name = "judgment_tag")
public class JudgmentTag extends SequencedEntity {

    /** What to tag: a response, a kind and an optional half-open span {@code [start, end)}. */
    public record Spec(Response response, HallucinationType tag, Integer spanStart, Integer spanEnd) {
        public Spec {
            Objects.requireNonNull(response, "response");
            Objects.requireNonNull(tag, "tag");
            if ((spanStart == null) != (spanEnd == null)) {
                throw new IllegalArgumentException("a span needs both start and end");
            }
            if (spanStart != null && (spanStart < 0 || spanEnd <= spanStart)) {
                throw new IllegalArgumentException("span [" + spanStart + ", " + spanEnd + ") is empty or negative");
            }
        }
    }

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "judgment_id")
    private Judgment judgment;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "response_id")
    private Response response;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private HallucinationType tag;

    @Column(name = "span_start")
    private Integer spanStart;

    @Column(name = "span_end")
    private Integer spanEnd;

    protected JudgmentTag() {}

    JudgmentTag(Judgment judgment, Spec spec) {
        this.judgment = Objects.requireNonNull(judgment, "judgment");
        this.response = spec.response();
        this.tag = spec.tag();
        this.spanStart = spec.spanStart();
        this.spanEnd = spec.spanEnd();
    }

    public Judgment getJudgment() { return judgment; }
    public Response getResponse() { return response; }
    public HallucinationType getTag() { return tag; }
    public Integer getSpanStart() { return spanStart; }
    public Integer getSpanEnd() { return spanEnd; }
}
