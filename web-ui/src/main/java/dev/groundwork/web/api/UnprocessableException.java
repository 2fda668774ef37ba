package dev.groundwork.web.api;

/**
 * A well-formed request the domain refuses: answered 422 rather than 400, naming the field where one is to blame
 * (null where none).
 */
public class UnprocessableException extends BadRequestException {

    public UnprocessableException(String field, String reason) {
        super(field, reason);
    }
}
