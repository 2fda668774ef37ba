package dev.groundwork.critic.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.critic.judge.CriticException;
import dev.groundwork.critic.judge.CriticImage;
import dev.groundwork.critic.judge.CriticPair;
import dev.groundwork.critic.judge.CriticVerdict;
import dev.groundwork.critic.judge.Usage;
import dev.groundwork.critic.openai.ReplayServer.Reply;
import dev.groundwork.storage.dataset.TaskType;
import dev.groundwork.storage.judgment.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The OpenAI-compatible backend against a local server that replays LLaVA-Critic-style outputs. */
class OpenAiCriticTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3};
    static final String KEY = "sk-test-do-not-log-4711";

    static CriticPair pair(String id) {
        return new CriticPair(id, "What colour is the ring?", TaskType.OPEN_QUESTION,
                CriticImage.of("ab".repeat(32), "image/png", PNG), "The ring is red.", "The ring is blue.", null);
    }

    static OpenAiSettings settings(ReplayServer server) {
        return OpenAiSettings.defaults(server.baseUrl(), "lmms-lab/llava-critic-7b", KEY)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(800))
                .withRetries(3, Duration.ofMillis(10), Duration.ofSeconds(5));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            The first response correctly names the colour. The better response: [The first response]        | A        | 1
            Both mention a ring, but only one colour is right.\\nThe better response: [second]              | B        | 1
            The second response is wrong about the colour, so the first response is better.               | A        | 1
            The first response is better at grammar. However, the second response is much better overall. | B        | 2
            Two responses are equally good.                                                                 | TIE      | 1
            Neither names the right colour; the two responses are equally bad.                              | BOTH_BAD | 1
            Assistant A is right. [[A>>B]]                                                                  | A        | 2
            Close call. [[B>A]]                                                                             | B        | 1
            My final verdict is tie: [[C]]                                                                  | TIE      | 1
            [[A]]                                                                                           | A        | 1
            8 3\\nAssistant 1 identifies the colour; Assistant 2 does not.                                  | A        | 1
            First response: 3/10\\nSecond response: 9/10                                                   | B        | 1
            """)
    void everyVerdictStyleIsRead(String output, Verdict expected, int strength) throws Exception {
        try (ReplayServer server = new ReplayServer(Reply.completion(output.replace("\\n", "\n")))) {
            CriticVerdict v = new OpenAiCritic(settings(server)).judge(pair("c1"));
            assertThat(v.verdict()).isEqualTo(expected);
            assertThat(v.strength()).isEqualTo(strength);
            assertThat(v.usage()).isEqualTo(new Usage(900, 60));
            assertThat(v.rationale()).isEqualTo(output.replace("\\n", "\n"));
        }
    }

    @Test
    void pointwiseScoresEachAnswerAndCompares() throws Exception {
        try (ReplayServer server = new ReplayServer(Reply.completion("Accurate colour. Final Score: 85"),
                Reply.completion("The ring is red, not blue. Final Score: 40"))) {
            OpenAiCritic critic = new OpenAiCritic(settings(server).withPointwise(true));
            CriticVerdict v = critic.judge(pair("c1"));
            assertThat(v.verdict()).isEqualTo(Verdict.A);
            assertThat(v.strength()).isEqualTo(2);
            assertThat(server.requests()).hasSize(2);
            assertThat(text(server.requests().get(0))).contains("The LMM response: [The ring is red.]");
            assertThat(critic.identity().templateVersion()).isEqualTo("llava-critic-1-pointwise");
        }
    }

    @Test
    void theRequestSpeaksTheWireFormatWithTheImageAsADataUrl() throws Exception {
        try (ReplayServer server = new ReplayServer(Reply.completion("The better response: [The first response]"))) {
            OpenAiSettings settings = settings(server);
            new OpenAiCritic(settings).judge(pair("c1"));
            ReplayServer.Seen request = server.requests().get(0);
            JsonNode body = JSON.readTree(request.body());
            assertThat(body.path("model").asText()).isEqualTo("lmms-lab/llava-critic-7b");
            assertThat(body.path("temperature").asDouble()).isZero();
            JsonNode content = body.path("messages").path(0).path("content");
            assertThat(body.path("messages").path(0).path("role").asText()).isEqualTo("user");
            assertThat(content.path(0).path("type").asText()).isEqualTo("image_url");
            assertThat(content.path(0).path("image_url").path("url").asText())
                    .isEqualTo("data:image/png;base64," + Base64.getEncoder().encodeToString(PNG));
            assertThat(content.path(1).path("text").asText()).isEqualTo(TemplateSet.llavaCritic().pairwise()
                    .replace("{question}", "What colour is the ring?").replace("{first}", "The ring is red.")
                    .replace("{second}", "The ring is blue."));
            assertThat(request.headers().get("Authorization")).containsExactly("Bearer " + KEY);
            assertThat(settings.toString()).doesNotContain(KEY).contains("apiKey=(set)");
        }
    }

    @Test
    void aMalformedVerdictIsNotRetried() throws Exception {
        try (ReplayServer server = new ReplayServer(Reply.completion("I cannot judge images of rings."))) {
            assertReason(server, CriticException.Reason.MALFORMED_VERDICT, "no verdict in the critic's output");
            assertThat(server.requests()).hasSize(1);
        }
        try (ReplayServer server = new ReplayServer(new Reply(200, java.util.Map.of(), "<html>proxy error</html>", 0))) {
            assertReason(server, CriticException.Reason.MALFORMED_VERDICT, "not JSON");
        }
    }

    @Test
    void aServerErrorIsRetriedAndThenJudged() throws Exception {
        try (ReplayServer server = new ReplayServer(Reply.error(500, "CUDA out of memory"),
                Reply.completion("The better response: [The second response]"))) {
            assertThat(new OpenAiCritic(settings(server)).judge(pair("c1")).verdict()).isEqualTo(Verdict.B);
            assertThat(server.requests()).hasSize(2);
        }
    }

    @Test
    void aServerThatKeepsFailingEndsUnavailableAfterEveryAttempt() throws Exception {
        try (ReplayServer server = new ReplayServer(Reply.error(503, "overloaded"))) {
            assertReason(server, CriticException.Reason.UNAVAILABLE, "HTTP 503");
            assertThat(server.requests()).hasSize(3);
        }
    }

    @Test
    void tooManyRequestsWaitsAsLongAsRetryAfterSays() throws Exception {
        try (ReplayServer server = new ReplayServer(Reply.error(429, "slow down").withHeader("Retry-After", "1"),
                Reply.completion("[[A>B]]"))) {
            assertThat(new OpenAiCritic(settings(server)).judge(pair("c1")).verdict()).isEqualTo(Verdict.A);
            List<ReplayServer.Seen> seen = server.requests();
            assertThat(seen).hasSize(2);
            // The backoff alone would wait about 10 ms; Retry-After asked for a second.
            assertThat(Duration.ofNanos(seen.get(1).atNanos() - seen.get(0).atNanos())).isGreaterThan(Duration.ofMillis(900));
        }
    }

    @Test
    void aSlowResponseTimesOutAndIsRetried() throws Exception {
        try (ReplayServer server = new ReplayServer(Reply.completion("[[A]]").delayed(2000), Reply.completion("[[B]]"))) {
            assertThat(new OpenAiCritic(settings(server)).judge(pair("c1")).verdict()).isEqualTo(Verdict.B);
            assertThat(server.requests()).hasSize(2);
        }
        try (ReplayServer server = new ReplayServer(Reply.completion("[[A]]").delayed(2000))) {
            assertReason(server, CriticException.Reason.TIMEOUT, "within 800 ms");
            assertThat(server.requests()).hasSize(3);
        }
    }

    @Test
    void aClientErrorIsRejectedAtOnce() throws Exception {
        try (ReplayServer server = new ReplayServer(Reply.error(400, "image too large"))) {
            assertReason(server, CriticException.Reason.REJECTED, "HTTP 400");
            assertThat(server.requests()).hasSize(1);
        }
    }

    @Test
    void aRepeatedPairComesFromTheCacheAndCostsNothing() throws Exception {
        try (ReplayServer server = new ReplayServer(Reply.completion("[[A]]"))) {
            OpenAiCritic critic = new OpenAiCritic(settings(server));
            assertThat(critic.judge(pair("c1")).usage().totalTokens()).isEqualTo(960);
            CriticVerdict again = critic.judge(pair("c1-again"));
            assertThat(again.verdict()).isEqualTo(Verdict.A);
            assertThat(again.usage()).isEqualTo(Usage.NONE);
            assertThat(server.requests()).hasSize(1);
            assertThat(critic.spent().totalTokens()).isEqualTo(960);
        }
    }

    @Test
    void aJobStopsAtItsTokenCap() throws Exception {
        try (ReplayServer server = new ReplayServer(Reply.completion("[[A]]", 60, 20))) {
            OpenAiCritic critic = new OpenAiCritic(settings(server).withTokenCap(150L));
            critic.judge(other("c1"));
            critic.judge(other("c2"));
            assertThatThrownBy(() -> critic.judge(other("c3"))).isInstanceOf(CriticException.class)
                    .hasMessageContaining("160 of its 150 tokens")
                    .satisfies(e -> assertThat(((CriticException) e).reason())
                            .isEqualTo(CriticException.Reason.BUDGET_EXHAUSTED));
            assertThat(server.requests()).hasSize(2);
        }
    }

    @Test
    void noMoreRequestsAreInFlightThanTheLimit() throws Exception {
        try (ReplayServer server = new ReplayServer(Reply.completion("[[A]]").delayed(200))) {
            OpenAiCritic critic = new OpenAiCritic(settings(server).withLimits(2, 1000));
            ExecutorService pool = Executors.newFixedThreadPool(6);
            List<Future<CriticVerdict>> futures = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String id = "c" + i;
                futures.add(pool.submit(() -> critic.judge(other(id))));
            }
            for (Future<CriticVerdict> f : futures) {
                assertThat(f.get().verdict()).isEqualTo(Verdict.A);
            }
            pool.shutdown();
            assertThat(server.requests()).hasSize(6);
            assertThat(server.maxInFlight()).isEqualTo(2);
        }
    }

    @Test
    void aCustomTemplateSetIsCheckedForItsPlaceholders(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("t.json");
        java.nio.file.Files.writeString(file, "{\"name\":\"mine\",\"version\":\"2\",\"pairwise\":\"Q {question} A {first}\","
                + "\"pointwise\":\"{question} {answer}\"}");
        assertThatThrownBy(() -> TemplateSet.load(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("t.json").hasMessageContaining("pairwise").hasMessageContaining("{second}");
    }

    /** A pair with its own answers, so that the cache does not answer it. */
    static CriticPair other(String id) {
        CriticPair p = pair(id);
        return new CriticPair(id, p.prompt(), p.taskType(), p.image(), "Answer " + id, p.second(), null);
    }

    static void assertReason(ReplayServer server, CriticException.Reason reason, String message) {
        assertThatThrownBy(() -> new OpenAiCritic(settings(server)).judge(pair("c1")))
                .isInstanceOf(CriticException.class).hasMessageContaining(message)
                .satisfies(e -> assertThat(((CriticException) e).reason()).isEqualTo(reason));
    }

    static String text(ReplayServer.Seen seen) throws Exception {
        return JSON.readTree(seen.body()).path("messages").path(0).path("content").path(1).path("text").asText();
    }
}
