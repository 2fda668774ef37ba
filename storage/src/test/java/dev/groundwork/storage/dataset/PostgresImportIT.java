package dev.groundwork.storage.dataset;

import dev.groundwork.storage.PostgresTestDatabase;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The export → import round trip with PostgreSQL as the first database. */
class PostgresImportIT extends ExportImportRoundTripTest {
    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresTestDatabase.register(registry);
    }
}
