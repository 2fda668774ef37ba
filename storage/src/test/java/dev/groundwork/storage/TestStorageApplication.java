package dev.groundwork.storage;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** The storage module alone, as the tests run it. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(StorageConfiguration.class)
public class TestStorageApplication {}
