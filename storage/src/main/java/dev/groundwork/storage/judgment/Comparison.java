package dev.groundwork.storage.judgment;

import dev.groundwork.storage.AbstractEntity;
import dev.groundwork.storage.dataset.Item;
import dev.groundwork.storage.dataset.Response;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;

/** Two responses to one item to be judged against each other; display order randomised and recorded. */
@Entity
@Table(name = "comparison")
public class Comparison extends AbstractEntity {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "item_id")
    private Item item;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "response_a_id")
    private Response responseA;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "response_b_id")
    private Response responseB;

    @Column(name = "display_swapped", nullable = false)
    private boolean displaySwapped;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Comparison() {}

    public Comparison(Item item, Response responseA, Response responseB, boolean displaySwapped, Instant createdAt) {
        this.item = Objects.requireNonNull(item, "item");
        this.responseA = Objects.requireNonNull(responseA, "responseA");
        this.responseB = Objects.requireNonNull(responseB, "responseB");
        if (responseA.equals(responseB)) {
            throw new IllegalArgumentException("a comparison needs two different responses");
        }
        this.displaySwapped = displaySwapped;
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    }

    public Item getItem() { return item; }
    public Response getResponseA() { return responseA; }
    public Response getResponseB() { return responseB; }
    public boolean isDisplaySwapped() { return displaySwapped; }
    public Instant getCreatedAt() { return createdAt; }
}
