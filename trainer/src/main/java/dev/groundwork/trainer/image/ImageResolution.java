package dev.groundwork.trainer.image;

import dev.groundwork.trainer.train.Picture;
import java.util.Objects;

/** What {@link ImageResolver#resolve} gives: the verified image, or a refusal with a reason a person can read. */
public sealed interface ImageResolution permits ImageResolution.Resolved, ImageResolution.Refused {

    String sha256();

    /** The image, its bytes checked against {@code sha256}. {@code bytes} is the encoded file (PNG, JPEG…). */
    record Resolved(String sha256, byte[] bytes, Picture picture) implements ImageResolution {
        public Resolved {
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(bytes, "bytes");
            Objects.requireNonNull(picture, "picture");
        }
    }

    /** Why an image cannot be used, e.g. {@code image 3f2a1b0c… failed its SHA-256 check: got 9b1c44d0…}. */
    record Refused(String sha256, Problem problem, String reason) implements ImageResolution {
        public Refused {
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(reason, "reason");
        }

        /**
         * Whether asking again cannot help: the pair should be dead-lettered. An {@link Problem#UNAVAILABLE} source
         * (network, token, I/O) may answer later; such a pair is better skipped for this round than dead-lettered.
         */
        public boolean permanent() {
            return problem != Problem.UNAVAILABLE;
        }
    }

    /** The kinds of refusal. Only {@link #UNAVAILABLE} may go away by asking again later. */
    enum Problem {
        /** The reference is malformed: not a SHA-256, or a URI naming another image. */
        BAD_REFERENCE,
        /** The source has no image with this digest. */
        UNKNOWN,
        /** The bytes the source gave do not hash to the digest. */
        SHA_MISMATCH,
        /** The bytes are the right ones but no image decoder reads them. */
        UNDECODABLE,
        /** The source could not be read or reached (I/O error, HTTP failure, refused token). */
        UNAVAILABLE
    }

    default boolean isResolved() {
        return this instanceof Resolved;
    }
}
