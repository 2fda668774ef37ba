package dev.groundwork.trainer.service;

import dev.groundwork.trainer.data.PairImages;
import dev.groundwork.trainer.image.ImageResolution;
import dev.groundwork.trainer.image.ImageResolver;
import dev.groundwork.trainer.image.PairDeadLetters;
import dev.groundwork.trainer.stream.PairBuffer;
import dev.groundwork.trainer.train.Picture;
import java.util.Objects;
import java.util.Optional;

/**
 * Pictures for buffered pairs through the {@link ImageResolver}. A missing, tampered or undecodable image sends the
 * pair to the dead-letter topic with the reason and the round goes on without it; an image source that cannot be
 * reached right now (workbench down, token refused) postpones the round instead, so that no pair is lost to a
 * passing outage.
 */
public final class ResolverPairImages implements PairImages {

    private final ImageResolver resolver;
    private final PairDeadLetters deadLetters;

    public ResolverPairImages(ImageResolver resolver, PairDeadLetters deadLetters) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.deadLetters = Objects.requireNonNull(deadLetters, "deadLetters");
    }

    @Override
    public Optional<Picture> picture(PairBuffer.Pair pair) {
        ImageResolution resolution = resolver.resolve(pair.imageSha256(), pair.imageUri());
        if (resolution instanceof ImageResolution.Resolved resolved) {
            return Optional.of(resolved.picture());
        }
        ImageResolution.Refused refused = (ImageResolution.Refused) resolution;
        if (refused.problem() == ImageResolution.Problem.UNAVAILABLE) {
            throw new PairImages.Unavailable(refused.reason());
        }
        deadLetters.send(pair, refused);
        deadLetters.flush();
        return Optional.empty();
    }
}
