package dev.groundwork.storage;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The repository contract on a real PostgreSQL, started by {@code ./gw test}, which passes its
 * JDBC URL in {@code GW_TEST_PG_URL}. Fails (not skips) without it, so CI cannot pass silently.
 */
@SpringBootTest(classes = TestStorageApplication.class)
class PostgresRepositoryIT extends RepositoryContract {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresTestDatabase.register(registry);
    }

    @Override
    String expectedProduct() {
        return "PostgreSQL";
    }
}
