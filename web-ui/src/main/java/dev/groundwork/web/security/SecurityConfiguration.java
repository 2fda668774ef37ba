package dev.groundwork.web.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import dev.groundwork.web.api.ApiAccess;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Single sign-on through Keycloak (OpenID Connect authorization code flow) and the role rules of
 * every HTTP endpoint. Vaadin views carry their own {@code @RolesAllowed}, checked on the server by
 * Vaadin's navigation access control on every navigation.
 */
@Configuration
@EnableWebSecurity
public class SecurityConfiguration {

    /** Where an anonymous user is sent: Spring Security's start of the Keycloak login. */
    public static final String LOGIN_URL = "/oauth2/authorization/keycloak";

    /** A report's HTML, shown by the Reports view in an iframe (see ReportEndpoint). */
    static final String REPORT_HTML = "/api/reports/*/report.html";

    private static final String CSP = "Content-Security-Policy";

    /**
     * Spring Boot Actuator's probes and Prometheus scrape (docs/operations.md): open to anyone who can reach the
     * port, as a kubelet and Prometheus must; they show states and counts, never data.
     */
    public static final String[] OPS_ENDPOINTS = {"/actuator/health", "/actuator/health/**", "/actuator/prometheus"};

    @Bean
    SecurityFilterChain filterChain(HttpSecurity http, ObjectMapper json) throws Exception {
        // Page loads of the views are checked here too, so a refused view is an HTTP 403 before any
        // Vaadin code runs; in-app navigation is checked by Vaadin against the same roles.
        http.authorizeHttpRequests(rules -> rules.requestMatchers(OPS_ENDPOINTS).permitAll());
        http.authorizeHttpRequests(ApiAccess::rules);
        http.authorizeHttpRequests(rules -> rules
                .requestMatchers("/images/**").hasAnyRole(Roles.ANNOTATOR, Roles.REVIEWER, Roles.ADMIN)
                .requestMatchers("/api/datasets/**").hasRole(Roles.ADMIN)
                .requestMatchers("/annotate", "/annotate/**").hasRole(Roles.ANNOTATOR)
                .requestMatchers("/review", "/review/**").hasAnyRole(Roles.REVIEWER, Roles.ADMIN)
                .requestMatchers("/reports", "/reports/**", "/api/reports/**").hasAnyRole(Roles.REVIEWER, Roles.ADMIN)
                .requestMatchers("/training", "/training/**").hasAnyRole(Roles.REVIEWER, Roles.ADMIN)
                .requestMatchers("/datasets", "/datasets/**", "/audit", "/audit/**", "/critic", "/critic/**", "/jobs",
                        "/jobs/**", "/dead-letters", "/dead-letters/**").hasRole(Roles.ADMIN));
        // Vaadin's defaults: its own resources open, CSRF for Vaadin requests, every other request
        // authenticated; anonymous users go to the Keycloak login, logout ends the Keycloak session too.
        http.with(VaadinSecurityConfigurer.vaadin(), vaadin -> vaadin.oauth2LoginPage(LOGIN_URL, "{baseUrl}"));
        // The API's data routes answer a refusal as problem+json (401 for an anonymous caller, not the login); the rest
        // as before: anonymous browsers to the login, a refused signed-in user 403.
        http.exceptionHandling(exceptions -> exceptions
                .authenticationEntryPoint(ApiRefusals.sessionEntryPoint(json, LOGIN_URL))
                .accessDeniedHandler(ApiRefusals.sessionAccessDenied(json)));
        // No page may be framed by another site; a report's HTML may be framed by the workbench's own Reports view.
        // The Content-Security-Policy says the same (frame-ancestors) for browsers that honour it over X-Frame-Options.
        RequestMatcher reportHtml = PathPatternRequestMatcher.withDefaults().matcher(REPORT_HTML);
        RequestMatcher notReportHtml = new NegatedRequestMatcher(reportHtml);
        http.headers(headers -> headers
                .frameOptions(frame -> frame.disable())
                .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(reportHtml,
                        new XFrameOptionsHeaderWriter(XFrameOptionsHeaderWriter.XFrameOptionsMode.SAMEORIGIN)))
                .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(notReportHtml,
                        new XFrameOptionsHeaderWriter(XFrameOptionsHeaderWriter.XFrameOptionsMode.DENY)))
                .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(reportHtml,
                        new StaticHeadersWriter(CSP, ContentSecurityPolicy.FRAMED_BY_SELF)))
                .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(notReportHtml,
                        new StaticHeadersWriter(CSP, ContentSecurityPolicy.PAGES)))
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    @Bean
    GrantedAuthoritiesMapper keycloakRoles() {
        return new KeycloakRoles();
    }
}
