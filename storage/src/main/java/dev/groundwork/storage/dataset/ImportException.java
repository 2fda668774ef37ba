package dev.groundwork.storage.dataset;

import java.util.List;

/** The import was refused; nothing was written. Holds every problem found (up to a cap). */
public class ImportException extends RuntimeException {

    private final List<ImportError> errors;

    public ImportException(List<ImportError> errors) {
        super(summary(errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an import failure needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    public ImportException(ImportError error) {
        this(List.of(error));
    }

    public List<ImportError> errors() {
        return errors;
    }

    private static String summary(List<ImportError> errors) {
        if (errors.isEmpty()) {
            return "import refused";
        }
        String first = errors.get(0).toString();
        return errors.size() == 1 ? first : first + " (and " + (errors.size() - 1) + " more problems)";
    }
}
