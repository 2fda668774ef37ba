package dev.groundwork.deploy.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes validated without a cluster: every manifest read strictly into its kind's model or checked against
 * its operator's CRD schema ({@link ManifestValidator}), the manifests' references to one another
 * ({@link ManifestChecks}), and what Groundwork itself needs of them (below).
 */
class KubernetesManifestsTest {

    static Kustomization k;

    @BeforeAll
    static void read() {
        k = Kustomization.read(JavaConstants.ROOT.resolve("deploy/kubernetes"));
    }

    @Test
    void theKustomizationListsEveryManifestAndEverySecretHasAnExample() {
        assertThat(k.problems).isEmpty();
        assertThat(k.manifests).hasSizeGreaterThan(20);
        assertThat(k.spec.path("namespace").asText()).isEqualTo("groundwork");
    }

    @Test
    void everyManifestIsValidForItsKind() {
        List<String> problems = new ArrayList<>();
        k.manifests.forEach(m -> problems.addAll(ManifestValidator.problems(m)));
        assertThat(problems).isEmpty();
        // The operators' kinds are all there, each validated by a model or a schema.
        assertThat(k.manifests.stream().map(m -> m.apiVersion() + "/" + m.kind()).distinct()).contains(
                "kafka.strimzi.io/v1/Kafka", "kafka.strimzi.io/v1/KafkaNodePool", "kafka.strimzi.io/v1/KafkaTopic",
                "postgresql.cnpg.io/v1/Cluster", "k8s.keycloak.org/v2alpha1/Keycloak",
                "k8s.keycloak.org/v2alpha1/KeycloakRealmImport", "keda.sh/v1alpha1/ScaledObject", "apps/v1/Deployment",
                "networking.k8s.io/v1/Ingress", "policy/v1/PodDisruptionBudget");
    }

    @Test
    void theManifestsHoldTogether() {
        assertThat(ManifestChecks.problems(k)).isEmpty();
    }

    @Test
    void kafkaHasThreeBrokersReplicationThreeAndTwoInSync() {
        Manifest pool = only("KafkaNodePool");
        assertThat(pool.tree().at("/spec/replicas").asInt()).isEqualTo(3);
        assertThat(texts(pool.tree().at("/spec/roles"))).containsExactlyInAnyOrder("broker", "controller");
        JsonNode config = only("Kafka").tree().at("/spec/kafka/config");
        assertThat(config.path("default.replication.factor").asInt()).isEqualTo(3);
        assertThat(config.path("min.insync.replicas").asInt()).isEqualTo(2);
        assertThat(config.path("transaction.state.log.replication.factor").asInt()).isEqualTo(3);
        assertThat(config.path("transaction.state.log.min.isr").asInt()).isEqualTo(2);
        for (Manifest topic : k.ofKind("KafkaTopic")) {
            assertThat(topic.tree().at("/spec/replicas").asInt()).as(topic.toString()).isEqualTo(3);
            assertThat(topic.tree().at("/spec/config/min.insync.replicas").asInt()).as(topic.toString()).isEqualTo(2);
            // deploy/README.md, "Partitions and scale-out": 12 for a large team.
            assertThat(topic.tree().at("/spec/partitions").asInt()).as(topic.toString()).isEqualTo(12);
        }
        for (Manifest d : k.ofKind("Deployment")) {
            JsonNode c = d.tree().at("/spec/template/spec/containers/0");
            assertThat(ManifestChecks.env(c, "GW_KAFKA_REPLICATION_FACTOR")).as(d.toString()).contains("3");
        }
    }

    @Test
    void theWorkbenchDatabaseIsACloudNativePgClusterOfThreeWiredIntoTheDatasource() {
        Manifest db = k.ofKind("Cluster").stream().filter(c -> c.name().equals("groundwork-db")).findFirst().orElseThrow();
        assertThat(db.tree().at("/spec/instances").asInt()).isEqualTo(3);
        String database = db.tree().at("/spec/bootstrap/initdb/database").asText();
        for (String service : List.of("groundwork-web", "groundwork-critic")) {
            JsonNode c = container(service);
            assertThat(ManifestChecks.env(c, "GW_DB_URL")).contains("jdbc:postgresql://groundwork-db-rw:5432/" + database);
            assertThat(secretRef(c, "GW_DB_USER")).isEqualTo("groundwork-db-app/username");
            assertThat(secretRef(c, "GW_DB_PASSWORD")).isEqualTo("groundwork-db-app/password");
        }
    }

    @Test
    void theWebApplicationRunsTwoReplicasWithStickySessionsProbesAndTheClusteredScheduler() {
        Manifest web = deployment("groundwork-web");
        assertThat(web.tree().at("/spec/replicas").asInt()).isGreaterThanOrEqualTo(2);
        JsonNode c = container("groundwork-web");
        assertThat(texts(c.path("args"))).containsExactly("serve");
        // Each replica has its own instance id (its relays' transactional ids), and runs relays.
        assertThat(c.path("env").findValuesAsText("fieldPath")).contains("metadata.name");
        assertThat(Integer.parseInt(ManifestChecks.env(c, "GW_OUTBOX_RELAYS").orElse("1"))).isGreaterThanOrEqualTo(2);
        // Quartz runs clustered on the JDBC store in every instance (EmbeddedDefaults); no replica turns it off.
        String defaults = JavaConstants.source("web-ui/src/main/java/dev/groundwork/web/EmbeddedDefaults.java");
        assertThat(defaults).contains("Map.entry(\"spring.quartz.properties.org.quartz.jobStore.isClustered\", \"true\")")
                .contains("Map.entry(\"spring.quartz.job-store-type\", \"jdbc\")");
        assertThat(ManifestChecks.env(c, "GW_SCHEDULER_ENABLED")).contains("true");
        // Vaadin's UI state lives in one pod's session: the Ingress pins a browser to a pod.
        Manifest ingress = k.ofKind("Ingress").stream().filter(i -> i.name().equals("groundwork-web")).findFirst().orElseThrow();
        assertThat(ingress.tree().at("/metadata/annotations/nginx.ingress.kubernetes.io~1affinity").asText()).isEqualTo("cookie");
        // The probes are Actuator's, which the defaults expose and the security configuration opens to anyone.
        assertThat(c.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/actuator/health/readiness");
        assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/actuator/health/liveness");
        assertThat(c.at("/startupProbe/httpGet/path").asText()).isEqualTo("/actuator/health/liveness");
        assertThat(defaults).contains("Map.entry(\"management.endpoints.web.exposure.include\", \"health,prometheus\")")
                .contains("Map.entry(\"management.endpoint.health.probes.enabled\", \"true\")");
        String security = JavaConstants.source("web-ui/src/main/java/dev/groundwork/web/security/SecurityConfiguration.java");
        assertThat(security).contains("\"/actuator/health/**\"").contains("\"/actuator/prometheus\"")
                .contains("requestMatchers(OPS_ENDPOINTS).permitAll()");
        assertThat(web.tree().at("/spec/template/metadata/annotations/prometheus.io~1path").asText())
                .isEqualTo("/actuator/prometheus");
        // The workbench's command: Serve in the web-ui jar's command line.
        assertThat(JavaConstants.source("web-ui/src/main/java/dev/groundwork/web/cli/GroundworkCli.java")).contains("Serve.class");
        assertThat(JavaConstants.source("web-ui/src/main/java/dev/groundwork/web/cli/Serve.java")).contains("@Command(name = \"serve\"");
        Manifest pdb = only("PodDisruptionBudget");
        assertThat(pdb.tree().at("/spec/selector/matchLabels")).isEqualTo(web.tree().at("/spec/selector/matchLabels"));
    }

    @Test
    void theTrainerAndCriticAnswerProbesAndScrapesOnTheirOpsPort() {
        for (String name : List.of("groundwork-trainer", "groundwork-critic")) {
            Manifest deployment = deployment(name);
            JsonNode c = container(name);
            List<String> args = texts(c.path("args"));
            int at = args.indexOf("--ops-port");
            assertThat(at).as(name + " args").isNotNegative();
            int port = Integer.parseInt(args.get(at + 1));
            JsonNode ops = null;
            for (JsonNode p : c.path("ports")) {
                if (p.path("name").asText().equals("ops")) {
                    ops = p;
                }
            }
            assertThat(ops).as(name + " ops port").isNotNull();
            assertThat(ops.path("containerPort").asInt()).isEqualTo(port);
            assertThat(c.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/health/ready");
            assertThat(c.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/health/live");
            for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
                assertThat(c.path(probe).at("/httpGet/port").asText()).as(name + " " + probe).isEqualTo("ops");
            }
            JsonNode annotations = deployment.tree().at("/spec/template/metadata/annotations");
            assertThat(annotations.path("prometheus.io/port").asText()).isEqualTo(Integer.toString(port));
            assertThat(annotations.path("prometheus.io/path").asText()).isEqualTo("/metrics");
            assertThat(ManifestChecks.env(c, "GW_LOG_FORMAT")).contains("json");
        }
        // The paths are the ones ServiceOps serves, and both commands take the option.
        assertThat(JavaConstants.source("annotation/src/main/java/dev/groundwork/annotation/ops/ServiceOps.java"))
                .contains("createContext(\"/health/live\"").contains("createContext(\"/health/ready\"")
                .contains("createContext(\"/metrics\"");
        assertThat(JavaConstants.source("trainer/src/main/java/dev/groundwork/trainer/cli/ServiceCommand.java")).contains("\"--ops-port\"");
        assertThat(JavaConstants.source("critic/src/main/java/dev/groundwork/critic/cli/ServeCommand.java")).contains("\"--ops-port\"");
    }

    @Test
    void theTrainerRunsOnAGpuWithTheCudaLibtorchOfTheTrainerDocs() throws IOException {
        Manifest trainer = deployment("groundwork-trainer");
        JsonNode c = container("groundwork-trainer");
        assertThat(c.at("/resources/limits/nvidia.com~1gpu").asInt()).isEqualTo(1);
        assertThat(trainer.tree().at("/spec/strategy/type").asText()).isEqualTo("Recreate");
        // The settings docs/trainer.md gives for a GPU host, each as the trainer's environment.
        Map<String, String> exports = new TreeMap<>();
        Matcher m = Pattern.compile("export (PYTORCH_[A-Z_]+)=(\\S+)").matcher(Files.readString(JavaConstants.ROOT.resolve("docs/trainer.md")));
        while (m.find()) {
            exports.put(m.group(1), m.group(2));
        }
        assertThat(exports).containsKeys("PYTORCH_LIBRARY_PATH", "PYTORCH_VERSION", "PYTORCH_FLAVOR");
        exports.forEach((name, value) -> assertThat(ManifestChecks.env(c, name)).as(name).contains(value));
        // The artifact store is the web application's: the same claim, mounted at the same GW_ARTIFACTS_DIR.
        for (String other : List.of("groundwork-web", "groundwork-critic")) {
            assertThat(ManifestChecks.env(container(other), "GW_ARTIFACTS_DIR")).isEqualTo(ManifestChecks.env(c, "GW_ARTIFACTS_DIR"));
            assertThat(claimAt(other, ManifestChecks.env(c, "GW_ARTIFACTS_DIR").orElseThrow())).isEqualTo("groundwork-artifacts");
        }
        assertThat(claimAt("groundwork-trainer", ManifestChecks.env(c, "GW_ARTIFACTS_DIR").orElseThrow())).isEqualTo("groundwork-artifacts");
        Manifest artifacts = k.ofKind("PersistentVolumeClaim").stream().filter(p -> p.name().equals("groundwork-artifacts")).findFirst().orElseThrow();
        assertThat(texts(artifacts.tree().at("/spec/accessModes"))).containsExactly("ReadWriteMany");
    }

    @Test
    void theCriticIsScaledByKedaOnItsGroupsLag() {
        Manifest scaled = only("ScaledObject");
        assertThat(scaled.tree().at("/spec/scaleTargetRef/name").asText()).isEqualTo("groundwork-critic");
        JsonNode md = scaled.tree().at("/spec/triggers/0/metadata");
        assertThat(md.path("consumerGroup").asText())
                .isEqualTo(JavaConstants.string("critic/src/main/java/dev/groundwork/critic/worker/CriticWorker.java", "GROUP"));
        assertThat(md.path("topic").asText())
                .isEqualTo(JavaConstants.string("annotation/src/main/java/dev/groundwork/annotation/event/Topics.java", "CRITIC_REQUESTS"));
    }

    /**
     * The realm the operator imports is deploy/keycloak/groundwork-realm.json without its demo users, so that the two
     * never drift apart; no password or client secret is in it.
     */
    @Test
    void theRealmImportIsTheRealmFileWithoutDemoUsersOrSecrets() throws IOException {
        ObjectNode file = (ObjectNode) new ObjectMapper().readTree(JavaConstants.ROOT.resolve("deploy/keycloak/groundwork-realm.json").toFile());
        ArrayNode users = file.putArray("users");
        new ObjectMapper().readTree(JavaConstants.ROOT.resolve("deploy/keycloak/groundwork-realm.json").toFile()).path("users")
                .forEach(u -> {
                    if (!u.has("credentials")) {
                        users.add(u);
                    }
                });
        JsonNode imported = only("KeycloakRealmImport").tree().at("/spec/realm");
        assertThat(imported).isEqualTo(file);
        assertThat(imported.findValues("credentials")).isEmpty();
        assertThat(imported.findValues("password")).isEmpty();
        imported.path("clients").forEach(client -> {
            if (client.has("secret")) {
                assertThat(client.path("secret").asText()).as(client.path("clientId").asText()).matches("\\$\\{[A-Z_]+}");
            }
        });
        // The web application's issuer is the imported realm at Keycloak's public host name.
        String hostname = only("Keycloak").tree().at("/spec/hostname/hostname").asText();
        assertThat(ManifestChecks.env(container("groundwork-web"), "GW_OIDC_ISSUER"))
                .contains(hostname + "/realms/" + imported.path("realm").asText());
    }

    /** Secrets come from files git ignores; nothing here holds one. */
    @Test
    void noSecretIsCommitted() throws IOException {
        assertThat(k.ofKind("Secret")).isEmpty();
        assertThat(Files.readString(k.dir.resolve("secrets/.gitignore"))).contains("*.env");
        for (Map.Entry<String, java.util.Set<String>> s : k.generatedSecrets.entrySet()) {
            assertThat(s.getValue()).as(s.getKey()).isNotEmpty();
        }
        try (var examples = Files.list(k.dir.resolve("secrets"))) {
            for (Path example : examples.filter(p -> p.toString().endsWith(".env.example")).toList()) {
                for (String line : Files.readAllLines(example)) {
                    if (line.matches("(password|api-key|.*-secret)=.*")) {
                        assertThat(line).as(example.getFileName().toString()).endsWith("=");
                    }
                }
            }
        }
    }

    private static Manifest only(String kind) {
        List<Manifest> all = k.ofKind(kind);
        assertThat(all).as(kind).hasSize(1);
        return all.get(0);
    }

    private static Manifest deployment(String name) {
        return k.ofKind("Deployment").stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no Deployment " + name));
    }

    private static JsonNode container(String deployment) {
        return deployment(deployment).tree().at("/spec/template/spec/containers/0");
    }

    private static String secretRef(JsonNode container, String var) {
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals(var)) {
                JsonNode r = e.at("/valueFrom/secretKeyRef");
                return r.path("name").asText() + "/" + r.path("key").asText();
            }
        }
        return null;
    }

    /** The claim mounted at {@code path} in the deployment's first container. */
    private static String claimAt(String deployment, String path) {
        JsonNode pod = deployment(deployment).tree().at("/spec/template/spec");
        for (JsonNode mount : pod.at("/containers/0/volumeMounts")) {
            if (mount.path("mountPath").asText().equals(path)) {
                for (JsonNode v : pod.path("volumes")) {
                    if (v.path("name").asText().equals(mount.path("name").asText())) {
                        return v.at("/persistentVolumeClaim/claimName").asText(null);
                    }
                }
            }
        }
        return null;
    }

    private static List<String> texts(JsonNode array) {
        List<String> all = new ArrayList<>();
        array.forEach(n -> all.add(n.asText()));
        return all;
    }
}
