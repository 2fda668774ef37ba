package dev.groundwork.critic.openai;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local HTTP server that speaks the chat-completions wire format ({@code POST /v1/chat/completions}) and replays a
 * script: each request takes the next {@link Reply} (the last one repeats). It records every request body and header
 * and the most requests it saw in flight at once.
 */
final class ReplayServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One scripted answer: status, extra headers, body, and how long to wait before answering. */
    record Reply(int status, Map<String, String> headers, String body, long delayMs) {

        /** A 200 chat completion whose message content is {@code content}, with the given token usage. */
        static Reply completion(String content, int promptTokens, int completionTokens) {
            ObjectNode root = JSON.createObjectNode();
            root.put("id", "chatcmpl-replay");
            root.put("object", "chat.completion");
            ObjectNode choice = root.putArray("choices").addObject();
            choice.put("index", 0);
            choice.putObject("message").put("role", "assistant").put("content", content);
            choice.put("finish_reason", "stop");
            root.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                    .put("total_tokens", promptTokens + completionTokens);
            return new Reply(200, Map.of("Content-Type", "application/json"), root.toString(), 0);
        }

        static Reply completion(String content) {
            return completion(content, 900, 60);
        }

        static Reply error(int status, String message) {
            return new Reply(status, Map.of("Content-Type", "application/json"),
                    "{\"error\":{\"message\":\"" + message + "\",\"type\":\"server_error\"}}", 0);
        }

        Reply delayed(long ms) {
            return new Reply(status, headers, body, ms);
        }

        Reply withHeader(String name, String value) {
            Map<String, String> more = new java.util.HashMap<>(headers);
            more.put(name, value);
            return new Reply(status, more, body, delayMs);
        }
    }

    /** A request as the server saw it. */
    record Seen(String body, Map<String, List<String>> headers, long atNanos) {}

    private final HttpServer server;
    private final ConcurrentLinkedDeque<Reply> script = new ConcurrentLinkedDeque<>();
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    ReplayServer(Reply... replies) throws IOException {
        script.addAll(List.of(replies));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    List<Seen> requests() {
        return List.copyOf(seen);
    }

    int maxInFlight() {
        return maxInFlight.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(new Seen(body, Map.copyOf(exchange.getRequestHeaders()), System.nanoTime()));
            Reply reply = script.size() > 1 ? script.pollFirst() : script.peekFirst();
            if (reply.delayMs() > 0) {
                Thread.sleep(reply.delayMs());
            }
            reply.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up (read timeout): nothing to answer
        } finally {
            inFlight.decrementAndGet();
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
