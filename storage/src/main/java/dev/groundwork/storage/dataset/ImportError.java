package dev.groundwork.storage.dataset;

/**
 * One problem found in a dataset, located by file and, where known, line and field.
 *
 * @param file path inside the dataset (or the dataset itself)
 * @param line 1-based line number, 0 when not line-based
 * @param field JSON field name, or null
 */
public record ImportError(String file, int line, String field, String message) {

    public static ImportError of(String file, String message) {
        return new ImportError(file, 0, null, message);
    }

    public static ImportError at(String file, int line, String field, String message) {
        return new ImportError(file, line, field, message);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(file);
        if (line > 0) {
            s.append(" line ").append(line);
        }
        if (field != null) {
            s.append(", field '").append(field).append('\'');
        }
        return s.append(": ").append(message).toString();
    }
}
