package dev.groundwork.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.web.EmbeddedDefaults;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The production profile over the embedded defaults, as the web application resolves them: Secure
 * session cookie and forwarded headers with {@code prod}, neither without it.
 */
class ProductionProfileTest {

    /** No beans: only the environment (defaults, profile files) is under test. */
    static final class Nothing {}

    private static String resolved(String property, String... profiles) {
        SpringApplication app = new SpringApplication(Nothing.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setDefaultProperties(EmbeddedDefaults.web());
        app.setAdditionalProfiles(profiles);
        app.setLogStartupInfo(false);
        // An in-memory database URL: the embedded file database's guard (which creates ./data) stays out of it.
        try (ConfigurableApplicationContext ctx = app.run("--spring.main.banner-mode=off",
                "--spring.datasource.url=jdbc:h2:mem:prod-profile-test")) {
            return ctx.getEnvironment().getProperty(property, "(unset)");
        }
    }

    @Test
    void the_prod_profile_marks_the_session_cookie_secure_and_honours_forwarded_headers() {
        assertThat(resolved("server.servlet.session.cookie.secure", "prod")).isEqualTo("true");
        assertThat(resolved("server.forward-headers-strategy", "prod")).isEqualTo("native");
        assertThat(resolved("server.servlet.session.cookie.http-only", "prod")).isEqualTo("true");
        assertThat(resolved("server.servlet.session.cookie.same-site", "prod")).isEqualTo("lax");
    }

    @Test
    void without_it_the_cookie_is_not_marked_secure_and_forwarded_headers_are_ignored() {
        assertThat(resolved("server.servlet.session.cookie.secure")).isEqualTo("(unset)");
        assertThat(resolved("server.forward-headers-strategy")).isEqualTo("(unset)");
    }
}
