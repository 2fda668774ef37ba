package dev.groundwork.deploy.keycloak;

/**
 * The demo users of {@code deploy/keycloak/groundwork-realm.json}: fixed Keycloak ids (the
 * {@code sub} claim, which Groundwork stores as the annotator's subject), one realm role each, and
 * the documented demo password, which equals the user name.
 */
enum DemoUsers {
    ANNOTATOR1("a1583248-da10-4c43-9628-9736ea6e8270", "annotator"),
    ANNOTATOR2("24090731-8ab1-42a8-bd5d-6b2531f0505d", "annotator"),
    ANNOTATOR3("65acf492-c4d8-4e57-bb9a-ec391b9eb1b2", "annotator"),
    REVIEWER1("d40a0d6a-a76f-4213-bf9b-d7724bda0554", "reviewer"),
    ADMIN("dcf31f64-806f-46e0-92d4-2130bb77bb09", "admin");

    private final String id;
    private final String role;

    DemoUsers(String id, String role) {
        this.id = id;
        this.role = role;
    }

    String username() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    String password() {
        return username();
    }

    String id() {
        return id;
    }

    String role() {
        return role;
    }
}
