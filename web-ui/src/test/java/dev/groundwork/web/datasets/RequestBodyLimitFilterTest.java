package dev.groundwork.web.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The request body limit on a real Tomcat (Spring Boot's servlet web server with the filter bean as the workbench
 * registers it), driven through a raw socket so that the test decides how much of a body it sends. The endpoint
 * behind it stages the body the way the datasets view stages an upload ({@link DatasetUpload#stage}), with no limit
 * of its own, so that only the filter stands between a client and the disk.
 */
@SpringBootTest(classes = RequestBodyLimitFilterTest.Context.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"groundwork.web.max-upload-bytes=" + RequestBodyLimitFilterTest.LIMIT, "spring.main.banner-mode=off"})
@ExtendWith(OutputCaptureExtension.class)
class RequestBodyLimitFilterTest {

    static final long LIMIT = 1024 * 1024;
    private static final long BODY_LIMIT = LIMIT + RequestBodyLimitFilter.FRAMING_BYTES;

    @SpringBootConfiguration
    @ImportAutoConfiguration({PropertyPlaceholderAutoConfiguration.class, ServletWebServerFactoryAutoConfiguration.class, DispatcherServletAutoConfiguration.class,
            WebMvcAutoConfiguration.class})
    @Import({RequestBodyLimitFilter.class, Staging.class})
    static class Context {}

    /** Stages every POSTed body under its own temporary folder, as an upload is staged, and removes what it kept. */
    @RestController
    static class Staging {
        final Path root;
        final AtomicInteger calls = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Staging() throws IOException {
            root = Files.createTempDirectory("gw-body-limit-");
        }

        @PostMapping("/stage")
        String stage(HttpServletRequest request) throws IOException {
            calls.incrementAndGet();
            try {
                DatasetUpload.Staged staged = new DatasetUpload(Long.MAX_VALUE, new DatasetUploadTest.Outcomes(), root)
                        .stage("big.zip", request.getInputStream(), -1);
                staged.delete();
                return "staged " + staged.bytes() + " bytes";
            } catch (IOException e) {
                failure.set(e);
                throw e;
            }
        }
    }

    @LocalServerPort int port;
    @Autowired Staging staging;

    @Test
    void an_announced_oversize_body_is_answered_413_before_the_client_has_sent_a_tenth_of_it(CapturedOutput output)
            throws Exception {
        long announced = 600L * 1024 * 1024;
        int sent = 256 * 1024; // well under a tenth of the announced body
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /stage HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/zip\r\nContent-Length: "
                    + announced + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[sent]);
            out.flush();

            String response = readResponse(socket.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 413").containsIgnoringCase("connection: close")
                    .contains("larger than the limit of 1 MiB; nothing was kept");
        }
        assertThat(sent).isLessThan((int) (announced / 10));
        assertThat(staging.calls).as("the endpoint never saw the request").hasValue(0);
        assertThat(output).contains("refused a request body over the upload limit of 1 MiB: POST /stage by an anonymous client")
                .contains("announced " + announced + " bytes");
    }

    @Test
    void an_unannounced_chunked_body_is_cut_off_at_the_limit_with_nothing_kept(CapturedOutput output) throws Exception {
        long total = 16 * LIMIT;
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            CompletableFuture<String> response = CompletableFuture.supplyAsync(() -> {
                try {
                    return readResponse(socket.getInputStream());
                } catch (IOException e) {
                    return "read failed: " + e;
                }
            });
            OutputStream out = socket.getOutputStream();
            out.write("POST /stage HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/zip\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[16 * 1024];
            long written = 0;
            try {
                while (written < total && !response.isDone()) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    written += chunk.length;
                }
            } catch (IOException closedByTheServer) {
                // the server stopped reading and closed the connection
            }
            assertThat(response.get(10, TimeUnit.SECONDS)).startsWith("HTTP/1.1 413");
            assertThat(written).as("the client could not send the whole body").isLessThan(total);
        }
        assertThat(staging.calls).hasValue(1);
        assertThat(staging.failure.get()).isInstanceOf(RequestBodyLimitFilter.BodyTooLargeException.class);
        try (Stream<Path> kept = Files.list(staging.root)) {
            assertThat(kept).as("nothing was kept of the cut-off body").isEmpty();
        }
        assertThat(output).contains("POST /stage by an anonymous client")
                .contains("sent more than " + BODY_LIMIT + " bytes without announcing a length");
    }

    @Test
    void bodies_within_the_limit_pass_announced_or_chunked() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            int size = (int) LIMIT;
            out.write(("POST /stage HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + size + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[size]);
            out.flush();
            assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200").contains("staged " + size + " bytes");
        }
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            int size = (int) BODY_LIMIT;
            out.write("POST /stage HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.write((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[size]);
            out.write("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200").contains("staged " + size + " bytes");
        }
    }

    /** The response's status line, headers and body, up to the end of the stream or 64 KiB. */
    private static String readResponse(InputStream in) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        int filled = 0;
        int n;
        while (filled < buffer.length && (n = in.read(buffer, filled, buffer.length - filled)) != -1) {
            filled += n;
            String text = new String(buffer, 0, filled, StandardCharsets.ISO_8859_1);
            if (text.contains("\r\n\r\n") && (text.contains("nothing was kept") || text.contains("staged ")
                    || text.endsWith("\r\n0\r\n\r\n"))) {
                break;
            }
        }
        return new String(buffer, 0, filled, StandardCharsets.ISO_8859_1);
    }
}
