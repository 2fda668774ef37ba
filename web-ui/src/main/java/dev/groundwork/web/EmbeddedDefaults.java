package dev.groundwork.web;

import dev.groundwork.annotation.ops.LogFormat;
import dev.groundwork.storage.StorageDefaults;
import java.util.HashMap;
import java.util.Map;

/**
 * The embedded defaults of the command line and the web application; each can be overridden by the
 * environment (see docs/configuration.md).
 */
public final class EmbeddedDefaults {

    /** Database and image store: {@link StorageDefaults#PROPERTIES}. */
    public static final Map<String, Object> STORAGE = StorageDefaults.PROPERTIES;

    /** The web application: port, OpenID Connect client of the demo realm, sessions and uploads. */
    public static final Map<String, Object> WEB = Map.ofEntries(
            Map.entry("server.port", "${GW_HTTP_PORT:8080}"),
            Map.entry("server.servlet.session.timeout", "${GW_SESSION_TIMEOUT:30m}"),
            Map.entry("server.servlet.session.cookie.http-only", "true"),
            Map.entry("server.servlet.session.cookie.same-site", "lax"),
            Map.entry("vaadin.closeIdleSessions", "true"),
            Map.entry("vaadin.heartbeatInterval", "60"),
            Map.entry("vaadin.allowed-packages", "dev.groundwork.web,com.vaadin"),
            Map.entry("spring.security.oauth2.client.registration.keycloak.client-id", "${GW_OIDC_CLIENT_ID:groundwork-web}"),
            // No default: ./gw up passes the secret it generated for its own Keycloak; elsewhere it comes from the
            // environment (an unset GW_OIDC_CLIENT_SECRET stops the start with a message naming it).
            Map.entry("spring.security.oauth2.client.registration.keycloak.client-secret", "${GW_OIDC_CLIENT_SECRET}"),
            Map.entry("spring.security.oauth2.client.registration.keycloak.scope", "openid,profile,email"),
            Map.entry("spring.security.oauth2.client.provider.keycloak.issuer-uri",
                    "${GW_OIDC_ISSUER:http://localhost:${GW_KEYCLOAK_PORT:8180}/realms/groundwork}"),
            Map.entry("spring.security.oauth2.client.provider.keycloak.user-name-attribute", "preferred_username"),
            Map.entry("groundwork.web.max-upload-bytes", "${GW_MAX_UPLOAD_BYTES:536870912}"),
            // Vaadin's Upload reads the request itself, streaming, and the datasets view enforces
            // groundwork.web.max-upload-bytes; Spring's multipart parsing (1 MB per file by default)
            // would otherwise buffer or refuse the upload before Vaadin sees it.
            Map.entry("spring.servlet.multipart.enabled", "false"),
            // The training events consumer runs when a broker is named (./gw up names its own).
            Map.entry("groundwork.kafka.bootstrap-servers", "${GW_KAFKA_BOOTSTRAP:}"),
            Map.entry("logging.level.org.atmosphere", "WARN"));

    /** The public API (docs/api.md): where its OpenAPI document and Swagger UI are served, and its limits. */
    public static final Map<String, Object> API = Map.ofEntries(
            // Served on purpose (docs/api.md): the document is public, the UI for signed-in users.
            Map.entry("springdoc.api-docs.enabled", "true"),
            Map.entry("springdoc.swagger-ui.enabled", "true"),
            Map.entry("springdoc.api-docs.path", "/api/v1/openapi.json"),
            Map.entry("springdoc.swagger-ui.path", "/api/v1/docs"),
            Map.entry("springdoc.paths-to-match", "/api/v1/**"),
            Map.entry("springdoc.swagger-ui.validator-url", "none"),
            Map.entry("groundwork.api.max-body-size", "${GW_API_MAX_BODY_SIZE:1MB}"),
            Map.entry("groundwork.api.rate-limit", "${GW_API_RATE_LIMIT:100}"),
            Map.entry("groundwork.api.rate-period", "${GW_API_RATE_PERIOD:1s}"),
            Map.entry("groundwork.api.max-page-size", "${GW_API_MAX_PAGE_SIZE:500}"),
            Map.entry("groundwork.api.audience", "${GW_API_AUDIENCE:groundwork-api}"));

    /**
     * Scheduled jobs (docs/jobs.md): Quartz's JDBC job store on the workbench database (schema by Flyway, V14),
     * clustered so that with several instances each fire runs once; a fire missed by more than the misfire threshold
     * while no instance ran is handled by the trigger's misfire policy (once, at the next start).
     */
    public static final Map<String, Object> JOBS = Map.ofEntries(
            Map.entry("spring.quartz.job-store-type", "jdbc"),
            Map.entry("spring.quartz.jdbc.initialize-schema", "never"),
            Map.entry("spring.quartz.scheduler-name", "groundwork"),
            Map.entry("spring.quartz.auto-startup", "${GW_SCHEDULER_ENABLED:true}"),
            Map.entry("spring.quartz.overwrite-existing-jobs", "false"),
            Map.entry("spring.quartz.wait-for-jobs-to-complete-on-shutdown", "true"),
            Map.entry("spring.quartz.properties.org.quartz.scheduler.instanceId", "AUTO"),
            Map.entry("spring.quartz.properties.org.quartz.jobStore.isClustered", "true"),
            Map.entry("spring.quartz.properties.org.quartz.jobStore.useProperties", "true"),
            Map.entry("spring.quartz.properties.org.quartz.jobStore.clusterCheckinInterval", "${GW_SCHEDULER_CHECKIN_MS:5000}"),
            Map.entry("spring.quartz.properties.org.quartz.jobStore.misfireThreshold", "${GW_SCHEDULER_MISFIRE_MS:60000}"),
            Map.entry("spring.quartz.properties.org.quartz.threadPool.threadCount", "2"));

    /**
     * Health, readiness and metrics (docs/operations.md): Spring Boot Actuator's {@code /actuator/health/liveness},
     * {@code /actuator/health/readiness} (which includes the database) and {@code /actuator/prometheus}, every meter
     * tagged {@code service=web}. Nothing else of Actuator is exposed.
     */
    public static final Map<String, Object> OPS = Map.ofEntries(
            Map.entry("management.endpoints.web.exposure.include", "health,prometheus"),
            Map.entry("management.endpoints.access.default", "none"),
            Map.entry("management.endpoint.health.access", "read-only"),
            Map.entry("management.endpoint.prometheus.access", "read-only"),
            Map.entry("management.endpoint.health.probes.enabled", "true"),
            Map.entry("management.endpoint.health.show-details", "never"),
            Map.entry("management.endpoint.health.group.readiness.include", "readinessState,db"),
            Map.entry("management.metrics.tags.service", "web"),
            Map.entry("management.metrics.distribution.percentiles-histogram.http.server.requests", "true"));

    private EmbeddedDefaults() {}

    /**
     * Storage, web, API, scheduler and operations defaults together, with the log format {@code GW_LOG_FORMAT} asks
     * for (refused with a message naming it when it is neither text nor json).
     */
    public static Map<String, Object> web() {
        Map<String, Object> all = new HashMap<>(STORAGE);
        all.putAll(WEB);
        all.putAll(API);
        all.putAll(JOBS);
        all.putAll(OPS);
        all.putAll(LogFormat.fromEnvironment(System.getenv()).springBootProperties());
        return all;
    }
}
