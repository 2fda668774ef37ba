package dev.groundwork.storage.dataset.io;

import dev.groundwork.storage.dataset.ImportError;
import dev.groundwork.storage.dataset.ImportException;
import java.util.ArrayList;
import java.util.List;

/** Collects import problems; gives up once the cap is reached. */
public final class Problems {
    private final int cap;
    private final List<ImportError> errors = new ArrayList<>();

    public Problems(int cap) {
        this.cap = cap;
    }

    public void add(ImportError error) {
        errors.add(error);
        if (errors.size() >= cap) {
            throw new ImportException(errors);
        }
    }

    public void add(ImportException e) {
        for (ImportError error : e.errors()) {
            add(error);
        }
    }

    public int count() {
        return errors.size();
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new ImportException(errors);
        }
    }
}
