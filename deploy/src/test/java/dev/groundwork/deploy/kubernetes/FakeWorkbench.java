package dev.groundwork.deploy.kubernetes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the workbench's API and Keycloak's token endpoint on 127.0.0.1, as far as the distributed engines'
 * export ({@code trl_dpo.py fetch}) uses them: the client-credentials grant of the pipeline account, the preferences
 * stream of one dataset (TRL rows with image URLs, docs/api.md) and the image route. The first token is refused by the
 * image route (an expired token), so the script must renew it.
 */
final class FakeWorkbench implements AutoCloseable {

    static final String DATASET = "demo-world";
    static final String SECRET = "pipeline-secret";
    static final byte[] IMAGE = "not really a PNG".getBytes(StandardCharsets.UTF_8);
    static final String SHA256 = sha256(IMAGE);

    private final HttpServer server;
    private final AtomicInteger tokens = new AtomicInteger();

    private FakeWorkbench(HttpServer server) {
        this.server = server;
    }

    static FakeWorkbench start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        FakeWorkbench fake = new FakeWorkbench(server);
        server.createContext("/realms/groundwork/protocol/openid-connect/token", fake::token);
        server.createContext("/api/v1/", fake::api);
        server.start();
        return fake;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int tokens() {
        return tokens.get();
    }

    /** What the stream answers: two rows of one image, as PreferencesApi writes them. */
    String rows() {
        String row = "{\"prompt\":[{\"role\":\"user\",\"content\":[{\"type\":\"image\"},{\"type\":\"text\",\"text\":\"Describe the image.\"}]}],"
                + "\"chosen\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"A red circle.\"}]}],"
                + "\"rejected\":[{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"A green triangle.\"}]}],"
                + "\"images\":[\"" + url() + "/api/v1/images/" + SHA256 + "\"]}\n";
        return row + row;
    }

    private void token(HttpExchange x) throws IOException {
        String form = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (!x.getRequestMethod().equals("POST") || !form.contains("grant_type=client_credentials")
                || !form.contains("client_id=groundwork-pipeline") || !form.contains("client_secret=" + SECRET)) {
            answer(x, 401, "{\"error\":\"unauthorized_client\"}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        answer(x, 200, ("{\"access_token\":\"t" + tokens.incrementAndGet() + "\",\"expires_in\":300}").getBytes(StandardCharsets.UTF_8));
    }

    private void api(HttpExchange x) throws IOException {
        String auth = x.getRequestHeaders().getFirst("Authorization");
        String path = x.getRequestURI().getRawPath();
        String query = x.getRequestURI().getRawQuery();
        if (auth == null || !auth.startsWith("Bearer t")) {
            answer(x, 401, new byte[0]);
        } else if (path.equals("/api/v1/datasets/" + DATASET + "/preferences")
                && "trl_style=conversational&allow_critic=false".equals(query)) {
            answer(x, 200, rows().getBytes(StandardCharsets.UTF_8));
        } else if (path.equals("/api/v1/images/" + SHA256)) {
            answer(x, auth.equals("Bearer t1") ? 401 : 200, auth.equals("Bearer t1") ? new byte[0] : IMAGE);
        } else {
            answer(x, 404, new byte[0]);
        }
    }

    private static void answer(HttpExchange x, int status, byte[] body) throws IOException {
        x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            x.getResponseBody().write(body);
        }
        x.close();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
