package dev.groundwork.trainer.data;

import dev.groundwork.trainer.stream.PairBuffer;
import dev.groundwork.trainer.train.Picture;
import java.util.Optional;

/**
 * The pixels of a buffered pair's image, or nothing, in which case the implementation has already sent the pair to
 * the dead-letter topic with its reason (a missing or tampered image never stops training).
 */
@FunctionalInterface
public interface PairImages {

    /** @throws Unavailable when the image source cannot be reached now (the round is tried again later) */
    Optional<Picture> picture(PairBuffer.Pair pair);

    /** The image source cannot be reached right now; nothing was dead-lettered. */
    final class Unavailable extends IllegalStateException {
        public Unavailable(String reason) {
            super(reason);
        }
    }
}
