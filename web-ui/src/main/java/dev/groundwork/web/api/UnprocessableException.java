package dev.groundwork.web.api;

/** A well-formed request the domain refuses: answered 422, naming the field where one is to blame (null where none). */
public class UnprocessableException extends RuntimeException {

    private final String field;

    public UnprocessableException(String field, String reason) {
        super(reason);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
