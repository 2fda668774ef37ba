package dev.groundwork.web.api;

/** A resource of the API that does not exist: answered 404 with the message. */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
