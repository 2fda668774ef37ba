package dev.groundwork.web.cli;

import dev.groundwork.storage.local.DataDirectory;
import java.nio.file.Path;

/**
 * The secrets of the Keycloak that {@code gw up} runs, generated on its first start and kept, owner-only, in the data
 * directory's {@code secrets/}: the master realm's admin password and the secrets of the {@code groundwork-web} and
 * {@code groundwork-trainer} clients.
 *
 * @param generated whether any of them was made just now (Keycloak's demo database must then be imported afresh)
 */
record DemoKeycloakSecrets(String adminPassword, String clientSecret, String trainerClientSecret, Path directory,
        boolean generated) {

    static final String ADMIN_USER = "admin";
    static final String ADMIN_PASSWORD = "keycloak-admin-password";
    static final String CLIENT_SECRET = "oidc-client-secret";
    static final String TRAINER_CLIENT_SECRET = "trainer-client-secret";

    /** The data directory's secrets, generating those it lacks. */
    static DemoKeycloakSecrets of(DataDirectory data) {
        boolean generated = data.existingSecret(ADMIN_PASSWORD).isEmpty() || data.existingSecret(CLIENT_SECRET).isEmpty()
                || data.existingSecret(TRAINER_CLIENT_SECRET).isEmpty();
        return new DemoKeycloakSecrets(data.secret(ADMIN_PASSWORD), data.secret(CLIENT_SECRET),
                data.secret(TRAINER_CLIENT_SECRET), data.secretFile(ADMIN_PASSWORD).getParent(), generated);
    }

    Path adminPasswordFile() {
        return directory.resolve(ADMIN_PASSWORD);
    }

    @Override
    public String toString() {
        return "DemoKeycloakSecrets[directory=" + directory + ", generated=" + generated + "]";
    }
}
