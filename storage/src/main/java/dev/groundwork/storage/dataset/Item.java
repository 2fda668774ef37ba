package dev.groundwork.storage.dataset;

import dev.groundwork.storage.AbstractEntity;
import dev.groundwork.storage.image.Image;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.util.Objects;

/** An image and a prompt about it. */
@Entity
@Table(name = "item")
public class Item extends AbstractEntity {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "dataset_id")
    private Dataset dataset;

    @Column(name = "external_id", nullable = false)
    private String externalId;

    @Column(nullable = false)
    private int position;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "image_id")
    private Image image;

    @Column(name = "image_path", nullable = false)
    private String imagePath;

    @Column(nullable = false)
    private String prompt;

    @Enumerated(EnumType.STRING)
    @Column(name = "task_type", nullable = false)
    private TaskType taskType;

    private String category;

    private String reference;

    protected Item() {}

    public Item(Dataset dataset, String externalId, int position, Image image, String imagePath,
            String prompt, TaskType taskType, String category, String reference) {
        this.dataset = Objects.requireNonNull(dataset, "dataset");
        this.externalId = Objects.requireNonNull(externalId, "externalId");
        this.position = position;
        this.image = Objects.requireNonNull(image, "image");
        this.imagePath = Objects.requireNonNull(imagePath, "imagePath");
        this.prompt = Objects.requireNonNull(prompt, "prompt");
        this.taskType = Objects.requireNonNull(taskType, "taskType");
        this.category = category;
        this.reference = reference;
    }

    public Dataset getDataset() { return dataset; }
    public String getExternalId() { return externalId; }
    public int getPosition() { return position; }
    public Image getImage() { return image; }
    public String getImagePath() { return imagePath; }
    public String getPrompt() { return prompt; }
    public TaskType getTaskType() { return taskType; }
    public String getCategory() { return category; }
    public String getReference() { return reference; }
}
