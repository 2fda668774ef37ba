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

    /**
     * An external judge's service account (a bearer token): may only post judgments to the API, recorded as CRITIC
     * judgments with the account as their judge (docs/api.md).
     */
    public static final String JUDGE = "judge";

    /**
     * A team's pipeline's service account (a bearer token): datasets (read, import, export), answers, comparisons and
     * their assignments, and the preferences stream; nothing of people's views, judgments or agreement (docs/api.md).
     */
    public static final String PIPELINE = "pipeline";

    private Roles() {}
}
