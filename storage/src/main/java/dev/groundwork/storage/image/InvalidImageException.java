package dev.groundwork.storage.image;

/** The bytes are not an acceptable image; the message says why, in words for the user. */
public class InvalidImageException extends Exception {
    public InvalidImageException(String message) {
        super(message);
    }
}
