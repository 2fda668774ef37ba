package dev.groundwork.storage;

import org.springframework.boot.test.context.SpringBootTest;

/** The repository contract on H2, the embedded default. */
@SpringBootTest(classes = TestStorageApplication.class)
class H2RepositoryTest extends RepositoryContract {
    @Override
    String expectedProduct() {
        return "H2";
    }
}
