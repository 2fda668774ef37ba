package dev.groundwork.web.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The API's request body limit ({@code groundwork.api.max-body-size}, 1 MB by default), far below the upload limit
 * that {@code datasets.RequestBodyLimitFilter} keeps on every path. A body must announce its length: one larger than
 * the limit is answered 413, one sent in chunks without a {@code Content-Length} 411, both as problem+json and before
 * a byte of the body is read. Runs ahead of Spring Security: there is nothing to authenticate in a refused body.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 11)
public class ApiBodyLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;
    private final ObjectMapper json;

    public ApiBodyLimitFilter(ApiProperties properties, ObjectMapper json) {
        this.maxBytes = properties.maxBodySize().toBytes();
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // A dataset upload is bounded by the upload limit (datasets.RequestBodyLimitFilter, on every path) instead.
        return !ApiPaths.isApi(request) || ApiPaths.isDatasetUpload(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long declared = request.getContentLengthLong();
        boolean chunked = declared < 0 && request.getHeader("Transfer-Encoding") != null;
        if (declared > maxBytes) {
            response.setHeader("Connection", "close");
            Problems.write(response, json, Problems.of(HttpStatus.PAYLOAD_TOO_LARGE,
                    "the request body has " + declared + " bytes; the API takes at most " + maxBytes));
            return;
        }
        if (chunked) {
            response.setHeader("Connection", "close");
            Problems.write(response, json, Problems.of(HttpStatus.LENGTH_REQUIRED,
                    "the request body must announce its length (Content-Length); the API takes at most " + maxBytes + " bytes"));
            return;
        }
        chain.doFilter(request, response);
    }
}
