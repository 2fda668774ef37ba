package dev.groundwork.web.api;

/** A request the API refuses with 400, naming the field (a body field, a query parameter) and the reason. */
public class BadRequestException extends RuntimeException {

    private final String field;

    public BadRequestException(String field, String reason) {
        super(reason);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
