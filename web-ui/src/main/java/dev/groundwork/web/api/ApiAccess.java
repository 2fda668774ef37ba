package dev.groundwork.web.api;

import dev.groundwork.web.security.Roles;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * Who may call which route of the API, the same with a bearer token (BearerSecurityConfiguration) as with a browser
 * session (SecurityConfiguration). The table in docs/api.md says the same; the role matrix test checks every
 * documented route against it. The OpenAPI document is public, its Swagger UI is for signed-in users; a route not
 * named here is refused.
 *
 * <ul>
 *   <li>people read datasets, items, answers and images as the views let them; reviewers and admins also read
 *       comparisons, judgments, agreement, training runs, checkpoints and reports;
 *   <li>admins and a pipeline's service account ({@value Roles#PIPELINE}) import and export datasets, push answers,
 *       create and assign comparisons and read the preferences stream;
 *   <li>an external judge's service account ({@value Roles#JUDGE}) only posts judgments;
 *   <li>the trainer's service account ({@value Roles#TRAINER}) only reads images.
 * </ul>
 */
public final class ApiAccess {

    private ApiAccess() {}

    private static final String[] PEOPLE_AND_PIPELINE = {Roles.ANNOTATOR, Roles.REVIEWER, Roles.ADMIN, Roles.PIPELINE};
    private static final String[] REVIEWERS = {Roles.REVIEWER, Roles.ADMIN};
    private static final String[] REVIEWERS_AND_PIPELINE = {Roles.REVIEWER, Roles.ADMIN, Roles.PIPELINE};
    private static final String[] WRITERS = {Roles.ADMIN, Roles.PIPELINE};

    public static void rules(AuthorizeHttpRequestsConfigurer<?>.AuthorizationManagerRequestMatcherRegistry rules) {
        String v1 = ApiPaths.V1;
        String dataset = v1 + "/datasets/*";
        rules.requestMatchers(HttpMethod.GET, ApiPaths.OPENAPI, ApiPaths.OPENAPI + "/**").permitAll()
                .requestMatchers(HttpMethod.GET, ApiPaths.SWAGGER_UI, ApiPaths.SWAGGER_RESOURCES).authenticated()
                // images: whoever reads items, and the trainer
                .requestMatchers(HttpMethod.GET, v1 + "/images/*").hasAnyRole(
                        Roles.ANNOTATOR, Roles.REVIEWER, Roles.ADMIN, Roles.PIPELINE, Roles.TRAINER)
                // dataset-level writes and reads of what people do with them
                .requestMatchers(HttpMethod.POST, v1 + "/datasets").hasAnyRole(WRITERS)
                .requestMatchers(HttpMethod.GET, v1 + "/imports", v1 + "/imports/*").hasAnyRole(WRITERS)
                .requestMatchers(HttpMethod.GET, dataset + "/export").hasAnyRole(WRITERS)
                .requestMatchers(HttpMethod.GET, dataset + "/preferences").hasAnyRole(WRITERS)
                .requestMatchers(HttpMethod.POST, dataset + "/answers").hasAnyRole(WRITERS)
                .requestMatchers(HttpMethod.POST, dataset + "/comparisons").hasAnyRole(WRITERS)
                .requestMatchers(HttpMethod.POST, dataset + "/assignments").hasAnyRole(WRITERS)
                .requestMatchers(HttpMethod.GET, dataset + "/comparisons", dataset + "/comparisons/**")
                        .hasAnyRole(REVIEWERS_AND_PIPELINE)
                .requestMatchers(HttpMethod.GET, dataset + "/agreement").hasAnyRole(REVIEWERS)
                // datasets, items and answers
                .requestMatchers(HttpMethod.GET, v1 + "/datasets", v1 + "/datasets/**").hasAnyRole(PEOPLE_AND_PIPELINE)
                // judgments
                .requestMatchers(HttpMethod.GET, v1 + "/judgments").hasAnyRole(REVIEWERS)
                .requestMatchers(HttpMethod.POST, v1 + "/judgments").hasRole(Roles.JUDGE)
                // what the trainer reported: read-only
                .requestMatchers(HttpMethod.GET, v1 + "/training/**", v1 + "/reports", v1 + "/reports/**")
                        .hasAnyRole(REVIEWERS)
                .requestMatchers(v1, v1 + "/**").denyAll();
    }
}
