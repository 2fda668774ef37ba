package dev.groundwork.storage.local;

import dev.groundwork.storage.StorageDefaults;
import dev.groundwork.storage.TestStorageApplication;
import java.io.IOException;
import java.sql.Connection;
import javax.sql.DataSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A process that opens the embedded database the way the workbench's processes do (the storage context with
 * {@link StorageDefaults}, {@code GW_DATA_DIR} from the environment), says {@code READY} and holds it open until its
 * standard input closes. The tests' own {@code application.properties} (in-memory H2) is not read.
 */
public final class EmbeddedDatabaseProcess {

    public static void main(String[] args) throws Exception {
        SpringApplication app = new SpringApplication(TestStorageApplication.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setDefaultProperties(StorageDefaults.PROPERTIES);
        try (ConfigurableApplicationContext ctx = app.run("--spring.config.name=embedded-database-process");
                Connection c = ctx.getBean(DataSource.class).getConnection()) {
            System.out.println("READY " + c.getMetaData().getURL());
            System.out.flush();
            while (System.in.read() != -1) {
                // hold the database open
            }
        } catch (IOException e) {
            // stdin closed
        }
    }
}
