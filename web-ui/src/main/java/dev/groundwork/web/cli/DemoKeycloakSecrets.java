package dev.groundwork.web.cli;

import dev.groundwork.deploy.keycloak.ConfidentialClient;
import dev.groundwork.storage.local.DataDirectory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * The secrets of the Keycloak that {@code gw up} runs, generated on its first start and kept, owner-only, in the data
 * directory's {@code secrets/}: the master realm's admin password and the secret of each confidential client
 * ({@code groundwork-web}, {@code groundwork-trainer}, {@code groundwork-pipeline}, {@code groundwork-judge}).
 *
 * @param clientSecrets the secret of each confidential client
 * @param generated whether any of them was made just now (Keycloak's demo database must then be imported afresh)
 */
record DemoKeycloakSecrets(String adminPassword, Map<ConfidentialClient, String> clientSecrets, Path directory,
        boolean generated) {

    static final String ADMIN_USER = "admin";
    static final String ADMIN_PASSWORD = "keycloak-admin-password";
    static final String CLIENT_SECRET = "oidc-client-secret";

    DemoKeycloakSecrets {
        clientSecrets = Map.copyOf(clientSecrets);
    }

    /** The data directory's secrets, generating those it lacks. */
    static DemoKeycloakSecrets of(DataDirectory data) {
        boolean generated = data.existingSecret(ADMIN_PASSWORD).isEmpty()
                || Arrays.stream(ConfidentialClient.values()).anyMatch(c -> data.existingSecret(fileName(c)).isEmpty());
        Map<ConfidentialClient, String> secrets = new EnumMap<>(ConfidentialClient.class);
        for (ConfidentialClient client : ConfidentialClient.values()) {
            secrets.put(client, data.secret(fileName(client)));
        }
        return new DemoKeycloakSecrets(data.secret(ADMIN_PASSWORD), secrets, data.secretFile(ADMIN_PASSWORD).getParent(),
                generated);
    }

    /** The name of a client's secret file: {@value #CLIENT_SECRET} for the web login, else {@code <name>-client-secret}. */
    static String fileName(ConfidentialClient client) {
        return client == ConfidentialClient.WEB ? CLIENT_SECRET : client.option();
    }

    String clientSecret() {
        return clientSecrets.get(ConfidentialClient.WEB);
    }

    String trainerClientSecret() {
        return clientSecrets.get(ConfidentialClient.TRAINER);
    }

    Path adminPasswordFile() {
        return directory.resolve(ADMIN_PASSWORD);
    }

    /** Where a client's secret is kept. */
    Path secretFile(ConfidentialClient client) {
        return directory.resolve(fileName(client));
    }

    @Override
    public String toString() {
        return "DemoKeycloakSecrets[directory=" + directory + ", generated=" + generated + "]";
    }
}
