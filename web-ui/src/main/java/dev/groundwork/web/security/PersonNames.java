package dev.groundwork.web.security;

import dev.groundwork.storage.judgment.Annotator;
import dev.groundwork.storage.judgment.AnnotatorRepository;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a person is shown wherever the workbench names one (audit log, review, agreement): people are
 * recorded by their Keycloak subject (a UUID; judgments, assignments) or, for some actions, their
 * user name; the annotator table, kept at each sign-in, gives both names. Known people are shown as
 * "Display Name (username)"; anything else (a critic's id, an unknown subject) as the id itself.
 * Looks each id up once per instance (one per view), from one read of the annotator table.
 */
public final class PersonNames {

    static final int PREFIX = 8;

    private final AnnotatorRepository annotators;
    private final Map<String, String> labels = new HashMap<>();
    private Map<String, Annotator> people; // null until the first lookup

    public PersonNames(AnnotatorRepository annotators) {
        this.annotators = annotators;
    }

    /** The label of a subject or user name. */
    public String of(String id) {
        return labels.computeIfAbsent(id, key -> label(key, person(key)));
    }

    /**
     * The annotator a subject (first) or a user name names. The whole annotator table (a team's people, a few
     * hundred rows) is read once, on the first lookup, instead of two queries per id: a grid row names several
     * people. An id it does not know (a critic, someone who signed in since) is looked up on its own.
     */
    private Optional<Annotator> person(String key) {
        if (people == null) {
            people = new HashMap<>();
            List<Annotator> all = annotators.findAll();
            all.forEach(a -> people.put(a.getSubject(), a));
            all.forEach(a -> a.getUsername().ifPresent(u -> people.putIfAbsent(u, a)));
        }
        Annotator known = people.get(key);
        return known != null ? Optional.of(known)
                : annotators.findBySubject(key).or(() -> annotators.findByUsername(key));
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
