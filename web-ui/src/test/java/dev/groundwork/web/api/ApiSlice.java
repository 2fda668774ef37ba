package dev.groundwork.web.api;

import dev.groundwork.web.api.imports.ImportJobs;
import dev.groundwork.web.api.imports.ImportsApi;
import dev.groundwork.web.datasets.DatasetImports;

import dev.groundwork.annotation.AnnotationConfiguration;
import dev.groundwork.web.EmbeddedDefaults;
import dev.groundwork.web.api.agreement.AgreementApi;
import dev.groundwork.web.api.answers.AnswersApi;
import dev.groundwork.web.api.assignments.AssignmentsApi;
import dev.groundwork.web.api.comparisons.ComparisonsApi;
import dev.groundwork.web.api.datasets.DatasetExportApi;
import dev.groundwork.web.api.datasets.DatasetsApi;
import dev.groundwork.web.api.images.ImagesApi;
import dev.groundwork.web.api.judgments.JudgmentsApi;
import dev.groundwork.web.api.preferences.PreferencesApi;
import dev.groundwork.web.api.reports.ReportsApi;
import dev.groundwork.web.api.training.TrainingApi;
import dev.groundwork.web.reports.EvaluationReports;
import dev.groundwork.web.datasets.DatasetExportEndpoint;
import dev.groundwork.web.images.ImageEndpoint;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springdoc.core.configuration.SpringDocConfiguration;
import org.springdoc.core.configuration.SpringDocSpecPropertiesConfiguration;
import org.springdoc.core.properties.SpringDocConfigProperties;
import org.springdoc.core.properties.SwaggerUiConfigProperties;
import org.springdoc.core.properties.SwaggerUiOAuthProperties;
import org.springdoc.webmvc.core.configuration.SpringDocWebMvcConfiguration;
import org.springdoc.webmvc.ui.SwaggerConfig;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.orm.jpa.HibernateJpaAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The API on a real Tomcat with storage, annotation and springdoc, without Vaadin and without Spring Security (whose
 * rules the role matrix checks against the real Keycloak): the contract, the errors and the limits are what is tested.
 */
@SpringBootConfiguration
@ImportAutoConfiguration({PropertyPlaceholderAutoConfiguration.class, ServletWebServerFactoryAutoConfiguration.class,
        DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
        JacksonAutoConfiguration.class, DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
        HibernateJpaAutoConfiguration.class, TransactionAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
        SpringDocConfiguration.class, SpringDocConfigProperties.class, SpringDocSpecPropertiesConfiguration.class,
        SpringDocWebMvcConfiguration.class, SwaggerConfig.class, SwaggerUiConfigProperties.class,
        SwaggerUiOAuthProperties.class})
@Import({AnnotationConfiguration.class, ApiFilters.class, ApiBodyLimitFilter.class, ApiExceptionHandler.class,
        PageLimits.class, ApiDocumentation.class, DatasetsApi.class, ComparisonsApi.class,
        JudgmentsApi.class, AnswersApi.class, AssignmentsApi.class, PreferencesApi.class, ImagesApi.class,
        ImageEndpoint.class, DatasetExportApi.class, DatasetExportEndpoint.class,
        AgreementApi.class, TrainingApi.class, ReportsApi.class, EvaluationReports.class,
        ImportsApi.class, ImportJobs.class, DatasetImports.class})
class ApiSlice {

    /**
     * The workbench's own API defaults ({@link EmbeddedDefaults#API}), a fresh in-memory database and image store, and
     * then the test's own values.
     */
    static void properties(DynamicPropertyRegistry registry, Map<String, Object> overrides) {
        Map<String, Object> all = new HashMap<>(EmbeddedDefaults.API);
        String run = UUID.randomUUID().toString();
        all.put("spring.datasource.url", "jdbc:h2:mem:api-" + run + ";DB_CLOSE_DELAY=-1");
        all.put("spring.jpa.hibernate.ddl-auto", "validate");
        all.put("spring.jpa.open-in-view", "false");
        all.put("spring.main.banner-mode", "off");
        all.put("groundwork.storage.image-root", System.getProperty("java.io.tmpdir") + "/gw-api-images-" + run);
        all.put("logging.level.root", "WARN");
        all.putAll(overrides);
        all.forEach((key, value) -> registry.add(key, () -> value));
    }
}
