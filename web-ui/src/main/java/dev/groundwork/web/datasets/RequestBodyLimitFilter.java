package dev.groundwork.web.datasets;

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
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * No request body over the upload limit ({@code groundwork.web.max-upload-bytes}, plus {@value #FRAMING_BYTES} bytes
 * for the multipart framing around the file) is read, on any path, signed in or not: one that announces a larger
 * {@code Content-Length} is answered 413 before a byte of it is read, and one that does not announce its length
 * (chunked) is cut off at the limit — the reader (Vaadin's upload handler, {@link DatasetUpload}) gets a
 * {@link BodyTooLargeException} and keeps nothing — and answered 413 if no answer was started. Each refusal is logged
 * with the user, when the request belongs to a signed-in session, and the client's address.
 *
 * <p>Runs ahead of Spring Security and Vaadin: a body over the limit is never accepted anywhere, so there is nothing
 * to authenticate first.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class RequestBodyLimitFilter extends OncePerRequestFilter {

    /** Room for the multipart boundaries and part headers around a file of the largest allowed size. */
    static final long FRAMING_BYTES = 64 * 1024;

    private static final Logger log = LoggerFactory.getLogger(RequestBodyLimitFilter.class);

    private final long maxUploadBytes;
    private final long maxBodyBytes;
    private final HttpSessionSecurityContextRepository sessions = new HttpSessionSecurityContextRepository();

    public RequestBodyLimitFilter(@Value("${groundwork.web.max-upload-bytes:536870912}") long maxUploadBytes) {
        if (maxUploadBytes <= 0) {
            throw new IllegalArgumentException("groundwork.web.max-upload-bytes must be positive, was " + maxUploadBytes);
        }
        this.maxUploadBytes = maxUploadBytes;
        this.maxBodyBytes = maxUploadBytes + FRAMING_BYTES;
    }

    /** Thrown by a cut-off request body's stream once more than the limit was sent. */
    public static final class BodyTooLargeException extends IOException {
        BodyTooLargeException(long limit) {
            super("the request body is larger than the upload limit of " + DatasetUpload.size(limit));
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBodyBytes) {
            refuse(request, response, "announced " + declared + " bytes");
            return;
        }
        if (declared >= 0) {
            chain.doFilter(request, response); // the container reads no more than the Content-Length
            return;
        }
        LimitedRequest limited = new LimitedRequest(request, maxBodyBytes);
        try {
            chain.doFilter(limited, response);
        } catch (IOException | ServletException | RuntimeException e) {
            if (!limited.cutOff) {
                throw e;
            }
        }
        if (limited.cutOff) {
            refuse(request, response, "sent more than " + maxBodyBytes + " bytes without announcing a length");
        }
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String what) throws IOException {
        log.warn("refused a request body over the upload limit of {}: {} {} by {} from {} {}", DatasetUpload.size(maxUploadBytes),
                request.getMethod(), request.getRequestURI(), user(request), request.getRemoteAddr(), what);
        if (response.isCommitted()) {
            return;
        }
        response.reset();
        response.setStatus(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
        // The rest of the body is not read: close the connection instead of draining it.
        response.setHeader("Connection", "close");
        response.setContentType("text/plain;charset=UTF-8");
        response.getWriter().println("The upload is larger than the limit of " + DatasetUpload.size(maxUploadBytes)
                + "; nothing was kept.");
    }

    /** The signed-in user of the request's session (read without creating one), else "an anonymous client". */
    private String user(HttpServletRequest request) {
        return Optional.ofNullable(sessions.loadDeferredContext(request).get().getAuthentication())
                .filter(Authentication::isAuthenticated).map(a -> "user '" + a.getName() + "'").orElse("an anonymous client");
    }

    /** The request with a body stream that stops at {@code limit} bytes. */
    private static final class LimitedRequest extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;
        volatile boolean cutOff;

        LimitedRequest(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedStream(super.getInputStream());
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            Charset charset = Optional.ofNullable(getCharacterEncoding()).map(Charset::forName).orElse(StandardCharsets.ISO_8859_1);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }

        private final class LimitedStream extends ServletInputStream {
            private final ServletInputStream in;
            private long count;

            LimitedStream(ServletInputStream in) {
                this.in = in;
            }

            @Override
            public int read() throws IOException {
                check(0);
                int b = in.read();
                if (b >= 0) {
                    check(1);
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                check(0);
                // never ask for more than one byte past the limit
                int n = in.read(buffer, offset, (int) Math.min(length, limit - count + 1));
                if (n > 0) {
                    check(n);
                }
                return n;
            }

            private void check(int read) throws BodyTooLargeException {
                count += read;
                if (count > limit) {
                    cutOff = true;
                    throw new BodyTooLargeException(limit);
                }
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
                in.setReadListener(listener);
            }
        }
    }
}
