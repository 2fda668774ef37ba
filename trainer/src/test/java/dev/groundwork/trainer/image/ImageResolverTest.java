package dev.groundwork.trainer.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.groundwork.trainer.image.ImageResolution.Problem;
import dev.groundwork.trainer.image.ImageResolution.Refused;
import dev.groundwork.trainer.image.ImageResolution.Resolved;
import dev.groundwork.trainer.train.Picture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageResolverTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-01T10:00:00Z"), ZoneOffset.UTC);

    @TempDir Path tmp;

    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void the_directory_source_gives_the_picture_the_stored_bytes_encode() {
        Path store = tmp.resolve("images");
        byte[] png = TestImages.png(3, 2, 10);
        String sha = TestImages.store(store, png);

        ImageResolution r = new ImageResolver(new DirectoryImageSource(store)).resolve(sha, TestImages.uri(sha));

        assertThat(r).isInstanceOf(Resolved.class);
        Resolved resolved = (Resolved) r;
        assertThat(resolved.bytes()).isEqualTo(png);
        Picture p = resolved.picture();
        assertThat(p.width()).isEqualTo(3);
        assertThat(p.height()).isEqualTo(2);
        // pixel (x=2, y=1): R = 90, G = 40, B = 200; channel-major chw[(c·h + y)·w + x]
        assertThat(p.chw()[(0 * 2 + 1) * 3 + 2]).isEqualTo(90 / 255f);
        assertThat(p.chw()[(1 * 2 + 1) * 3 + 2]).isEqualTo(40 / 255f);
        assertThat(p.chw()[(2 * 2 + 1) * 3 + 2]).isEqualTo(200 / 255f);
    }

    @Test
    void a_tampered_file_with_its_old_name_is_refused_for_failing_its_sha256_check() {
        Path store = tmp.resolve("images");
        String sha = TestImages.store(store, TestImages.png(4, 4, 1));
        byte[] other = TestImages.png(4, 4, 2);
        TestImages.tamper(store, sha, other);

        ImageResolution r = new ImageResolver(new DirectoryImageSource(store)).resolve(sha, TestImages.uri(sha));

        assertThat(r).isInstanceOfSatisfying(Refused.class, refused -> {
            assertThat(refused.problem()).isEqualTo(Problem.SHA_MISMATCH);
            assertThat(refused.permanent()).isTrue();
            assertThat(refused.reason()).startsWith("image " + sha.substring(0, 8) + "… failed its SHA-256 check: got "
                    + Sha256.of(other).substring(0, 8) + "…");
        });
    }

    @Test
    void an_unknown_image_is_refused_as_not_in_the_image_store() {
        Path store = tmp.resolve("images");
        String sha = Sha256.of("never stored".getBytes(StandardCharsets.UTF_8));

        ImageResolution r = new ImageResolver(new DirectoryImageSource(store)).resolve(sha, TestImages.uri(sha));

        assertThat(r).isInstanceOfSatisfying(Refused.class, refused -> {
            assertThat(refused.problem()).isEqualTo(Problem.UNKNOWN);
            assertThat(refused.reason()).startsWith("image " + sha.substring(0, 8) + "… is not in the image store");
        });
    }

    @Test
    void a_uri_naming_another_image_or_a_malformed_digest_is_refused_as_a_bad_reference() {
        ImageResolver resolver = new ImageResolver(new DirectoryImageSource(tmp));
        String sha = Sha256.of(new byte[] {1});
        String other = Sha256.of(new byte[] {2});

        assertThat(resolver.resolve(sha, TestImages.uri(other))).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.problem()).isEqualTo(Problem.BAD_REFERENCE));
        assertThat(resolver.resolve("../../etc/passwd", "")).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.problem()).isEqualTo(Problem.BAD_REFERENCE));
    }

    @Test
    void bytes_that_are_no_image_are_refused_as_undecodable() {
        Path store = tmp.resolve("images");
        String sha = TestImages.store(store, "not a picture".getBytes(StandardCharsets.UTF_8));

        assertThat(new ImageResolver(new DirectoryImageSource(store)).resolve(sha, TestImages.uri(sha)))
                .isInstanceOfSatisfying(Refused.class, r -> assertThat(r.problem()).isEqualTo(Problem.UNDECODABLE));
    }

    @Test
    void the_cache_serves_a_second_read_without_the_source_and_stays_within_its_byte_bound() throws IOException {
        Path store = tmp.resolve("images");
        List<byte[]> pngs = List.of(TestImages.png(8, 8, 1), TestImages.png(8, 8, 2), TestImages.png(8, 8, 3));
        List<String> shas = pngs.stream().map(b -> TestImages.store(store, b)).toList();
        // Room for any two of the three images, not for all three.
        long bound = pngs.get(0).length + pngs.get(2).length + pngs.get(1).length / 2;
        assertThat(pngs.get(0).length + pngs.get(1).length).isLessThanOrEqualTo((int) bound);
        ImageCache cache = new ImageCache(tmp.resolve("cache"), bound, CLOCK);
        ImageResolver resolver = new ImageResolver(new DirectoryImageSource(store), cache);

        assertThat(resolver.resolve(shas.get(0), TestImages.uri(shas.get(0))).isResolved()).isTrue();
        // The source loses the image: the second read can only come from the cache.
        Files.delete(store.resolve(shas.get(0).substring(0, 2)).resolve(shas.get(0)));
        assertThat(resolver.resolve(shas.get(0), TestImages.uri(shas.get(0)))).isInstanceOfSatisfying(Resolved.class,
                r -> assertThat(r.bytes()).isEqualTo(pngs.get(0)));

        assertThat(resolver.resolve(shas.get(1), TestImages.uri(shas.get(1))).isResolved()).isTrue();
        assertThat(resolver.resolve(shas.get(0), TestImages.uri(shas.get(0))).isResolved()).isTrue(); // 0 used after 1
        assertThat(resolver.resolve(shas.get(2), TestImages.uri(shas.get(2))).isResolved()).isTrue();

        assertThat(cache.totalBytes()).isLessThanOrEqualTo(cache.maxBytes());
        assertThat(cachedBytes(cache.directory())).isEqualTo(cache.totalBytes());
        assertThat(cache.contains(shas.get(1))).as("least recently used, evicted").isFalse();
        assertThat(cache.contains(shas.get(0))).isTrue();
        assertThat(cache.contains(shas.get(2))).isTrue();

        ImageCache reopened = new ImageCache(cache.directory(), cache.maxBytes(), CLOCK);
        assertThat(reopened.totalBytes()).isEqualTo(cache.totalBytes());
        assertThat(reopened.get(shas.get(0))).hasValue(pngs.get(0));
    }

    @Test
    void a_corrupted_cache_file_is_fetched_again_from_the_source() throws IOException {
        Path store = tmp.resolve("images");
        byte[] png = TestImages.png(5, 5, 7);
        String sha = TestImages.store(store, png);
        ImageCache cache = new ImageCache(tmp.resolve("cache"), 1 << 20, CLOCK);
        ImageResolver resolver = new ImageResolver(new DirectoryImageSource(store), cache);
        assertThat(resolver.resolve(sha, TestImages.uri(sha)).isResolved()).isTrue();

        Files.write(cache.directory().resolve(sha), new byte[] {1, 2, 3});

        assertThat(resolver.resolve(sha, TestImages.uri(sha))).isInstanceOfSatisfying(Resolved.class,
                r -> assertThat(r.bytes()).isEqualTo(png));
    }

    @Test
    void the_http_source_fetches_with_a_client_credentials_token_renewed_once_after_a_401() throws IOException {
        byte[] png = TestImages.png(6, 4, 3);
        String sha = Sha256.of(png);
        FakeWorkbench wb = startWorkbench(Map.of(sha, png));
        wb.rejectNextImageRequest.set(true);
        ImageCache cache = new ImageCache(tmp.resolve("cache"), 1 << 20, CLOCK);
        ImageResolver resolver = new ImageResolver(wb.source(CLOCK), cache);

        assertThat(resolver.resolve(sha, TestImages.uri(sha))).isInstanceOfSatisfying(Resolved.class, r -> {
            assertThat(r.bytes()).isEqualTo(png);
            assertThat(r.picture().width()).isEqualTo(6);
        });
        assertThat(wb.tokensIssued.get()).as("a token, then a new one after the 401").isEqualTo(2);
        assertThat(wb.bearers).containsExactly("token-1", "token-2");

        // cached now: no further request reaches the workbench
        assertThat(resolver.resolve(sha, TestImages.uri(sha)).isResolved()).isTrue();
        assertThat(wb.bearers).hasSize(2);
    }

    @Test
    void the_http_source_reuses_its_token_until_shortly_before_it_expires() throws IOException {
        byte[] a = TestImages.png(2, 2, 1);
        byte[] b = TestImages.png(2, 2, 2);
        FakeWorkbench wb = startWorkbench(Map.of(Sha256.of(a), a, Sha256.of(b), b));
        MutableClock clock = new MutableClock(CLOCK.instant());
        HttpImageSource source = wb.source(clock);

        assertThat(source.fetch(Sha256.of(a))).hasValue(a);
        clock.advance(Duration.ofSeconds(300 - 31));
        assertThat(source.fetch(Sha256.of(b))).hasValue(b);
        assertThat(wb.tokensIssued.get()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(2)); // inside the 30 s margin before expires_in = 300
        assertThat(source.fetch(Sha256.of(a))).hasValue(a);
        assertThat(wb.tokensIssued.get()).isEqualTo(2);
    }

    @Test
    void the_http_source_refuses_an_image_the_workbench_does_not_have_and_one_it_serves_wrongly() {
        byte[] png = TestImages.png(3, 3, 9);
        String served = Sha256.of(TestImages.png(3, 3, 8)); // the workbench serves other bytes under this name
        FakeWorkbench wb = startWorkbench(Map.of(served, png));
        ImageResolver resolver = new ImageResolver(wb.source(CLOCK));
        String unknown = Sha256.of(new byte[] {42});

        assertThat(resolver.resolve(unknown, TestImages.uri(unknown))).isInstanceOfSatisfying(Refused.class, r -> {
            assertThat(r.problem()).isEqualTo(Problem.UNKNOWN);
            assertThat(r.reason()).startsWith("image " + unknown.substring(0, 8) + "… is not in the image store");
        });
        assertThat(resolver.resolve(served, TestImages.uri(served))).isInstanceOfSatisfying(Refused.class,
                r -> assertThat(r.problem()).isEqualTo(Problem.SHA_MISMATCH));
    }

    @Test
    void a_wrong_client_secret_is_refused_as_unavailable_without_the_secret_in_the_reason() {
        FakeWorkbench wb = startWorkbench(Map.of());
        HttpImageSource source = HttpImageSource.create(wb.base(), wb.issuer(), "groundwork-trainer", "wrong-secret-xyz",
                Duration.ofSeconds(5), Duration.ofSeconds(5), CLOCK);
        String sha = Sha256.of(new byte[] {7});

        assertThat(new ImageResolver(source).resolve(sha, TestImages.uri(sha))).isInstanceOfSatisfying(Refused.class, r -> {
            assertThat(r.problem()).isEqualTo(Problem.UNAVAILABLE);
            assertThat(r.reason()).contains("HTTP 401").doesNotContain("wrong-secret-xyz");
            assertThat(r.permanent()).as("a refused token may be fixed; the image is not to blame").isFalse();
        });
    }

    private static long cachedBytes(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private FakeWorkbench startWorkbench(Map<String, byte[]> images) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        FakeWorkbench wb = new FakeWorkbench(server, images);
        server.start();
        return wb;
    }

    /** Keycloak's token endpoint and the workbench's image endpoint, as far as the trainer sees them. */
    static final class FakeWorkbench {
        static final String CLIENT = "groundwork-trainer";
        static final String SECRET = "s3cret";

        final HttpServer server;
        final Map<String, byte[]> images;
        final AtomicInteger tokensIssued = new AtomicInteger();
        final AtomicBoolean rejectNextImageRequest = new AtomicBoolean();
        final List<String> bearers = new CopyOnWriteArrayList<>();
        final Map<String, Boolean> valid = new ConcurrentHashMap<>();

        FakeWorkbench(HttpServer server, Map<String, byte[]> images) {
            this.server = server;
            this.images = images;
            server.createContext("/realms/groundwork/protocol/openid-connect/token", this::token);
            server.createContext("/images/", this::image);
        }

        URI base() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        URI issuer() {
            return URI.create(base() + "/realms/groundwork");
        }

        HttpImageSource source(Clock clock) {
            return HttpImageSource.create(base(), issuer(), CLIENT, SECRET, Duration.ofSeconds(5), Duration.ofSeconds(5), clock);
        }

        private void token(HttpExchange ex) throws IOException {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String expected = "Basic " + Base64.getEncoder().encodeToString((CLIENT + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
            if (!ex.getRequestMethod().equals("POST") || !body.equals("grant_type=client_credentials")
                    || !expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                send(ex, 401, "{\"error\":\"unauthorized_client\",\"error_description\":\"Invalid client credentials\"}");
                return;
            }
            String token = "token-" + tokensIssued.incrementAndGet();
            valid.put(token, true);
            send(ex, 200, "{\"access_token\":\"" + token + "\",\"expires_in\":300,\"token_type\":\"Bearer\"}");
        }

        private void image(HttpExchange ex) throws IOException {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            String bearer = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : "";
            bearers.add(bearer);
            if (!valid.containsKey(bearer) || rejectNextImageRequest.getAndSet(false)) {
                valid.remove(bearer);
                send(ex, 401, "");
                return;
            }
            byte[] bytes = images.get(ex.getRequestURI().getPath().substring("/images/".length()));
            if (bytes == null) {
                send(ex, 404, "");
                return;
            }
            ex.getResponseHeaders().add("Content-Type", "image/png");
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        }

        private static void send(HttpExchange ex, int status, String body) throws IOException {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(status, b.length == 0 ? -1 : b.length);
            if (b.length > 0) {
                ex.getResponseBody().write(b);
            }
            ex.close();
        }
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
