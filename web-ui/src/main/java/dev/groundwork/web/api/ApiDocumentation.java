package dev.groundwork.web.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The head of the OpenAPI document springdoc generates from the API's controllers (served at
 * {@value ApiPaths#OPENAPI}): its title, the bearer scheme every route takes and the Idempotency-Key of every POST.
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

    /** Every POST takes an {@value IdempotencyFilter#HEADER} ({@link IdempotencyFilter}), so every POST documents it. */
    @Bean
    OperationCustomizer idempotencyKeyHeader() {
        return (operation, handler) -> {
            if (handler.hasMethodAnnotation(PostMapping.class)) {
                operation.addParametersItem(new HeaderParameter().name(IdempotencyFilter.HEADER).required(false)
                        .schema(new StringSchema().maxLength(IdempotencyFilter.MAX_KEY_LENGTH))
                        .description("Any unique string (a UUID); a retry with the same key and the same request gets "
                                + "the first answer again, the same key with another request a 422"));
            }
            return operation;
        };
    }
}
