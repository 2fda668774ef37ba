package dev.groundwork.web.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/** RFC 9457 problem details as the API answers them: a title, a detail for a person and, where one is to blame, the field. */
public final class Problems {

    /** The extension member naming the field of the request at fault ({@code items[2].verdict}, {@code limit}). */
    public static final String FIELD = "field";

    private Problems() {}

    public static ProblemDetail of(HttpStatus status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(status.getReasonPhrase());
        return problem;
    }

    public static ProblemDetail of(HttpStatus status, Optional<String> field, String reason) {
        ProblemDetail problem = of(status, field.map(f -> f + ": " + reason).orElse(reason));
        field.ifPresent(f -> problem.setProperty(FIELD, f));
        return problem;
    }

    /** Writes a problem from a servlet filter, ahead of Spring MVC. */
    public static void write(HttpServletResponse response, ObjectMapper json, ProblemDetail problem) throws IOException {
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }
}
