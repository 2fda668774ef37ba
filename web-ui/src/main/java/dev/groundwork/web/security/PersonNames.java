package dev.groundwork.web.security;

import dev.groundwork.storage.judgment.Annotator;
import dev.groundwork.storage.judgment.AnnotatorRepository;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How a person is shown wherever the workbench names one (audit log, review, agreement): people are
 * recorded by their Keycloak subject (a UUID; judgments, assignments) or, for some actions, their
 * user name; the annotator table, kept at each sign-in, gives both names. Known people are shown as
 * "Display Name (username)"; anything else (a critic's id, an unknown subject) as the id itself.
 * Looks each id up once per instance (one per view).
 */
public final class PersonNames {

    static final int PREFIX = 8;

    private final AnnotatorRepository annotators;
    private final Map<String, String> labels = new HashMap<>();

    public PersonNames(AnnotatorRepository annotators) {
        this.annotators = annotators;
    }

    /** The label of a subject or user name. */
    public String of(String id) {
        return labels.computeIfAbsent(id, key -> label(key,
                annotators.findBySubject(key).or(() -> annotators.findByUsername(key))));
    }

    static String label(String id, Optional<Annotator> person) {
        if (person.isEmpty()) {
            return id;
        }
        Optional<String> username = person.get().getUsername().map(String::strip).filter(n -> !n.isEmpty());
        return label(id, Optional.of(person.get().getDisplayName()), username);
    }

    /**
     * {@code "Display Name (username)"}; without a user name, {@code "Display Name (subject prefix…)"};
     * a name that is only the id again is left out.
     */
    public static String label(String id, Optional<String> displayName, Optional<String> username) {
        Optional<String> name = displayName.map(String::strip).filter(n -> !n.isEmpty());
        String handle = username.orElse(id.length() > PREFIX ? id.substring(0, PREFIX) + "…" : id);
        if (name.isEmpty() || name.get().equals(handle) || name.get().equals(id)) {
            return username.orElse(id);
        }
        return name.get() + " (" + handle + ")";
    }
}
