package dev.groundwork.deploy.keycloak;

import dev.groundwork.deploy.Launchers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A Keycloak 26 server in development mode ({@code kc.sh start-dev}, embedded H2 database) with
 * the {@code groundwork} demo realm imported. Used by {@code ./gw up} and the integration tests;
 * production runs against an existing Keycloak (see {@code deploy/README.md}).
 *
 * <p>The distribution zip ({@code org.keycloak:keycloak-quarkus-dist}, copied to
 * {@code deploy/target/keycloak} by {@code mvn -pl deploy package}) is unpacked once into the
 * home directory; the home is kept across runs so that the one-off Quarkus re-augmentation of
 * the first {@code start-dev} (≈140 s on a loaded two-core box, later starts ≈40–65 s) is not
 * repeated. Before each start the realm ({@code keycloak/groundwork-realm.json} on the classpath)
 * is written to {@code <home>/data/import} with the URL token {@value #APP_URL_TOKEN} replaced by
 * the application's base URL. Keycloak imports it only into a database that lacks the realm:
 * {@link Builder#optFresh(boolean) fresh} deletes the dev database ({@code <home>/data/h2}) first.
 *
 * <p>Ready when {@code /realms/groundwork/.well-known/openid-configuration} answers 200.
 * {@code kc.sh} runs Keycloak as a child java process (and may {@code exec} into java after the
 * re-augmentation), so {@link #close()} stops the whole process tree: SIGTERM, then SIGKILL after
 * a grace period.
 */
public final class KeycloakServer implements AutoCloseable {

    public static final String REALM = "groundwork";
    public static final String CLIENT_ID = "groundwork-web";
    /** The trainer's confidential client: a service account (client-credentials grant) with the realm role {@value #TRAINER_ROLE}. */
    public static final String TRAINER_CLIENT_ID = "groundwork-trainer";
    /** The realm role that lets a bearer token fetch images from the workbench's image endpoint, and nothing else. */
    public static final String TRAINER_ROLE = "trainer";
    /** A team's pipeline's confidential client: a service account with the realm role {@value #PIPELINE_ROLE}. */
    public static final String PIPELINE_CLIENT_ID = "groundwork-pipeline";
    /** The realm role of a pipeline's service account: the API's datasets, answers, comparisons and preferences. */
    public static final String PIPELINE_ROLE = "pipeline";
    /** An external judge's confidential client: a service account with the realm role {@value #JUDGE_ROLE}. */
    public static final String JUDGE_CLIENT_ID = "groundwork-judge";
    /** The realm role of an external judge's service account: may only post judgments to the API. */
    public static final String JUDGE_ROLE = "judge";
    /**
     * The public client for people's own scripts and curl: the password grant and the OAuth device authorization grant,
     * no browser redirect flow; its access tokens carry the person's realm roles.
     */
    public static final String CLI_CLIENT_ID = "groundwork-cli";
    /**
     * The audience ({@code aud}) that the realm's audience mapper puts in the access tokens of the trainer, pipeline,
     * judge and command-line clients, and that the workbench's API requires of a bearer token.
     */
    public static final String API_AUDIENCE = "groundwork-api";
    /** Classpath location of the realm file (source: {@code deploy/keycloak/groundwork-realm.json}). */
    public static final String REALM_RESOURCE = "keycloak/groundwork-realm.json";
    /** Text in the realm file that the launcher replaces with the application's base URL. */
    public static final String APP_URL_TOKEN = "${GW_APP_URL}";
    /** Text in the realm file that the launcher replaces with the secret of {@value #CLIENT_ID}. */
    public static final String CLIENT_SECRET_TOKEN = "${GW_OIDC_CLIENT_SECRET}";
    /** Text in the realm file that the launcher replaces with the secret of {@value #TRAINER_CLIENT_ID}. */
    public static final String TRAINER_CLIENT_SECRET_TOKEN = "${GW_TRAINER_CLIENT_SECRET}";
    /** Text in the realm file that the launcher replaces with the secret of {@value #PIPELINE_CLIENT_ID}. */
    public static final String PIPELINE_CLIENT_SECRET_TOKEN = "${GW_PIPELINE_CLIENT_SECRET}";
    /** Text in the realm file that the launcher replaces with the secret of {@value #JUDGE_CLIENT_ID}. */
    public static final String JUDGE_CLIENT_SECRET_TOKEN = "${GW_JUDGE_CLIENT_SECRET}";

    private static final String UNPACKED_MARKER = ".groundwork-unpacked";
    private static final String PID_FILE = "keycloak.pid";
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * How to run the server; build it with {@link KeycloakServer#builder()}. The master realm's bootstrap admin and the
     * confidential clients' secrets are random unless the builder was given them: no fixed secret is built in.
     *
     * @param clientSecrets the secret of each {@link ConfidentialClient}
     */
    public record Config(Path distribution, Path home, int httpPort, int managementPort, URI appUrl,
            String adminUser, String adminPassword, Map<ConfidentialClient, String> clientSecrets, boolean fresh,
            Duration startTimeout) {

        public Config {
            Objects.requireNonNull(distribution, "distribution");
            Objects.requireNonNull(home, "home directory (setHome) is required");
            Objects.requireNonNull(appUrl, "appUrl");
            Objects.requireNonNull(startTimeout, "startTimeout");
            distribution = distribution.toAbsolutePath().normalize();
            home = home.toAbsolutePath().normalize();
            if (httpPort <= 0 || managementPort <= 0 || httpPort == managementPort) {
                throw new IllegalArgumentException("HTTP and management need two distinct ports, got " + httpPort + " and " + managementPort);
            }
            appUrl = checkedAppUrl(appUrl);
            if (adminUser == null || adminUser.isBlank() || adminPassword == null || adminPassword.isEmpty()) {
                throw new IllegalArgumentException("the bootstrap admin needs a user name and a password");
            }
            clientSecrets = ConfidentialClient.checked(clientSecrets);
            if (startTimeout.isNegative() || startTimeout.isZero()) {
                throw new IllegalArgumentException("start timeout must be positive, got " + startTimeout);
            }
        }

        /** The secret of {@value KeycloakServer#CLIENT_ID}, the web application's login. */
        public String clientSecret() {
            return clientSecrets.get(ConfidentialClient.WEB);
        }

        /** The secret of {@value KeycloakServer#TRAINER_CLIENT_ID}. */
        public String trainerClientSecret() {
            return clientSecrets.get(ConfidentialClient.TRAINER);
        }

        /** The secret of {@value KeycloakServer#PIPELINE_CLIENT_ID}. */
        public String pipelineClientSecret() {
            return clientSecrets.get(ConfidentialClient.PIPELINE);
        }

        /** The secret of {@value KeycloakServer#JUDGE_CLIENT_ID}. */
        public String judgeClientSecret() {
            return clientSecrets.get(ConfidentialClient.JUDGE);
        }

        @Override
        public String toString() {
            return "Config[home=" + home + ", httpPort=" + httpPort + ", appUrl=" + appUrl + ", fresh=" + fresh + "]";
        }

        private static URI checkedAppUrl(URI url) {
            String text = url.toString();
            while (text.endsWith("/")) {
                text = text.substring(0, text.length() - 1);
            }
            URI trimmed = URI.create(text);
            if (!("http".equals(trimmed.getScheme()) || "https".equals(trimmed.getScheme())) || trimmed.getHost() == null
                    || trimmed.getRawQuery() != null || trimmed.getRawFragment() != null) {
                throw new IllegalArgumentException("app URL must be an http(s) base URL without query or fragment, got '" + url + "'");
            }
            return trimmed;
        }
    }

    /** Builder: {@code set} for the required values, {@code opt} for those with a default. */
    public static final class Builder {
        private Path distribution;
        private Path home;
        private int httpPort;
        private int managementPort;
        private URI appUrl = URI.create("http://localhost:8080");
        private String adminUser = "admin";
        private String adminPassword = randomSecret();
        private final Map<ConfidentialClient, String> clientSecrets = ConfidentialClient.randomSecrets();
        private boolean fresh;
        private Duration startTimeout = Duration.ofSeconds(300);

        private Builder() {
        }

        /** Where the distribution is unpacked and Keycloak keeps its data ({@code data/h2}, {@code data/import}). */
        public Builder setHome(Path home) {
            this.home = home;
            return this;
        }

        public Builder setHttpPort(int port) {
            this.httpPort = port;
            return this;
        }

        /** Keycloak's management interface (health, metrics); must differ from the HTTP port. */
        public Builder setManagementPort(int port) {
            this.managementPort = port;
            return this;
        }

        /** The distribution zip; default {@link #defaultDistribution()}. */
        public Builder optDistribution(Path zip) {
            this.distribution = zip;
            return this;
        }

        /** Base URL of the Groundwork web app, for redirect URIs and web origins; default http://localhost:8080. */
        public Builder optAppUrl(URI appUrl) {
            this.appUrl = appUrl;
            return this;
        }

        /** Bootstrap admin of the master realm (admin console); default {@code admin} with a random password. */
        public Builder optAdmin(String user, String password) {
            this.adminUser = user;
            this.adminPassword = password;
            return this;
        }

        /** The secret of a confidential client; default a random one. */
        public Builder optClientSecret(ConfidentialClient client, String secret) {
            this.clientSecrets.put(client, secret);
            return this;
        }

        /** The secrets of the clients named; the others keep theirs (default random ones). */
        public Builder optClientSecrets(Map<ConfidentialClient, String> secrets) {
            this.clientSecrets.putAll(secrets);
            return this;
        }

        /** Delete the dev database before starting, so the realm is imported again. */
        public Builder optFresh(boolean fresh) {
            this.fresh = fresh;
            return this;
        }

        /** How long to wait for the realm to be served; default 300 s. */
        public Builder optStartTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        public Config build() {
            return new Config(distribution != null ? distribution : defaultDistribution(), home, httpPort, managementPort,
                    appUrl, adminUser, adminPassword, clientSecrets, fresh, startTimeout);
        }

        /** Builds the config and starts the server; returns once the realm is served. */
        public KeycloakServer start() {
            return KeycloakServer.start(build());
        }
    }

    private final Config config;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private volatile Process process;
    private Thread shutdownHook;
    private Duration startupTime = Duration.ZERO;

    private KeycloakServer(Config config) {
        this.config = config;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Unpacks if needed, writes the realm, starts Keycloak; returns once the realm is served. */
    public static KeycloakServer start(Config config) {
        KeycloakServer server = new KeycloakServer(config);
        try {
            server.startProcess();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public Config config() {
        return config;
    }

    /** {@code http://localhost:<port>}. */
    public URI baseUrl() {
        return URI.create("http://localhost:" + config.httpPort());
    }

    /** The issuer of the {@code groundwork} realm, as the discovery document names it. */
    public URI issuerUri() {
        return URI.create(baseUrl() + "/realms/" + REALM);
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The pid of the process that {@code kc.sh} started as (the script, or java after an exec). */
    public Optional<Long> pid() {
        return isRunning() ? Optional.of(process.pid()) : Optional.empty();
    }

    /** The process and its descendants (the Keycloak JVM), as they are now. */
    public List<ProcessHandle> processTree() {
        return process == null ? List.of() : tree(process.toHandle());
    }

    /** Time from launching {@code kc.sh} to the realm being served, for the last start. */
    public Duration startupTime() {
        return startupTime;
    }

    /** Keycloak's console output of the last start. */
    public Path logFile() {
        return config.home().resolve("keycloak.log");
    }

    /** Stops the process tree: SIGTERM, SIGKILL after 30 s. */
    @Override
    public synchronized void close() {
        stopProcessTree(STOP_GRACE);
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or has run
            }
            shutdownHook = null;
        }
    }

    /** Blocks until the Keycloak process ends (by {@link #close()}, a signal or a crash); returns its exit code. */
    public int awaitExit() throws InterruptedException {
        Process p = process;
        return p == null ? 0 : p.waitFor();
    }

    /** A random secret: 256 bits, URL-safe Base64. */
    public static String randomSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * The realm file with {@value #APP_URL_TOKEN} replaced by {@code appUrl} (no trailing slash) and each confidential
     * client's secret token by its secret, as it is imported.
     */
    public static String realmJson(URI appUrl, Map<ConfidentialClient, String> clientSecrets) {
        String url = Config.checkedAppUrl(appUrl).toString();
        Map<ConfidentialClient, String> secrets = ConfidentialClient.checked(clientSecrets);
        try (InputStream in = KeycloakServer.class.getClassLoader().getResourceAsStream(REALM_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(REALM_RESOURCE + " is not on the classpath; build the deploy module (mvn -pl deploy package)");
            }
            String template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String> tokens = Stream.concat(Stream.of(APP_URL_TOKEN), secrets.keySet().stream().map(ConfidentialClient::token))
                    .toList();
            for (String token : tokens) {
                if (!template.contains(token)) {
                    throw new IllegalStateException(REALM_RESOURCE + " does not contain the token " + token);
                }
            }
            String realm = template.replace(APP_URL_TOKEN, url);
            for (var secret : secrets.entrySet()) {
                realm = realm.replace(secret.getKey().token(), secret.getValue());
            }
            return realm;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + REALM_RESOURCE, e);
        }
    }

    private void startProcess() {
        requireFree(config.httpPort(), "HTTP");
        requireFree(config.managementPort(), "management");
        try {
            requireNoServerOnThisHome();
            unpackIfNeeded();
            if (config.fresh()) {
                deleteTree(config.home().resolve("data/h2"));
            }
            writeRealm();
            Path kcSh = config.home().resolve("bin/kc.sh");
            ProcessBuilder pb = new ProcessBuilder(kcSh.toString(), "start-dev",
                    "--http-port=" + config.httpPort(),
                    "--http-management-port=" + config.managementPort(),
                    "--import-realm");
            pb.directory(config.home().toFile());
            Map<String, String> env = pb.environment();
            // KC_* variables of the caller (KC_DB, KC_HOSTNAME, ...) would silently change this dev server.
            env.keySet().removeIf(name -> name.startsWith("KC_"));
            env.put("KC_BOOTSTRAP_ADMIN_USERNAME", config.adminUser());
            env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", config.adminPassword());
            env.put("JAVA_HOME", System.getProperty("java.home"));
            pb.redirectErrorStream(true);
            pb.redirectOutput(ProcessBuilder.Redirect.to(logFile().toFile()));
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            long started = System.nanoTime();
            Process launched = pb.start();
            process = launched;
            Files.writeString(config.home().resolve(PID_FILE), launched.pid() + "\n");
            if (shutdownHook == null) {
                shutdownHook = new Thread(() -> stopProcessTree(Duration.ofSeconds(20)), "keycloak-shutdown");
                Runtime.getRuntime().addShutdownHook(shutdownHook);
            }
            awaitReady(launched);
            startupTime = Duration.ofNanos(System.nanoTime() - started);
        } catch (IOException e) {
            stopProcessTree(Duration.ofSeconds(10));
            throw new UncheckedIOException("cannot start Keycloak in " + config.home(), e);
        }
    }

    private void awaitReady(Process launched) {
        URI discovery = URI.create(issuerUri() + "/.well-known/openid-configuration");
        HttpRequest request = HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(10)).GET().build();
        long deadline = System.nanoTime() + config.startTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            if (!launched.isAlive()) {
                int code = launched.exitValue();
                process = null;
                throw new IllegalStateException("Keycloak exited with code " + code + " during start; last lines of "
                        + logFile() + ":\n" + Launchers.tail(logFile(), 40));
            }
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopProcessTree(Duration.ofSeconds(10));
                throw new IllegalStateException("interrupted while waiting for Keycloak", e);
            }
            Launchers.pause(500, "Keycloak");
        }
        stopProcessTree(Duration.ofSeconds(10));
        throw new IllegalStateException("Keycloak did not serve " + discovery + " within " + config.startTimeout().toSeconds()
                + " s; last lines of " + logFile() + ":\n" + Launchers.tail(logFile(), 40));
    }

    private synchronized void stopProcessTree(Duration grace) {
        Process p = process;
        if (p == null) {
            return;
        }
        List<ProcessHandle> tree = tree(p.toHandle());
        // SIGTERM to all: java shuts down cleanly, kc.sh's trap forwards the signal and reaps java.
        tree.forEach(ProcessHandle::destroy);
        if (!awaitGone(tree, grace)) {
            List<ProcessHandle> now = new ArrayList<>(new LinkedHashSet<>(concat(tree(p.toHandle()), tree)));
            // Descendants first, so the script can still reap them before it dies.
            now.forEach(ProcessHandle::destroyForcibly);
            awaitGone(now, Duration.ofSeconds(10));
        }
        process = null;
        try {
            Files.deleteIfExists(config.home().resolve(PID_FILE));
        } catch (IOException ignored) {
            // a stale pid file is recognised as stale on the next start
        }
    }

    /**
     * Two servers on one home would share (and a fresh start would delete) one H2 database. A
     * launcher JVM that was killed leaves its Keycloak running; say so instead of starting a second.
     */
    private void requireNoServerOnThisHome() throws IOException {
        Path pidFile = config.home().resolve(PID_FILE);
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        String text = Files.readString(pidFile).strip();
        Optional<ProcessHandle> earlier = text.matches("\\d+") ? ProcessHandle.of(Long.parseLong(text)) : Optional.empty();
        String home = config.home().toString();
        boolean running = earlier.filter(ProcessHandle::isAlive)
                .flatMap(p -> p.info().commandLine())
                .filter(line -> line.contains(home))
                .isPresent();
        if (running) {
            throw new IllegalStateException("a Keycloak started from " + home + " is still running (pid " + text
                    + "); stop it (kill " + text + ") before starting another on the same home");
        }
        Files.delete(pidFile);
    }

    /** Descendants first, then the root. */
    private static List<ProcessHandle> tree(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>(root.descendants().toList());
        all.add(root);
        return all;
    }

    private static List<ProcessHandle> concat(List<ProcessHandle> a, List<ProcessHandle> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    private static boolean awaitGone(List<ProcessHandle> handles, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (handles.stream().anyMatch(ProcessHandle::isAlive)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    private void unpackIfNeeded() throws IOException {
        Path zip = config.distribution();
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("Keycloak distribution not found at " + zip
                    + "; build the deploy module first (mvn -pl deploy package), or set GW_KEYCLOAK_ZIP / -Dgw.keycloak.zip");
        }
        Path home = config.home();
        Path marker = home.resolve(UNPACKED_MARKER);
        String stamp = zip.getFileName() + " " + Files.size(zip);
        if (Files.isRegularFile(marker) && Files.readString(marker).strip().equals(stamp)
                && Files.isRegularFile(home.resolve("bin/kc.sh"))) {
            return;
        }
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            Set<String> topLevel = new LinkedHashSet<>();
            for (Enumeration<? extends ZipEntry> e = archive.entries(); e.hasMoreElements();) {
                String name = stripRoot(e.nextElement().getName());
                if (!name.isEmpty()) {
                    topLevel.add(name.split("/", 2)[0]);
                }
            }
            if (!topLevel.contains("bin") || !topLevel.contains("lib")) {
                throw new IllegalStateException(zip + " does not look like a Keycloak distribution (no bin/ and lib/)");
            }
            clearEarlierUnpack(home, topLevel);
            Files.createDirectories(home);
            for (Enumeration<? extends ZipEntry> e = archive.entries(); e.hasMoreElements();) {
                ZipEntry entry = e.nextElement();
                String name = stripRoot(entry.getName());
                if (name.isEmpty()) {
                    continue;
                }
                Path target = home.resolve(name).normalize();
                if (!target.startsWith(home)) {
                    throw new IllegalStateException("zip entry outside the home directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = archive.getInputStream(entry)) {
                        Files.copy(in, target);
                    }
                }
            }
        }
        try (DirectoryStream<Path> scripts = Files.newDirectoryStream(home.resolve("bin"), "*.sh")) {
            for (Path script : scripts) {
                Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
        Files.writeString(marker, stamp + "\n");
    }

    /**
     * Removes what an earlier (other version, or interrupted) unpack left, keeping {@code data/}.
     * Refuses to touch a folder that holds anything a Keycloak distribution would not.
     */
    private static void clearEarlierUnpack(Path home, Set<String> distributionEntries) throws IOException {
        if (!Files.isDirectory(home)) {
            return;
        }
        Set<String> ours = new LinkedHashSet<>(distributionEntries);
        ours.addAll(List.of("data", "keycloak.log", PID_FILE, UNPACKED_MARKER));
        List<Path> children;
        try (Stream<Path> list = Files.list(home)) {
            children = list.toList();
        }
        List<String> foreign = children.stream().map(p -> p.getFileName().toString()).filter(n -> !ours.contains(n)).toList();
        if (!foreign.isEmpty()) {
            throw new IllegalStateException("Keycloak home " + home + " holds files that are not from a Keycloak distribution "
                    + foreign + "; choose an empty or dedicated folder");
        }
        for (Path child : children) {
            if (!child.getFileName().toString().equals("data")) {
                deleteTree(child);
            }
        }
    }

    private static String stripRoot(String entryName) {
        int slash = entryName.indexOf('/');
        return slash < 0 ? entryName : entryName.substring(slash + 1);
    }

    private void writeRealm() throws IOException {
        Path importDir = config.home().resolve("data/import");
        Files.createDirectories(importDir);
        Path file = importDir.resolve(REALM + "-realm.json");
        String realm = realmJson(config.appUrl(), config.clientSecrets());
        boolean changed = Files.exists(file) && !Files.readString(file, StandardCharsets.UTF_8).equals(realm);
        if (changed && !config.fresh() && Files.isDirectory(config.home().resolve("data/h2"))) {
            System.err.println("[keycloak] the realm file changed (app URL " + config.appUrl() + "?) but Keycloak keeps the realm"
                    + " it imported before; start fresh (--fresh) to import it again");
        }
        // It holds the clients' secrets: readable by its owner only.
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, realm, StandardCharsets.UTF_8);
    }

    private static void requireFree(int port, String what) {
        try (ServerSocket ignored = new ServerSocket(port)) {
            // bindable on all interfaces, as Keycloak will bind it
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak " + what + " port " + port + " is already in use (another Keycloak still running?)", e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * {@code gw.keycloak.zip} system property, then {@code GW_KEYCLOAK_ZIP}, then the single
     * {@code keycloak-quarkus-dist-*.zip} in {@code deploy/target/keycloak} of the current folder or
     * one of its parents.
     */
    public static Path defaultDistribution() {
        return Launchers.locate("gw.keycloak.zip", "GW_KEYCLOAK_ZIP", "keycloak", KeycloakServer::distributionIn,
                Path.of("deploy/target/keycloak/keycloak-quarkus-dist.zip"));
    }

    private static Optional<Path> distributionIn(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> list = Files.list(dir)) {
            List<Path> zips = list.filter(p -> p.getFileName().toString().matches("keycloak-quarkus-dist-.*\\.zip")).sorted().toList();
            return zips.isEmpty() ? Optional.empty() : Optional.of(zips.get(zips.size() - 1));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Runs Keycloak until interrupted (Ctrl-C, SIGTERM), for {@code ./gw up}:
     * {@code --home DIR --port P --management-port M [--zip FILE] [--app-url URL] [--admin-user U]
     * [--admin-password P] [--client-secret S] [--trainer-client-secret S] [--pipeline-client-secret S]
     * [--judge-client-secret S] [--fresh] [--timeout-seconds S]}; secrets not given are random and printed once.
     */
    public static void main(String[] args) throws InterruptedException {
        Map<String, String> options = new HashMap<>();
        boolean fresh = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--fresh")) {
                fresh = true;
            } else if (arg.equals("--help") || arg.equals("-h")) {
                usage(null);
            } else if (arg.startsWith("--") && arg.contains("=")) {
                options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else if (arg.startsWith("--") && i + 1 < args.length) {
                options.put(arg.substring(2), args[++i]);
            } else {
                usage("unexpected argument '" + arg + "'");
            }
        }
        Set<String> known = new HashSet<>(Set.of("zip", "home", "port", "management-port", "app-url", "admin-user",
                "admin-password", "timeout-seconds"));
        Arrays.stream(ConfidentialClient.values()).map(ConfidentialClient::option).forEach(known::add);
        options.keySet().stream().filter(k -> !known.contains(k)).findFirst().ifPresent(k -> usage("unknown option --" + k));
        Builder builder = builder()
                .setHome(Path.of(options.getOrDefault("home", "data/keycloak")))
                .setHttpPort(intOption(options, "port", 8180))
                .setManagementPort(intOption(options, "management-port", 9180))
                .optFresh(fresh)
                .optStartTimeout(Duration.ofSeconds(intOption(options, "timeout-seconds", 300)));
        Optional.ofNullable(options.get("zip")).map(Path::of).ifPresent(builder::optDistribution);
        Optional.ofNullable(options.get("app-url")).map(URI::create).ifPresent(builder::optAppUrl);
        if (options.containsKey("admin-user") || options.containsKey("admin-password")) {
            builder.optAdmin(options.getOrDefault("admin-user", "admin"), options.getOrDefault("admin-password", randomSecret()));
        }
        for (ConfidentialClient client : ConfidentialClient.values()) {
            Optional.ofNullable(options.get(client.option())).ifPresent(secret -> builder.optClientSecret(client, secret));
        }
        Config config;
        try {
            config = builder.build();
        } catch (IllegalArgumentException e) {
            usage(e.getMessage());
            return;
        }
        System.out.println("[keycloak] starting in " + config.home() + " (log: " + config.home().resolve("keycloak.log") + ")");
        KeycloakServer server;
        try {
            server = start(config);
        } catch (RuntimeException e) {
            System.err.println("[keycloak] " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.printf("[keycloak] ready after %d s: issuer %s, admin console %s/admin (user %s)%n",
                server.startupTime().toSeconds(), server.issuerUri(), server.baseUrl(), config.adminUser());
        // Secrets that were not given are random: this console is the only place they are shown.
        if (!options.containsKey("admin-password")) {
            System.out.println("[keycloak] generated admin password: " + config.adminPassword());
        }
        for (ConfidentialClient client : ConfidentialClient.values()) {
            if (!options.containsKey(client.option())) {
                System.out.println("[keycloak] generated secret of " + client.clientId() + ": " + config.clientSecrets().get(client));
            }
        }
        int code = server.awaitExit();
        server.close();
        System.exit(code);
    }

    private static int intOption(Map<String, String> options, String name, int defaultValue) {
        String value = options.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            usage("--" + name + " needs a number, got '" + value + "'");
            return defaultValue;
        }
    }

    private static void usage(String problem) {
        if (problem != null) {
            System.err.println("error: " + problem);
        }
        System.err.println("usage: KeycloakServer --home DIR --port P --management-port M [--zip FILE] [--app-url URL]"
                + " [--admin-user U] [--admin-password P] [--client-secret S] [--trainer-client-secret S]"
                + " [--pipeline-client-secret S] [--judge-client-secret S] [--fresh] [--timeout-seconds S]");
        System.exit(problem == null ? 0 : 2);
    }

    /** {@code count} distinct free TCP ports (held open together while choosing, so they differ). */
    public static int[] freePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        } finally {
            for (ServerSocket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a listening socket that never accepted
                }
            }
        }
    }
}
