package dev.groundwork.storage.dataset;

import dev.groundwork.storage.AbstractEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.util.Objects;

/**
 * A candidate answer to an item, with the model (and checkpoint) that produced it. Synthetic
 * responses record the hallucination they were built to carry, as JSON of
 * {@link Manifest.Hallucination}.
 */
@Entity
@Table(name = "response")
public class Response extends AbstractEntity {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "item_id")
    private Item item;

    @Column(name = "external_id", nullable = false)
    private String externalId;

    @Column(nullable = false)
    private int position;

    @Column(name = "model_name", nullable = false)
    private String modelName;

    private String checkpoint;

    @Column(nullable = false)
    private String text;

    @Enumerated(EnumType.STRING)
    @Column(name = "hallucination_type")
    private HallucinationType hallucinationType;

    @Column(name = "hallucination_detail")
    private String hallucinationDetail;

    protected Response() {}

    public Response(Item item, String externalId, int position, String modelName, String checkpoint,
            String text, HallucinationType hallucinationType, String hallucinationDetail) {
        this.item = Objects.requireNonNull(item, "item");
        this.externalId = Objects.requireNonNull(externalId, "externalId");
        this.position = position;
        this.modelName = Objects.requireNonNull(modelName, "modelName");
        this.checkpoint = checkpoint;
        this.text = Objects.requireNonNull(text, "text");
        this.hallucinationType = hallucinationType;
        this.hallucinationDetail = hallucinationDetail;
    }

    public Item getItem() { return item; }
    public String getExternalId() { return externalId; }
    public int getPosition() { return position; }
    public String getModelName() { return modelName; }
    public String getCheckpoint() { return checkpoint; }
    public String getText() { return text; }
    public HallucinationType getHallucinationType() { return hallucinationType; }
    public String getHallucinationDetail() { return hallucinationDetail; }
}
