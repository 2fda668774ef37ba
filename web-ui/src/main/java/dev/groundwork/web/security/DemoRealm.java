package dev.groundwork.web.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo users of the {@code groundwork} realm kept in {@code deploy/keycloak/}: their fixed
 * Keycloak subjects let the demo data assign work to them before anyone has signed in. Service
 * accounts of clients are not demo users and are left out.
 */
public final class DemoRealm {

    /** The realm file on the classpath (the deploy module ships it). */
    public static final String RESOURCE = "keycloak/groundwork-realm.json";

    /**
     * A demo user; the password is the documented demo password of the realm file, the display name
     * its first and last name (as Keycloak puts them in the ID token's {@code name}).
     */
    public record User(String username, String subject, String password, List<String> roles, String displayName) {}

    private DemoRealm() {}

    public static List<User> users() {
        try (InputStream in = DemoRealm.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath (it comes with the deploy module)");
            }
            JsonNode realm = new ObjectMapper().readTree(in);
            List<User> users = new ArrayList<>();
            for (JsonNode u : realm.path("users")) {
                if (u.hasNonNull("serviceAccountClientId")) {
                    continue; // a client's service account (groundwork-trainer), not a person who signs in
                }
                String password = "";
                for (JsonNode c : u.path("credentials")) {
                    if ("password".equals(c.path("type").asText())) {
                        password = c.path("value").asText();
                    }
                }
                List<String> roles = new ArrayList<>();
                u.path("realmRoles").forEach(r -> roles.add(r.asText()));
                String username = u.path("username").asText();
                String name = (u.path("firstName").asText("") + " " + u.path("lastName").asText("")).strip();
                users.add(new User(username, u.path("id").asText(), password, List.copyOf(roles),
                        name.isEmpty() ? username : name));
            }
            return List.copyOf(users);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** The demo users holding {@code role}, in the order of the realm file. */
    public static List<User> withRole(String role) {
        return users().stream().filter(u -> u.roles().contains(role)).toList();
    }
}
