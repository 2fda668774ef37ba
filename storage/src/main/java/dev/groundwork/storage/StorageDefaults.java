package dev.groundwork.storage;

import java.util.Map;

/**
 * The embedded storage defaults every process that opens the workbench database shares (the web application, its
 * command line, the critic service): H2 under {@code GW_DATA_DIR} in auto-server mode, so that several processes
 * can open it at once, unless {@code GW_DB_URL} names another database; the image store beside it. Each can be
 * overridden by the environment (see docs/configuration.md).
 */
public final class StorageDefaults {

    public static final Map<String, Object> PROPERTIES = Map.of(
            "spring.datasource.url", "${GW_DB_URL:jdbc:h2:file:${GW_DATA_DIR:./data}/db/groundwork;AUTO_SERVER=TRUE;QUERY_CACHE_SIZE=128}",
            "spring.datasource.username", "${GW_DB_USER:sa}",
            "spring.datasource.password", "${GW_DB_PASSWORD:}",
            "spring.jpa.hibernate.ddl-auto", "validate",
            "spring.jpa.open-in-view", "false",
            "groundwork.storage.image-root", "${GW_IMAGE_ROOT:${GW_DATA_DIR:./data}/images}",
            "spring.main.banner-mode", "off",
            "spring.main.log-startup-info", "false",
            "logging.level.root", "WARN");

    private StorageDefaults() {}
}
