package dev.groundwork.web.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.groundwork.annotation.judgment.JudgmentRejectedException;
import dev.groundwork.storage.dataset.AnswerRejectedException;
import dev.groundwork.storage.dataset.DatasetNotFoundException;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the API as RFC 9457 {@code application/problem+json}: Spring MVC's own (unknown route, wrong method,
 * missing parameter) through {@link ResponseEntityExceptionHandler}, and the API's with the field at fault. Only the
 * API's controllers are advised; the workbench's other endpoints answer as before.
 */
@RestControllerAdvice(basePackageClasses = ApiExceptionHandler.class)
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = e.getCause() instanceof JsonProcessingException json
                ? fromJson(json)
                : Problems.of(HttpStatus.BAD_REQUEST, "the request needs a JSON body");
        return ResponseEntity.badRequest().body(problem);
    }

    private static ProblemDetail fromJson(JsonProcessingException e) {
        JsonProblems.Problem found = JsonProblems.of(e);
        return Problems.of(HttpStatus.BAD_REQUEST, found.field(), found.reason());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        String reason = "'" + e.getValue() + "' is not " + Optional.<Class<?>>ofNullable(e.getRequiredType())
                .map(JsonProblems::expected).orElse("a value it accepts");
        return Problems.of(HttpStatus.BAD_REQUEST, Optional.of(e.getName()), reason);
    }

    @ExceptionHandler(BadRequestException.class)
    ProblemDetail badRequest(BadRequestException e) {
        return Problems.of(HttpStatus.BAD_REQUEST, Optional.of(e.field()), e.getMessage());
    }

    @ExceptionHandler(DatasetNotFoundException.class)
    ProblemDetail notFound(DatasetNotFoundException e) {
        return Problems.of(HttpStatus.NOT_FOUND, e.getMessage());
    }

    /** A judgment the judgment service refuses: no such comparison, a tag on another response, a span outside it. */
    @ExceptionHandler(JudgmentRejectedException.class)
    ProblemDetail judgmentRejected(JudgmentRejectedException e) {
        return Problems.of(HttpStatus.UNPROCESSABLE_ENTITY, e.getMessage());
    }

    /** Answers the dataset refuses: no such item, a text over the limit, an external id the item has. */
    @ExceptionHandler(AnswerRejectedException.class)
    ProblemDetail answerRejected(AnswerRejectedException e) {
        return Problems.of(HttpStatus.UNPROCESSABLE_ENTITY, Optional.of(e.field()), e.getMessage());
    }

    /** A request the domain refuses as it stands (an unknown annotator, an overlap larger than the annotators). */
    @ExceptionHandler(UnprocessableException.class)
    ProblemDetail unprocessable(UnprocessableException e) {
        return Problems.of(HttpStatus.UNPROCESSABLE_ENTITY, Optional.ofNullable(e.field()), e.getMessage());
    }

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return Problems.of(HttpStatus.NOT_FOUND, e.getMessage());
    }
}
