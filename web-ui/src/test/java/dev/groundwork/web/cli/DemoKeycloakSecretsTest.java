package dev.groundwork.web.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.deploy.keycloak.ConfidentialClient;
import dev.groundwork.storage.local.DataDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoKeycloakSecretsTest {

    @TempDir Path tmp;

    @Test
    void the_first_start_generates_the_keycloak_secrets_owner_only_and_later_starts_reuse_them() throws Exception {
        Path data = tmp.resolve("data");
        DemoKeycloakSecrets first = DemoKeycloakSecrets.of(DataDirectory.open(data));

        assertThat(first.generated()).isTrue();
        List<String> all = new java.util.ArrayList<>(first.clientSecrets().values());
        all.add(first.adminPassword());
        assertThat(first.clientSecrets()).containsOnlyKeys(ConfidentialClient.values());
        assertThat(all)
                .doesNotHaveDuplicates().doesNotContain("admin", "groundwork-demo-secret", "groundwork-trainer-demo-secret")
                .allSatisfy(s -> assertThat(s).hasSizeGreaterThanOrEqualTo(40));
        assertThat(first.adminPasswordFile()).isEqualTo(data.resolve("secrets/keycloak-admin-password"));
        assertThat(Files.readString(first.adminPasswordFile()).strip()).isEqualTo(first.adminPassword());
        assertThat(first.secretFile(ConfidentialClient.PIPELINE)).isEqualTo(data.resolve("secrets/pipeline-client-secret"));
        assertThat(Files.readString(first.secretFile(ConfidentialClient.JUDGE)).strip())
                .isEqualTo(first.clientSecrets().get(ConfidentialClient.JUDGE));
        for (String name : List.of("keycloak-admin-password", "oidc-client-secret", "trainer-client-secret",
                "pipeline-client-secret", "judge-client-secret")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("secrets").resolve(name))))
                    .as(name).isEqualTo("rw-------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        assertThat(first.toString()).doesNotContain(first.adminPassword(), first.clientSecret());

        DemoKeycloakSecrets second = DemoKeycloakSecrets.of(DataDirectory.open(data));
        assertThat(second.generated()).isFalse();
        assertThat(second.adminPassword()).isEqualTo(first.adminPassword());
        assertThat(second.clientSecret()).isEqualTo(first.clientSecret());
        assertThat(second.clientSecrets()).isEqualTo(first.clientSecrets());

        // a data directory of an earlier version, without the judge's secret: it is generated, the realm imported afresh
        Files.delete(data.resolve("secrets/judge-client-secret"));
        DemoKeycloakSecrets third = DemoKeycloakSecrets.of(DataDirectory.open(data));
        assertThat(third.generated()).isTrue();
        assertThat(third.clientSecret()).isEqualTo(first.clientSecret());
        assertThat(third.clientSecrets().get(ConfidentialClient.JUDGE)).isNotEqualTo(first.clientSecrets().get(ConfidentialClient.JUDGE));
    }
}
