package dev.groundwork.storage;

import dev.groundwork.storage.image.ImageStore;
import java.time.Clock;
import org.springframework.boot.autoconfigure.domain.EntityScan;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

/** Import this into an application to get the schema's repositories, the image store and the dataset services. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StorageProperties.class)
@EntityScan(basePackageClasses = StorageConfiguration.class)
@EnableJpaRepositories(basePackageClasses = StorageConfiguration.class)
@ComponentScan(basePackages = {"dev.groundwork.storage.dataset", "dev.groundwork.storage.audit"})
public class StorageConfiguration {

    @Bean
    ImageStore imageStore(StorageProperties properties) {
        return new ImageStore(properties.imageRoot());
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
