package dev.groundwork.deploy.keycloak;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * The confidential clients of the demo realm, each with a secret the launcher puts into the realm file in place of its
 * token: the web application's login and the three service accounts (client-credentials grant). The realm's public
 * client {@value KeycloakServer#CLI_CLIENT_ID} has no secret.
 */
public enum ConfidentialClient {
    /** The web application's browser login (authorization code flow). */
    WEB(KeycloakServer.CLIENT_ID, KeycloakServer.CLIENT_SECRET_TOKEN, "client-secret"),
    /** The trainer service: reads images, realm role {@value KeycloakServer#TRAINER_ROLE}. */
    TRAINER(KeycloakServer.TRAINER_CLIENT_ID, KeycloakServer.TRAINER_CLIENT_SECRET_TOKEN, "trainer-client-secret"),
    /** A team's pipeline: the API's datasets, answers, comparisons and preferences, realm role {@value KeycloakServer#PIPELINE_ROLE}. */
    PIPELINE(KeycloakServer.PIPELINE_CLIENT_ID, KeycloakServer.PIPELINE_CLIENT_SECRET_TOKEN, "pipeline-client-secret"),
    /** An external judge: only posts judgments, realm role {@value KeycloakServer#JUDGE_ROLE}. */
    JUDGE(KeycloakServer.JUDGE_CLIENT_ID, KeycloakServer.JUDGE_CLIENT_SECRET_TOKEN, "judge-client-secret");

    private final String clientId;
    private final String token;
    private final String option;

    ConfidentialClient(String clientId, String token, String option) {
        this.clientId = clientId;
        this.token = token;
        this.option = option;
    }

    public String clientId() {
        return clientId;
    }

    /** The text in the realm file that the launcher replaces with this client's secret. */
    public String token() {
        return token;
    }

    /** The launcher's command-line option that gives this secret ({@code --trainer-client-secret}), without dashes. */
    public String option() {
        return option;
    }

    /** A random secret for each client. */
    public static Map<ConfidentialClient, String> randomSecrets() {
        Map<ConfidentialClient, String> secrets = new EnumMap<>(ConfidentialClient.class);
        for (ConfidentialClient client : values()) {
            secrets.put(client, KeycloakServer.randomSecret());
        }
        return secrets;
    }

    /** A copy that has a valid secret for every client, or an exception naming the client whose secret is missing or bad. */
    static Map<ConfidentialClient, String> checked(Map<ConfidentialClient, String> secrets) {
        Map<ConfidentialClient, String> copy = new EnumMap<>(ConfidentialClient.class);
        for (ConfidentialClient client : values()) {
            String secret = secrets.get(client);
            if (secret == null || !secret.matches("[A-Za-z0-9._~-]{16,}")) {
                throw new IllegalArgumentException("the secret of " + client.clientId + " must be at least 16 characters of"
                        + " letters, digits and . _ ~ -");
            }
            copy.put(client, secret);
        }
        return Collections.unmodifiableMap(copy);
    }
}
