package dev.groundwork.web.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.storage.idempotency.IdempotencyKeys;
import dev.groundwork.storage.idempotency.StoredAnswer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * The {@code Idempotency-Key} of every POST of the API, in one place: the first request with a key is answered as
 * usual and its status and body are kept ({@link IdempotencyKeys}) under the caller and the key; a retry with the same
 * key and the same request (method, path, query and body) gets that answer again, with {@code Idempotent-Replayed:
 * true}, and creates nothing; the same key with a different request is a 422 problem. Answers of 500 and above are not
 * kept, so a retry after a server error runs again. Registered after Spring Security's filters ({@link ApiFilters}),
 * so that the caller is known, and after the body limit, so that the body it reads is bounded.
 */
public class IdempotencyFilter extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    static final int MAX_KEY_LENGTH = 200;

    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);

    private final IdempotencyKeys keys;
    private final ObjectMapper json;

    public IdempotencyFilter(IdempotencyKeys keys, ObjectMapper json) {
        this.keys = keys;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !ApiPaths.isApi(request) || !HttpMethod.POST.matches(request.getMethod()) || request.getHeader(HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER).strip();
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            Problems.write(response, json, Problems.of(HttpStatus.BAD_REQUEST, Optional.of(HEADER),
                    "must be 1 to " + MAX_KEY_LENGTH + " characters, e.g. a UUID"));
            return;
        }
        String caller = ApiCaller.actor();
        MessageDigest sha = digestOf(request);
        Optional<StoredAnswer> stored = keys.find(caller, key);
        if (stored.isPresent()) {
            Digesting.drain(request.getInputStream(), sha);
            replay(stored.get(), HexFormat.of().formatHex(sha.digest()), response);
            return;
        }
        // The body is hashed as the controller reads it, never held: a dataset upload may be hundreds of MiB.
        Digesting digesting = new Digesting(request, sha);
        ContentCachingResponseWrapper answer = new ContentCachingResponseWrapper(response);
        chain.doFilter(digesting, answer);
        String hash = digesting.finish();
        if (answer.getStatus() < 500) {
            try {
                keys.remember(caller, key, hash, answer.getStatus(), Optional.ofNullable(answer.getContentType()),
                        new String(answer.getContentAsByteArray(), StandardCharsets.UTF_8));
            } catch (DataIntegrityViolationException e) {
                log.warn("Idempotency-Key {} of {} was used by a concurrent request; the first answer is kept", key, caller);
            }
        }
        answer.copyBodyToResponse();
    }

    private void replay(StoredAnswer stored, String hash, HttpServletResponse response) throws IOException {
        if (!stored.getRequestHash().equals(hash)) {
            ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_ENTITY, "Idempotency-Key reused with a different request");
            problem.setProperty(Problems.FIELD, HEADER);
            Problems.write(response, json, problem);
            return;
        }
        response.setStatus(stored.getStatus());
        stored.getContentType().ifPresent(response::setContentType);
        response.setHeader(REPLAYED, "true");
        byte[] bytes = stored.getBody().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /**
     * SHA-256 of what makes two requests the same one: the method, the path with its query, and then the body, which
     * the caller adds as it streams by.
     */
    static MessageDigest digestOf(HttpServletRequest request) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String line = request.getMethod() + " " + request.getRequestURI()
                    + Optional.ofNullable(request.getQueryString()).map(q -> "?" + q).orElse("") + "\n";
            sha.update(line.getBytes(StandardCharsets.UTF_8));
            return sha;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The request whose body adds to the digest as it is read; {@link #finish} reads what the controller left. */
    private static final class Digesting extends HttpServletRequestWrapper {
        private final MessageDigest sha;
        private ServletInputStream stream;
        private BufferedReader reader;

        Digesting(HttpServletRequest request, MessageDigest sha) {
            super(request);
            this.sha = sha;
        }

        static void drain(java.io.InputStream in, MessageDigest sha) throws IOException {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
                sha.update(buffer, 0, n);
            }
        }

        /** The hash of the whole request, reading the body's rest (a refusal before the body was read still counts it). */
        String finish() throws IOException {
            drain(getInputStream(), sha);
            return HexFormat.of().formatHex(sha.digest());
        }

        @Override
        public synchronized ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream = new ServletInputStream() {
                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b != -1) {
                            sha.update((byte) b);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = in.read(b, off, len);
                        if (n > 0) {
                            sha.update(b, off, n);
                        }
                        return n;
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        throw new UnsupportedOperationException("the API reads request bodies blocking");
                    }
                };
            }
            return stream;
        }

        @Override
        public synchronized BufferedReader getReader() throws IOException {
            if (reader == null) {
                String charset = Optional.ofNullable(getCharacterEncoding()).orElse(StandardCharsets.UTF_8.name());
                reader = new BufferedReader(new InputStreamReader(getInputStream(), Charset.forName(charset)));
            }
            return reader;
        }
    }
}
