package dev.groundwork.annotation.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;

/**
 * An event on a Groundwork topic: JSON with {@code eventId} (UUID), {@code type},
 * {@code schemaVersion} and {@code occurredAt}. Images travel by SHA-256 and URI, never bytes.
 * See {@code docs/events.md}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "type", visible = true)
@JsonSubTypes({
    @JsonSubTypes.Type(value = JudgmentRecorded.class, name = JudgmentRecorded.TYPE),
    @JsonSubTypes.Type(value = DisagreementResolved.class, name = DisagreementResolved.TYPE),
    @JsonSubTypes.Type(value = CriticRequested.class, name = CriticRequested.TYPE),
    @JsonSubTypes.Type(value = TrainingRunStarted.class, name = TrainingRunStarted.TYPE),
    @JsonSubTypes.Type(value = TrainingMetrics.class, name = TrainingMetrics.TYPE),
    @JsonSubTypes.Type(value = CheckpointSaved.class, name = CheckpointSaved.TYPE),
    @JsonSubTypes.Type(value = TrainingRunFinished.class, name = TrainingRunFinished.TYPE),
    @JsonSubTypes.Type(value = EvaluationCompleted.class, name = EvaluationCompleted.TYPE),
    @JsonSubTypes.Type(value = TrainRoundRequested.class, name = TrainRoundRequested.TYPE),
    @JsonSubTypes.Type(value = TrainRoundAnswered.class, name = TrainRoundAnswered.TYPE),
    @JsonSubTypes.Type(value = EvaluateRequested.class, name = EvaluateRequested.TYPE),
    @JsonSubTypes.Type(value = EvaluateAnswered.class, name = EvaluateAnswered.TYPE),
    @JsonSubTypes.Type(value = OnPolicyRoundRequested.class, name = OnPolicyRoundRequested.TYPE),
    @JsonSubTypes.Type(value = OnPolicyRoundAnswered.class, name = OnPolicyRoundAnswered.TYPE),
    @JsonSubTypes.Type(value = DatasetDeleted.class, name = DatasetDeleted.TYPE),
    @JsonSubTypes.Type(value = DatasetRenamed.class, name = DatasetRenamed.TYPE)
})
public sealed interface GroundworkEvent permits JudgmentRecorded, DisagreementResolved, CriticRequested, TrainingEvent, ServiceCommandEvent,
        DatasetEvent {

    String eventId();

    String type();

    int schemaVersion();

    Instant occurredAt();
}
