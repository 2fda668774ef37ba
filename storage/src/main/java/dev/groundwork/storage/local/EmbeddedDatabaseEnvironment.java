package dev.groundwork.storage.local;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.logging.Log;
import org.h2.api.ErrorCode;
import org.h2.engine.SysProperties;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Guards the embedded H2 database of every process that opens it (the web application, its command line, the
 * critic service, the test harness), before any connection is made:
 *
 * <ul>
 *   <li>H2's servers bind to the loopback address ({@code h2.bindAddress=127.0.0.1}, read once when H2 loads): the
 *       TCP server that {@code AUTO_SERVER=TRUE} starts in the first process to open the database listens on
 *       127.0.0.1 only, and the lock file tells the other processes to connect there;</li>
 *   <li>an H2 file database with no password configured ({@code GW_DB_PASSWORD} unset) gets the data directory's
 *       generated password ({@code $GW_DATA_DIR/secrets/db-password}, 0600); a database created before with the
 *       empty password is given it ({@code ALTER USER … SET PASSWORD});</li>
 *   <li>the data directory and the database's directory are owner-only (0700).</li>
 * </ul>
 *
 * A server database ({@code GW_DB_URL=jdbc:postgresql:…}, {@code jdbc:h2:tcp:…}) and in-memory H2 are left alone.
 */
public final class EmbeddedDatabaseEnvironment implements EnvironmentPostProcessor, Ordered {

    /** The system property H2 reads for the address its servers bind to. */
    public static final String BIND_ADDRESS_PROPERTY = "h2.bindAddress";
    public static final String LOOPBACK = "127.0.0.1";

    private final Log log;

    public EmbeddedDatabaseEnvironment(DeferredLogFactory logs) {
        this.log = logs.getLog(EmbeddedDatabaseEnvironment.class);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE; // after the configuration files and the application's defaults are in
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (System.getProperty(BIND_ADDRESS_PROPERTY) == null) {
            System.setProperty(BIND_ADDRESS_PROPERTY, LOOPBACK);
        }
        String url = environment.getProperty("spring.datasource.url", "");
        Optional<Path> database = embeddedFile(url);
        if (database.isEmpty()) {
            return;
        }
        if (url.toUpperCase(Locale.ROOT).contains("AUTO_SERVER=TRUE")) {
            requireLoopbackServers();
        }
        DataDirectory data = DataDirectory.open(Path.of(environment.getProperty("GW_DATA_DIR", "./data")));
        Path file = database.get().toAbsolutePath().normalize();
        DataDirectory.ownerOnlyDirectory(file.getParent());
        if (environment.getProperty("spring.datasource.password", "").isEmpty()) {
            String user = environment.getProperty("spring.datasource.username", "sa");
            String password = data.secret(DataDirectory.DATABASE_PASSWORD);
            usePassword(url, user, password, data.secretFile(DataDirectory.DATABASE_PASSWORD));
            environment.getPropertySources().addFirst(new MapPropertySource("groundworkEmbeddedDatabase",
                    Map.of("spring.datasource.password", password)));
        } // else the operator's own password (GW_DB_PASSWORD)
        DataDirectory.ownerOnlyFile(file.resolveSibling(file.getFileName() + ".mv.db"));
    }

    /** The database file's path (without H2's suffix) for an embedded H2 file URL; empty for anything else. */
    static Optional<Path> embeddedFile(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("jdbc:h2:")) {
            return Optional.empty();
        }
        String rest = url.substring("jdbc:h2:".length());
        if (rest.toLowerCase(Locale.ROOT).startsWith("file:")) {
            rest = rest.substring("file:".length());
        } else if (rest.matches("(?s)[A-Za-z]{2,}:.*")) {
            return Optional.empty(); // mem:, tcp:, ssl:, zip:, another file system
        }
        int semicolon = rest.indexOf(';');
        String path = semicolon < 0 ? rest : rest.substring(0, semicolon);
        if (path.startsWith("~/")) {
            path = System.getProperty("user.home") + path.substring(1);
        }
        return path.isBlank() ? Optional.empty() : Optional.of(Path.of(path));
    }

    /**
     * H2 reads {@value #BIND_ADDRESS_PROPERTY} once, when it loads; a process that loaded it before (or set another
     * address) would open the database's port on every interface.
     */
    private static void requireLoopbackServers() {
        String bound = SysProperties.BIND_ADDRESS;
        boolean loopback;
        try {
            loopback = bound != null && InetAddress.getByName(bound).isLoopbackAddress();
        } catch (UnknownHostException e) {
            loopback = false;
        }
        if (!loopback) {
            throw new IllegalStateException("the embedded database would accept connections from the network (H2's "
                    + BIND_ADDRESS_PROPERTY + " is " + (bound == null ? "unset" : "'" + bound + "'")
                    + "); start the process with -D" + BIND_ADDRESS_PROPERTY + "=" + LOOPBACK
                    + ", or use a database server (GW_DB_URL) for access from other machines");
        }
    }

    /**
     * Makes sure the database accepts {@code password}: a new database is created with it; one created with the empty
     * password (before passwords were generated) is given it.
     */
    private void usePassword(String url, String user, String password, Path secretFile) {
        try (Connection ignored = DriverManager.getConnection(url, user, password)) {
            return;
        } catch (SQLException e) {
            if (e.getErrorCode() != ErrorCode.WRONG_USER_OR_PASSWORD) {
                throw new IllegalStateException("cannot open the embedded database " + url + ": " + e.getMessage(), e);
            }
        }
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
            if (!user.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalStateException("cannot set the password of the embedded database's user '" + user
                        + "' (not a plain name); set GW_DB_PASSWORD instead");
            }
            s.execute("ALTER USER " + user + " SET PASSWORD '" + password + "'");
            log.info("the embedded database " + url + " had the empty password; it now has the one in " + secretFile);
        } catch (SQLException e) {
            throw new IllegalStateException("the embedded database " + url + " accepts neither the password in " + secretFile
                    + " nor the empty one; set GW_DB_PASSWORD to its password", e);
        }
    }
}
