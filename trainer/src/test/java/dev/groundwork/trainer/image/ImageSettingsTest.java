package dev.groundwork.trainer.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.groundwork.deploy.keycloak.KeycloakServer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageSettingsTest {

    @TempDir Path tmp;

    @Test
    void an_empty_environment_but_the_secret_fetches_from_the_local_workbench_as_the_trainer() {
        ImageSettings s = ImageSettings.fromEnvironment(Map.of("GW_DATA_DIR", tmp.toString(),
                "GW_TRAINER_CLIENT_SECRET", "generated-by-gw-up-0123456789"));

        assertThat(s.directory()).isEmpty();
        assertThat(s.workbench()).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(s.issuer()).isEqualTo(URI.create("http://localhost:8180/realms/groundwork"));
        assertThat(s.clientId()).isEqualTo(KeycloakServer.TRAINER_CLIENT_ID);
        assertThat(s.clientSecret()).isEqualTo("generated-by-gw-up-0123456789");
        assertThat(s.cacheDir()).isEqualTo(Path.of(tmp + "/trainer/image-cache"));
        assertThat(s.cacheBytes()).isEqualTo(1L << 30);
        assertThat(s.resolver(Clock.systemUTC()).source()).isInstanceOf(HttpImageSource.class);
        assertThat(ClientCredentials.tokenEndpoint(s.issuer()))
                .isEqualTo(URI.create("http://localhost:8180/realms/groundwork/protocol/openid-connect/token"));
    }

    @Test
    void without_a_secret_nothing_is_fetched_over_http_and_the_message_names_the_variable() {
        ImageSettings s = ImageSettings.fromEnvironment(Map.of("GW_DATA_DIR", tmp.toString()));

        assertThatThrownBy(() -> s.resolver(Clock.systemUTC())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("GW_TRAINER_CLIENT_SECRET is not set").hasMessageContaining("GW_TRAINER_IMAGES_DIR");
    }

    @Test
    void an_images_directory_is_read_directly_and_the_secret_never_shows_in_to_string() {
        ImageSettings s = ImageSettings.fromEnvironment(Map.of("GW_TRAINER_IMAGES_DIR", tmp.toString(),
                "GW_TRAINER_CLIENT_SECRET", "very-secret-value", "GW_TRAINER_IMAGE_CACHE_BYTES", "1000"));

        ImageResolver resolver = s.resolver(Clock.systemUTC());
        assertThat(resolver.source()).isInstanceOf(DirectoryImageSource.class);
        assertThat(resolver.cache()).isEmpty();
        assertThat(s.cacheBytes()).isEqualTo(1000);
        assertThat(s.toString()).doesNotContain("very-secret-value");
    }
}
