package dev.groundwork.web.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The head of the OpenAPI document springdoc generates from the API's controllers (served at
 * {@value ApiPaths#OPENAPI}): its title and the bearer scheme every route takes.
 */
@Configuration
public class ApiDocumentation {

    static final String BEARER = "keycloak";

    @Bean
    OpenAPI groundworkApi() {
        return new OpenAPI()
                .info(new Info().title("Groundwork API").version("1")
                        .description("Datasets, answers, comparisons and judgments of the Groundwork workbench. "
                                + "See docs/api.md."))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                        .description("An access token of the workbench's Keycloak realm")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }
}
