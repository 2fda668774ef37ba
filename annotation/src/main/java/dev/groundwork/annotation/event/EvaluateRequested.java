package dev.groundwork.annotation.event;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Asks the trainer service to evaluate policy checkpoints on the held-out world: each answers every held-out item,
 * the answers are scored with bootstrap intervals, the report (HTML and PDF) is written to the artifact store and
 * announced as an {@link EvaluationCompleted} whose {@code runId} is {@link #evaluationId()}. With two checkpoints
 * the first is the baseline and the service answers ({@link EvaluateAnswered}) with the second's paired differences
 * to it, which the web application's promotion gate reads.
 *
 * @param checkpoints one or two checkpoints, the baseline first
 * @param worldScenes the scenes of the synthetic world the policies were trained on (seed {@code worldSeed}); the
 *     held-out scenes are the ones that follow them, so no policy has seen them
 * @param heldOut how many held-out scenes to answer about
 */
public record EvaluateRequested(String eventId, String type, int schemaVersion, Instant occurredAt, String requestId,
        List<Policy> checkpoints, int worldScenes, long worldSeed, int heldOut, String requestedBy)
        implements ServiceCommandEvent {

    public static final String TYPE = "EvaluateRequested";
    public static final int SCHEMA_VERSION = 1;

    /** A checkpoint to evaluate and the label the report gives it. */
    public record Policy(String label, String uri) {
        public Policy {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(uri, "uri");
        }
    }

    public EvaluateRequested {
        Objects.requireNonNull(requestId, "requestId");
        checkpoints = checkpoints == null ? List.of() : List.copyOf(checkpoints);
        if (checkpoints.isEmpty() || checkpoints.size() > 2) {
            throw new IllegalArgumentException("an evaluation request names one or two checkpoints, not " + checkpoints.size());
        }
        if (heldOut < 1 || worldScenes < 0) {
            throw new IllegalArgumentException("heldOut must be at least 1 and worldScenes at least 0, were " + heldOut + " and "
                    + worldScenes);
        }
    }

    /** The id of the {@link EvaluationCompleted} this request produces: the same for a request read twice. */
    public String evaluationId() {
        return "evaluation:" + requestId;
    }
}
