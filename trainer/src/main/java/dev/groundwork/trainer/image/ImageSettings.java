package dev.groundwork.trainer.image;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the trainer gets its images, from the environment (see docs/trainer.md, "Images"):
 * <ul>
 *   <li>{@code GW_TRAINER_IMAGES_DIR}: a workbench image store directory, read-only; when set, it is used and
 *       nothing is fetched over HTTP;</li>
 *   <li>otherwise {@code GW_IMAGE_BASE_URL} (the workbench, default {@code http://localhost:8080}) with the
 *       service account {@code GW_TRAINER_CLIENT_ID} (default {@code groundwork-trainer}) /
 *       {@code GW_TRAINER_CLIENT_SECRET} (no default: {@code ./gw up} passes the one it generated) of the realm
 *       {@code GW_OIDC_ISSUER}
 *       (default {@code http://localhost:8180/realms/groundwork});</li>
 *   <li>fetched images are cached in {@code GW_TRAINER_IMAGE_CACHE_DIR} (default
 *       {@code $GW_DATA_DIR/trainer/image-cache}) up to {@code GW_TRAINER_IMAGE_CACHE_BYTES} (default 1 GiB);</li>
 *   <li>{@code GW_TRAINER_HTTP_TIMEOUT}: connect and request timeout in seconds (default 10).</li>
 * </ul>
 */
public record ImageSettings(Optional<Path> directory, URI workbench, URI issuer, String clientId, String clientSecret,
        Path cacheDir, long cacheBytes, Duration timeout) {

    public static final String DEFAULT_CLIENT_ID = "groundwork-trainer";
    public static final long DEFAULT_CACHE_BYTES = 1L << 30;

    public ImageSettings {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(workbench, "workbench");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(timeout, "timeout");
        if (cacheBytes < 0) {
            throw new IllegalArgumentException("GW_TRAINER_IMAGE_CACHE_BYTES must be >= 0, was " + cacheBytes);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("GW_TRAINER_HTTP_TIMEOUT must be positive, was " + timeout);
        }
    }

    /** The settings the environment {@code env} (e.g. {@code System.getenv()}) gives, with the defaults above. */
    public static ImageSettings fromEnvironment(Map<String, String> env) {
        String dataDir = value(env, "GW_DATA_DIR").orElse("./data");
        return new ImageSettings(
                value(env, "GW_TRAINER_IMAGES_DIR").map(Path::of),
                URI.create(value(env, "GW_IMAGE_BASE_URL").orElse("http://localhost:" + value(env, "GW_HTTP_PORT").orElse("8080"))),
                URI.create(value(env, "GW_OIDC_ISSUER")
                        .orElse("http://localhost:" + value(env, "GW_KEYCLOAK_PORT").orElse("8180") + "/realms/groundwork")),
                value(env, "GW_TRAINER_CLIENT_ID").orElse(DEFAULT_CLIENT_ID),
                value(env, "GW_TRAINER_CLIENT_SECRET").orElse(""),
                Path.of(value(env, "GW_TRAINER_IMAGE_CACHE_DIR").orElse(dataDir + "/trainer/image-cache")),
                Long.parseLong(value(env, "GW_TRAINER_IMAGE_CACHE_BYTES").orElse(Long.toString(DEFAULT_CACHE_BYTES))),
                Duration.ofSeconds(Long.parseLong(value(env, "GW_TRAINER_HTTP_TIMEOUT").orElse("10"))));
    }

    /** A resolver over the directory (uncached: it is local already), or over HTTP with the disk cache. */
    public ImageResolver resolver(Clock clock) {
        if (directory.isPresent()) {
            return new ImageResolver(new DirectoryImageSource(directory.get()));
        }
        if (clientSecret.isEmpty()) {
            throw new IllegalStateException("GW_TRAINER_CLIENT_SECRET is not set: the trainer needs the secret of the "
                    + clientId + " client to fetch images from " + workbench + " (./gw up passes the one it generated; "
                    + "or set GW_TRAINER_IMAGES_DIR to read the image store directly)");
        }
        HttpImageSource http = HttpImageSource.create(workbench, issuer, clientId, clientSecret, timeout, timeout, clock);
        return new ImageResolver(http, new ImageCache(cacheDir, cacheBytes, clock));
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(s -> !s.isEmpty());
    }

    /** Without the secret. */
    @Override
    public String toString() {
        return "ImageSettings[directory=" + directory + ", workbench=" + workbench + ", issuer=" + issuer + ", clientId=" + clientId
                + ", clientSecret=***, cacheDir=" + cacheDir + ", cacheBytes=" + cacheBytes + ", timeout=" + timeout + "]";
    }
}
