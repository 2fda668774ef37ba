package dev.groundwork.storage.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.h2.api.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * The embedded database as a workbench process opens it: its auto-server port on loopback only, behind the data
 * directory's generated password, in an owner-only data directory.
 */
class EmbeddedDatabaseTest {

    @TempDir Path tmp;

    @Test
    void the_embedded_database_listens_on_loopback_only_and_refuses_connections_without_the_generated_password()
            throws Exception {
        Path data = tmp.resolve("data");
        Process holder = startHolder(data);
        try {
            Properties lock = new Properties();
            try (Reader r = Files.newBufferedReader(data.resolve("db/groundwork.lock.db"), StandardCharsets.ISO_8859_1)) {
                lock.load(r);
            }
            String server = lock.getProperty("server");
            assertThat(server).as("the lock file names the auto-server's address").isNotNull();
            String host = server.substring(0, server.lastIndexOf(':'));
            int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
            assertThat(InetAddress.getByName(host).isLoopbackAddress()).as("lock file address %s", host).isTrue();

            // Nothing answers on this machine's other addresses, and the socket is bound to 127.0.0.1 (Linux: /proc).
            for (InetAddress address : nonLoopbackAddresses()) {
                try (Socket s = new Socket()) {
                    assertThatThrownBy(() -> s.connect(new InetSocketAddress(address, port), 2000))
                            .as("connect to %s:%d", address, port).isInstanceOf(IOException.class);
                }
            }
            if (Files.isReadable(Path.of("/proc/net/tcp"))) {
                List<String> listening = new ArrayList<>(listeningAddresses(Path.of("/proc/net/tcp"), port));
                listening.addAll(listeningAddresses(Path.of("/proc/net/tcp6"), port));
                // 127.0.0.1 on an IPv4 socket, or IPv4-mapped on an IPv6 one
                assertThat(listening).isNotEmpty().allMatch(a -> a.equals("0100007F")
                        || a.equals("0000000000000000FFFF00000100007F"));
            }

            // On loopback, H2 asks for the password: none and a wrong one are refused, the generated one works.
            String url = "jdbc:h2:tcp://127.0.0.1:" + port + "/" + lock.getProperty("id");
            for (String wrong : List.of("", "not-the-password")) {
                assertThatThrownBy(() -> DriverManager.getConnection(url, "sa", wrong).close())
                        .isInstanceOfSatisfying(SQLException.class,
                                e -> assertThat(e.getErrorCode()).isEqualTo(ErrorCode.WRONG_USER_OR_PASSWORD));
            }
            String password = Files.readString(data.resolve("secrets/db-password")).strip();
            assertThat(password).hasSizeGreaterThanOrEqualTo(40);
            try (Connection c = DriverManager.getConnection(url, "sa", password)) {
                assertThat(c.createStatement().executeQuery("select count(*) from \"flyway_schema_history\"").next()).isTrue();
            }

            assertThat(permissions(data)).isEqualTo("rwx------");
            assertThat(permissions(data.resolve("db"))).isEqualTo("rwx------");
            assertThat(permissions(data.resolve("secrets"))).isEqualTo("rwx------");
            assertThat(permissions(data.resolve("secrets/db-password"))).isEqualTo("rw-------");
            assertThat(permissions(data.resolve("db/groundwork.mv.db"))).isEqualTo("rw-------");
        } finally {
            holder.getOutputStream().close();
            if (!holder.waitFor(30, TimeUnit.SECONDS)) {
                holder.destroyForcibly();
            }
        }
    }

    @Test
    void a_database_made_with_the_empty_password_is_given_the_generated_one() throws Exception {
        Path data = tmp.resolve("old-data");
        Files.createDirectories(data.resolve("db"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        String url = "jdbc:h2:file:" + data.resolve("db/groundwork");
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            c.createStatement().execute("create table judgment_kept (id int)");
        }

        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", Map.of("GW_DATA_DIR", data.toString(),
                "spring.datasource.url", url, "spring.datasource.username", "sa", "spring.datasource.password", "")));
        new EmbeddedDatabaseEnvironment(new DeferredLogs()).postProcessEnvironment(env, new SpringApplication());

        String password = env.getProperty("spring.datasource.password");
        assertThat(password).isEqualTo(Files.readString(data.resolve("secrets/db-password")).strip());
        assertThatThrownBy(() -> DriverManager.getConnection(url, "sa", "").close()).isInstanceOf(SQLException.class);
        try (Connection c = DriverManager.getConnection(url, "sa", password)) {
            assertThat(c.createStatement().executeQuery("select count(*) from judgment_kept").next()).isTrue();
        }
        assertThat(permissions(data)).isEqualTo("rwx------");
        assertThat(permissions(data.resolve("db/groundwork.mv.db"))).isEqualTo("rw-------");
    }

    @Test
    void an_operator_password_and_server_databases_are_left_alone() {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", Map.of("GW_DATA_DIR", tmp.resolve("d").toString(),
                "spring.datasource.url", "jdbc:postgresql://db:5432/groundwork", "spring.datasource.password", "")));
        new EmbeddedDatabaseEnvironment(new DeferredLogs()).postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty("spring.datasource.password")).isEmpty();
        assertThat(tmp.resolve("d")).doesNotExist();

        assertThat(EmbeddedDatabaseEnvironment.embeddedFile("jdbc:h2:mem:x;DB_CLOSE_DELAY=-1")).isEmpty();
        assertThat(EmbeddedDatabaseEnvironment.embeddedFile("jdbc:h2:tcp://h/x")).isEmpty();
        assertThat(EmbeddedDatabaseEnvironment.embeddedFile("jdbc:h2:file:/d/db/groundwork;AUTO_SERVER=TRUE"))
                .contains(Path.of("/d/db/groundwork"));
        assertThat(EmbeddedDatabaseEnvironment.embeddedFile("jdbc:h2:./data/db/g")).contains(Path.of("./data/db/g"));
    }

    private static Process startHolder(Path data) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EmbeddedDatabaseProcess.class.getName());
        pb.environment().put("GW_DATA_DIR", data.toString());
        pb.environment().remove("GW_DB_URL");
        pb.environment().remove("GW_DB_PASSWORD");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null) {
            lines.add(line);
            if (line.startsWith("READY")) {
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "holder-output");
                drain.setDaemon(true);
                drain.start();
                return p;
            }
        }
        throw new AssertionError("the database process ended without opening the database:\n" + String.join("\n", lines));
    }

    private static List<InetAddress> nonLoopbackAddresses() throws IOException {
        List<InetAddress> out = new ArrayList<>();
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                Collections.list(nic.getInetAddresses()).stream()
                        .filter(a -> a instanceof Inet4Address || !a.isLinkLocalAddress())
                        .forEach(out::add);
            }
        }
        return out;
    }

    /** The local addresses (hex, as the kernel writes them) of the sockets listening on {@code port}. */
    private static List<String> listeningAddresses(Path procNet, int port) throws IOException {
        if (!Files.isReadable(procNet)) {
            return List.of();
        }
        String portHex = String.format("%04X", port);
        return Files.readAllLines(procNet).stream().skip(1).map(String::strip).map(l -> l.split("\\s+"))
                .filter(f -> f[3].equals("0A") && f[1].endsWith(":" + portHex)) // 0A: LISTEN
                .map(f -> f[1].substring(0, f[1].indexOf(':'))).toList();
    }

    private static String permissions(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
