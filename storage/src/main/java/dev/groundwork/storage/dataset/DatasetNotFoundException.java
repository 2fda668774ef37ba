package dev.groundwork.storage.dataset;

/** No dataset has that name. */
public class DatasetNotFoundException extends RuntimeException {
    public DatasetNotFoundException(String name) {
        super("no dataset named '" + name + "'");
    }
}
