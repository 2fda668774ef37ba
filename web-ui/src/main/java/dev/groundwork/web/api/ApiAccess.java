package dev.groundwork.web.api;

import dev.groundwork.web.security.Roles;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * Who may call which route of the API, the same with a bearer token (BearerSecurityConfiguration) as with a browser
 * session (SecurityConfiguration): the OpenAPI document is public, its Swagger UI is for signed-in users, reading
 * datasets is for the workbench's people, creating comparisons for admins (as in the Datasets view), reading judgments
 * for reviewers and admins, posting them for an external judge's service account; a route not named here is refused.
 */
public final class ApiAccess {

    private ApiAccess() {}

    public static void rules(AuthorizeHttpRequestsConfigurer<?>.AuthorizationManagerRequestMatcherRegistry rules) {
        rules.requestMatchers(HttpMethod.GET, ApiPaths.OPENAPI, ApiPaths.OPENAPI + "/**").permitAll()
                .requestMatchers(HttpMethod.GET, ApiPaths.SWAGGER_UI, ApiPaths.SWAGGER_RESOURCES).authenticated()
                .requestMatchers(HttpMethod.GET, ApiPaths.V1 + "/datasets", ApiPaths.V1 + "/datasets/**")
                        .hasAnyRole(Roles.ANNOTATOR, Roles.REVIEWER, Roles.ADMIN)
                .requestMatchers(HttpMethod.POST, ApiPaths.V1 + "/datasets/*/comparisons").hasRole(Roles.ADMIN)
                .requestMatchers(HttpMethod.GET, ApiPaths.V1 + "/judgments").hasAnyRole(Roles.REVIEWER, Roles.ADMIN)
                .requestMatchers(HttpMethod.POST, ApiPaths.V1 + "/judgments").hasRole(Roles.JUDGE)
                .requestMatchers(ApiPaths.V1, ApiPaths.V1 + "/**").denyAll();
    }
}
