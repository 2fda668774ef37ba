package dev.groundwork.storage.dataset;

import dev.groundwork.storage.PostgresTestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Every refused import case again on PostgreSQL: no new rows, no new files. */
class PostgresImportRefusalIT extends ImportRefusalTest {
    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresTestDatabase.register(registry);
    }
}
