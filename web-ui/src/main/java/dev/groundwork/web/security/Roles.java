package dev.groundwork.web.security;

/** The realm roles of the {@code groundwork} Keycloak realm, as the views name them. */
public final class Roles {
    public static final String ANNOTATOR = "annotator";
    public static final String REVIEWER = "reviewer";
    public static final String ADMIN = "admin";
    /**
     * The trainer service's account (a bearer token, never a browser session): may read images, nothing else. See
     * {@link BearerSecurityConfiguration}.
     */
    public static final String TRAINER = "trainer";

    private Roles() {}
}
