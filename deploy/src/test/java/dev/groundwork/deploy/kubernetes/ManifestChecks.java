package dev.groundwork.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a cluster would only find out when a pod does not start or a service does not answer: every Secret, ConfigMap,
 * PersistentVolumeClaim and Service that a resource names exists (in the manifests, in the secret generator, or as one
 * that an operator makes from a resource here, under the operator's naming rule), with the key or port named; every
 * selector selects pods; every container has resource requests and limits; and Groundwork's own rules: the
 * workbench's replicas, the GPU on the trainer, the topics of {@code Topics.java}, the critic's consumer group, every
 * {@code GW_*} variable documented.
 */
final class ManifestChecks {

    /** The keys of the Secrets CloudNativePG makes for a Cluster's application user ({@code <cluster>-app}). */
    static final Set<String> CNPG_APP_KEYS = Set.of("username", "password", "dbname", "host", "port", "uri", "jdbc-uri",
            "pgpass", "fqdn-uri", "fqdn-jdbc-uri");
    /** The keys of Strimzi's cluster CA certificate Secret ({@code <kafka>-cluster-ca-cert}). */
    static final Set<String> STRIMZI_CA_KEYS = Set.of("ca.crt", "ca.p12", "ca.password");
    /** The keys of the Secret Strimzi makes for a SCRAM-SHA-512 KafkaUser (named like the user). */
    static final Set<String> STRIMZI_SCRAM_KEYS = Set.of("password", "sasl.jaas.config");

    private static final Pattern HOST_PORT = Pattern.compile("^(?:[a-z]+:)*(?://)?([a-z0-9.-]+):([a-z0-9-]+)");

    final Kustomization k;
    final List<String> problems = new ArrayList<>();
    /** Secret name to its keys (null: the keys are not known, any key is accepted). */
    final Map<String, Set<String>> secrets = new HashMap<>();
    final Map<String, Set<String>> configMaps = new HashMap<>();
    final Set<String> claims = new TreeSet<>();
    /** Service name to its ports (numbers and names). */
    final Map<String, Set<String>> services = new HashMap<>();

    private ManifestChecks(Kustomization k) {
        this.k = k;
    }

    /** Every problem of the directory's manifests taken together; none when they hold together. */
    static List<String> problems(Kustomization k) {
        ManifestChecks c = new ManifestChecks(k);
        c.collect();
        c.references();
        c.selectors();
        c.resources();
        c.groundwork();
        return c.problems;
    }

    private void collect() {
        k.generatedSecrets.forEach((name, keys) -> secrets.put(name, keys));
        for (Manifest m : k.manifests) {
            JsonNode t = m.tree();
            switch (m.kind()) {
                case "Secret" -> secrets.put(m.name(), union(fieldNames(t.path("data")), fieldNames(t.path("stringData"))));
                case "ConfigMap" -> configMaps.put(m.name(), union(fieldNames(t.path("data")), fieldNames(t.path("binaryData"))));
                case "PersistentVolumeClaim" -> claims.add(m.name());
                case "Service" -> {
                    Set<String> ports = new LinkedHashSet<>();
                    for (JsonNode p : t.path("spec").path("ports")) {
                        ports.add(p.path("port").asText());
                        if (p.has("name")) {
                            ports.add(p.path("name").asText());
                        }
                    }
                    services.put(m.name(), ports);
                }
                case "Cluster" -> { // CloudNativePG
                    secrets.put(m.name() + "-app", CNPG_APP_KEYS);
                    for (String suffix : List.of("-rw", "-ro", "-r")) {
                        services.put(m.name() + suffix, Set.of("5432"));
                    }
                }
                case "Kafka" -> { // Strimzi
                    secrets.put(m.name() + "-cluster-ca-cert", STRIMZI_CA_KEYS);
                    Set<String> ports = new LinkedHashSet<>();
                    t.path("spec").path("kafka").path("listeners").forEach(l -> ports.add(l.path("port").asText()));
                    services.put(m.name() + "-kafka-bootstrap", ports);
                }
                case "KafkaUser" -> {
                    if ("scram-sha-512".equals(t.path("spec").path("authentication").path("type").asText())) {
                        secrets.put(m.name(), STRIMZI_SCRAM_KEYS);
                    }
                }
                case "Keycloak" -> {
                    JsonNode http = t.path("spec").path("http");
                    String port = http.path("httpEnabled").asBoolean(false) ? http.path("httpPort").asText("8080")
                            : http.path("httpsPort").asText("8443");
                    services.put(m.name() + "-service", Set.of(port));
                }
                default -> { }
            }
        }
    }

    private void references() {
        for (Manifest m : k.ofKind("Deployment")) {
            JsonNode pod = m.tree().path("spec").path("template").path("spec");
            Set<String> volumes = new LinkedHashSet<>();
            for (JsonNode v : pod.path("volumes")) {
                volumes.add(v.path("name").asText());
                if (v.has("secret")) {
                    JsonNode s = v.path("secret");
                    boolean optional = s.path("optional").asBoolean(false);
                    if (s.path("items").isEmpty()) {
                        secret(m, "volume " + v.path("name").asText(), s.path("secretName").asText(), null, optional);
                    }
                    s.path("items").forEach(i -> secret(m, "volume " + v.path("name").asText(), s.path("secretName").asText(),
                            i.path("key").asText(), optional));
                }
                if (v.has("configMap")) {
                    JsonNode c = v.path("configMap");
                    configMap(m, "volume " + v.path("name").asText(), c.path("name").asText(), null, c.path("optional").asBoolean(false));
                }
                if (v.has("persistentVolumeClaim") && !claims.contains(v.path("persistentVolumeClaim").path("claimName").asText())) {
                    problems.add(m + ": volume " + v.path("name").asText() + " claims PersistentVolumeClaim '"
                            + v.path("persistentVolumeClaim").path("claimName").asText() + "', which no manifest defines");
                }
            }
            for (JsonNode c : containers(pod)) {
                String where = "container " + c.path("name").asText();
                for (JsonNode e : c.path("env")) {
                    JsonNode from = e.path("valueFrom");
                    if (from.has("secretKeyRef")) {
                        JsonNode r = from.path("secretKeyRef");
                        secret(m, where + " env " + e.path("name").asText(), r.path("name").asText(), r.path("key").asText(),
                                r.path("optional").asBoolean(false));
                    }
                    if (from.has("configMapKeyRef")) {
                        JsonNode r = from.path("configMapKeyRef");
                        configMap(m, where + " env " + e.path("name").asText(), r.path("name").asText(), r.path("key").asText(),
                                r.path("optional").asBoolean(false));
                    }
                    String value = e.path("value").asText("");
                    String var = e.path("name").asText();
                    if (var.equals("GW_DB_URL") || var.equals("GW_KAFKA_BOOTSTRAP")) {
                        for (String server : value.split(",")) {
                            service(m, where + " env " + var, server.strip());
                        }
                    }
                }
                for (JsonNode e : c.path("envFrom")) {
                    if (e.has("secretRef")) {
                        secret(m, where + " envFrom", e.path("secretRef").path("name").asText(), null, e.path("secretRef").path("optional").asBoolean(false));
                    }
                    if (e.has("configMapRef")) {
                        configMap(m, where + " envFrom", e.path("configMapRef").path("name").asText(), null, e.path("configMapRef").path("optional").asBoolean(false));
                    }
                }
                for (JsonNode mount : c.path("volumeMounts")) {
                    if (!volumes.contains(mount.path("name").asText())) {
                        problems.add(m + ": " + where + " mounts volume '" + mount.path("name").asText() + "', which the pod does not have");
                    }
                }
                Set<String> ports = new LinkedHashSet<>();
                c.path("ports").forEach(p -> {
                    ports.add(p.path("containerPort").asText());
                    if (p.has("name")) {
                        ports.add(p.path("name").asText());
                    }
                });
                for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
                    JsonNode port = c.path(probe).path("httpGet").path("port");
                    if (!port.isMissingNode() && !ports.contains(port.asText())) {
                        problems.add(m + ": " + where + " " + probe + " uses port '" + port.asText() + "', which the container does not declare");
                    }
                }
            }
        }
        for (Manifest m : k.ofKind("Ingress")) {
            for (JsonNode rule : m.tree().path("spec").path("rules")) {
                for (JsonNode path : rule.path("http").path("paths")) {
                    JsonNode s = path.path("backend").path("service");
                    JsonNode port = s.path("port").has("name") ? s.path("port").path("name") : s.path("port").path("number");
                    service(m, "backend", s.path("name").asText() + ":" + port.asText());
                }
            }
        }
        for (Manifest m : k.ofKind("KeycloakRealmImport")) {
            JsonNode spec = m.tree().path("spec");
            if (k.ofKind("Keycloak").stream().noneMatch(kc -> kc.name().equals(spec.path("keycloakCRName").asText()))) {
                problems.add(m + ": keycloakCRName '" + spec.path("keycloakCRName").asText() + "' is no Keycloak here");
            }
            spec.path("placeholders").fields().forEachRemaining(p -> secret(m, "placeholder " + p.getKey(),
                    p.getValue().path("secret").path("name").asText(), p.getValue().path("secret").path("key").asText(), false));
            Set<String> used = new TreeSet<>();
            Matcher tokens = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}").matcher(spec.path("realm").toString());
            while (tokens.find()) {
                used.add(tokens.group(1));
            }
            used.removeAll(fieldNames(spec.path("placeholders")));
            if (!used.isEmpty()) {
                problems.add(m + ": the realm uses ${" + String.join("}, ${", used) + "} without a placeholder for it");
            }
        }
        for (Manifest m : k.ofKind("Keycloak")) {
            JsonNode db = m.tree().path("spec").path("db");
            for (String s : List.of("usernameSecret", "passwordSecret")) {
                if (db.has(s)) {
                    secret(m, "db." + s, db.path(s).path("name").asText(), db.path(s).path("key").asText(), false);
                }
            }
            if (db.has("host")) {
                service(m, "db", db.path("host").asText() + ":" + db.path("port").asText("5432"));
            }
            JsonNode admin = m.tree().path("spec").path("bootstrapAdmin").path("user").path("secret");
            if (!admin.isMissingNode()) {
                secret(m, "bootstrapAdmin", admin.asText(), "username", false);
                secret(m, "bootstrapAdmin", admin.asText(), "password", false);
            }
        }
        for (Manifest m : k.ofKind("TriggerAuthentication")) {
            m.tree().path("spec").path("secretTargetRef").forEach(r -> secret(m, "secretTargetRef " + r.path("parameter").asText(),
                    r.path("name").asText(), r.path("key").asText(), false));
        }
        for (Manifest m : k.ofKind("KafkaUser")) {
            JsonNode r = m.tree().path("spec").path("authentication").path("password").path("valueFrom").path("secretKeyRef");
            if (!r.isMissingNode()) {
                secret(m, "password", r.path("name").asText(), r.path("key").asText(), false);
            }
        }
        for (String kind : List.of("KafkaNodePool", "KafkaTopic", "KafkaUser")) {
            for (Manifest m : k.ofKind(kind)) {
                String cluster = m.tree().path("metadata").path("labels").path("strimzi.io/cluster").asText("");
                if (k.ofKind("Kafka").stream().noneMatch(kafka -> kafka.name().equals(cluster))) {
                    problems.add(m + ": label strimzi.io/cluster '" + cluster + "' names no Kafka here");
                }
            }
        }
        for (Manifest m : k.ofKind("ScaledObject")) {
            JsonNode spec = m.tree().path("spec");
            String target = spec.path("scaleTargetRef").path("name").asText();
            if (k.ofKind("Deployment").stream().noneMatch(d -> d.name().equals(target))) {
                problems.add(m + ": scaleTargetRef '" + target + "' is no Deployment here");
            }
            for (JsonNode trigger : spec.path("triggers")) {
                String auth = trigger.path("authenticationRef").path("name").asText("");
                if (!auth.isEmpty() && k.ofKind("TriggerAuthentication").stream().noneMatch(a -> a.name().equals(auth))) {
                    problems.add(m + ": authenticationRef '" + auth + "' is no TriggerAuthentication here");
                }
                for (String server : trigger.path("metadata").path("bootstrapServers").asText("").split(",")) {
                    if (!server.isBlank()) {
                        service(m, "trigger bootstrapServers", server.strip());
                    }
                }
            }
        }
    }

    private void selectors() {
        for (String kind : List.of("Service", "PodDisruptionBudget")) {
            for (Manifest m : k.ofKind(kind)) {
                JsonNode selector = kind.equals("Service") ? m.tree().path("spec").path("selector")
                        : m.tree().path("spec").path("selector").path("matchLabels");
                if (selector.isEmpty()) {
                    problems.add(m + ": selects no pods (empty selector)");
                } else if (k.ofKind("Deployment").stream().noneMatch(d -> selects(selector, d))) {
                    problems.add(m + ": selector " + selector + " matches no Deployment's pods");
                }
            }
        }
        for (Manifest d : k.ofKind("Deployment")) {
            JsonNode selector = d.tree().path("spec").path("selector").path("matchLabels");
            if (!selects(selector, d)) {
                problems.add(d + ": spec.selector " + selector + " does not match its own pod template's labels");
            }
        }
        for (Manifest pdb : k.ofKind("PodDisruptionBudget")) {
            JsonNode min = pdb.tree().path("spec").path("minAvailable");
            k.ofKind("Deployment").stream().filter(d -> selects(pdb.tree().path("spec").path("selector").path("matchLabels"), d))
                    .forEach(d -> {
                        int replicas = d.tree().path("spec").path("replicas").asInt(1);
                        if (min.isInt() && min.asInt() >= replicas) {
                            problems.add(pdb + ": minAvailable " + min.asInt() + " of " + replicas + " replicas of " + d.name()
                                    + " would block every node drain");
                        }
                    });
        }
    }

    private void resources() {
        for (Manifest m : k.ofKind("Deployment")) {
            for (JsonNode c : containers(m.tree().path("spec").path("template").path("spec"))) {
                requestsAndLimits(m, "container " + c.path("name").asText(), c.path("resources"));
            }
        }
        for (Manifest m : k.ofKind("KafkaNodePool")) {
            requestsAndLimits(m, "spec", m.tree().path("spec").path("resources"));
        }
        for (Manifest m : k.ofKind("Kafka")) {
            for (String operator : List.of("topicOperator", "userOperator")) {
                JsonNode eo = m.tree().path("spec").path("entityOperator").path(operator);
                if (!eo.isMissingNode()) {
                    requestsAndLimits(m, "entityOperator." + operator, eo.path("resources"));
                }
            }
        }
        for (String kind : List.of("Cluster", "Keycloak")) {
            for (Manifest m : k.ofKind(kind)) {
                requestsAndLimits(m, "spec", m.tree().path("spec").path("resources"));
            }
        }
    }

    private void requestsAndLimits(Manifest m, String where, JsonNode resources) {
        for (String bound : List.of("requests", "limits")) {
            for (String resource : List.of("cpu", "memory")) {
                if (!resources.path(bound).has(resource)) {
                    problems.add(m + ": " + where + " has no resources." + bound + "." + resource);
                }
            }
        }
    }

    /** Groundwork's own rules for its deployment. */
    private void groundwork() {
        String documented = JavaConstants.source("docs/configuration.md");
        for (Manifest m : k.ofKind("Deployment")) {
            for (JsonNode c : containers(m.tree().path("spec").path("template").path("spec"))) {
                for (JsonNode e : c.path("env")) {
                    String var = e.path("name").asText();
                    boolean prefixed = var.startsWith("GW_KAFKA_CLIENT_") && documented.contains("`GW_KAFKA_CLIENT_*`");
                    if (var.startsWith("GW_") && !prefixed && !documented.contains("`" + var + "`")) {
                        problems.add(m + ": container " + c.path("name").asText() + " sets " + var
                                + ", which docs/configuration.md does not document (misspelt? no process reads it)");
                    }
                }
            }
        }
        String topicsJava = "annotation/src/main/java/dev/groundwork/annotation/event/Topics.java";
        Set<String> topics = new TreeSet<>(JavaConstants.stringList(topicsJava, "ALL"));
        Map<String, Manifest> kafkaTopics = k.ofKind("KafkaTopic").stream().collect(Collectors.toMap(
                t -> t.tree().path("spec").path("topicName").asText(t.name()), t -> t, (a, b) -> a));
        Set<String> missing = new TreeSet<>(topics);
        missing.removeAll(kafkaTopics.keySet());
        if (!missing.isEmpty()) {
            problems.add("no KafkaTopic for " + missing + " (Topics.ALL in " + topicsJava + ")");
        }
        Set<String> extra = new TreeSet<>(kafkaTopics.keySet());
        extra.removeAll(topics);
        if (!extra.isEmpty()) {
            problems.add("KafkaTopic " + extra + " is not in Topics.ALL (" + topicsJava + "): no process uses it");
        }
        for (Manifest d : k.ofKind("Deployment")) {
            for (JsonNode c : containers(d.tree().path("spec").path("template").path("spec"))) {
                env(c, "GW_KAFKA_PARTITIONS").ifPresent(n -> kafkaTopics.values().forEach(t -> {
                    if (!t.tree().path("spec").path("partitions").asText().equals(n)) {
                        problems.add(t + ": " + t.tree().path("spec").path("partitions").asText() + " partitions, but " + d.name()
                                + " creates missing topics with GW_KAFKA_PARTITIONS=" + n);
                    }
                }));
            }
        }
        String criticJava = "critic/src/main/java/dev/groundwork/critic/worker/CriticWorker.java";
        String criticGroup = JavaConstants.string(criticJava, "GROUP");
        String criticTopic = JavaConstants.string(topicsJava, "CRITIC_REQUESTS");
        List<Manifest> scaled = k.ofKind("ScaledObject");
        if (scaled.isEmpty()) {
            problems.add("no ScaledObject: the critic workers are not scaled on their consumer lag");
        }
        for (Manifest m : scaled) {
            for (JsonNode trigger : m.tree().path("spec").path("triggers")) {
                JsonNode md = trigger.path("metadata");
                if (!"kafka".equals(trigger.path("type").asText())) {
                    problems.add(m + ": trigger type " + trigger.path("type").asText() + ", not kafka");
                    continue;
                }
                if (!criticGroup.equals(md.path("consumerGroup").asText())) {
                    problems.add(m + ": consumerGroup '" + md.path("consumerGroup").asText() + "' is not the critic's group '"
                            + criticGroup + "' (CriticWorker.GROUP)");
                }
                if (!criticTopic.equals(md.path("topic").asText())) {
                    problems.add(m + ": topic '" + md.path("topic").asText() + "' is not " + criticTopic + " (Topics.CRITIC_REQUESTS)");
                }
                Manifest topic = kafkaTopics.get(criticTopic);
                int max = m.tree().path("spec").path("maxReplicaCount").asInt(100);
                if (topic != null && max > topic.tree().path("spec").path("partitions").asInt()) {
                    problems.add(m + ": maxReplicaCount " + max + " is more than the " + topic.tree().path("spec").path("partitions").asInt()
                            + " partitions of " + criticTopic + " (the extra pods would stand by)");
                }
            }
        }
        Optional<Manifest> web = deployment("groundwork-web");
        web.ifPresentOrElse(w -> {
            int replicas = w.tree().path("spec").path("replicas").asInt(1);
            if (replicas < 2) {
                problems.add(w + ": " + replicas + " replica(s); the workbench runs two or more");
            }
        }, () -> problems.add("no Deployment groundwork-web"));
        Optional<Manifest> trainer = deployment("groundwork-trainer");
        trainer.ifPresentOrElse(t -> {
            JsonNode pod = t.tree().path("spec").path("template").path("spec");
            boolean gpu = containers(pod).stream().anyMatch(c -> c.path("resources").path("limits").path("nvidia.com/gpu").asInt(0) >= 1);
            if (!gpu) {
                problems.add(t + ": no container has the limit nvidia.com/gpu >= 1: the trainer would run on a CPU");
            }
            boolean tolerates = false;
            for (JsonNode tol : pod.path("tolerations")) {
                tolerates |= "nvidia.com/gpu".equals(tol.path("key").asText());
            }
            if (pod.path("nodeSelector").isEmpty() || !tolerates) {
                problems.add(t + ": needs a nodeSelector for GPU nodes and a toleration of nvidia.com/gpu");
            }
        }, () -> problems.add("no Deployment groundwork-trainer"));
        for (Manifest d : k.ofKind("Deployment")) {
            if (trainer.isPresent() && d != trainer.get()) {
                for (JsonNode c : containers(d.tree().path("spec").path("template").path("spec"))) {
                    if (c.path("resources").path("limits").has("nvidia.com/gpu")) {
                        problems.add(d + ": asks for a GPU; only the trainer trains");
                    }
                }
            }
        }
    }

    private Optional<Manifest> deployment(String name) {
        return k.ofKind("Deployment").stream().filter(d -> d.name().equals(name)).findFirst();
    }

    static Optional<String> env(JsonNode container, String name) {
        for (JsonNode e : container.path("env")) {
            if (name.equals(e.path("name").asText()) && e.has("value")) {
                return Optional.of(e.path("value").asText());
            }
        }
        return Optional.empty();
    }

    static List<JsonNode> containers(JsonNode pod) {
        List<JsonNode> all = new ArrayList<>();
        pod.path("initContainers").forEach(all::add);
        pod.path("containers").forEach(all::add);
        return all;
    }

    private static boolean selects(JsonNode selector, Manifest deployment) {
        JsonNode labels = deployment.tree().path("spec").path("template").path("metadata").path("labels");
        if (selector.isEmpty()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) selector::fields) {
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    private void secret(Manifest m, String where, String name, String key, boolean optional) {
        if (optional) {
            return;
        }
        if (!secrets.containsKey(name)) {
            problems.add(m + ": " + where + " names Secret '" + name + "', which neither the manifests, the secret generator"
                    + " nor an operator here makes");
        } else if (key != null && secrets.get(name) != null && !secrets.get(name).contains(key)) {
            problems.add(m + ": " + where + " names key '" + key + "' of Secret '" + name + "', which has only "
                    + new TreeSet<>(secrets.get(name)));
        }
    }

    private void configMap(Manifest m, String where, String name, String key, boolean optional) {
        if (optional) {
            return;
        }
        if (!configMaps.containsKey(name)) {
            problems.add(m + ": " + where + " names ConfigMap '" + name + "', which no manifest defines");
        } else if (key != null && !configMaps.get(name).contains(key)) {
            problems.add(m + ": " + where + " names key '" + key + "' of ConfigMap '" + name + "', which has only "
                    + new TreeSet<>(configMaps.get(name)));
        }
    }

    /** {@code host:port} (or a URL starting so) must be a Service here, or one an operator makes, with that port. */
    private void service(Manifest m, String where, String address) {
        Matcher hp = HOST_PORT.matcher(address);
        if (!hp.find()) {
            problems.add(m + ": " + where + " '" + address + "' is not host:port");
            return;
        }
        String host = hp.group(1);
        String port = hp.group(2);
        // A short name, or <name>.<namespace>.svc[.cluster.local] in this namespace.
        String namespace = k.spec.path("namespace").asText("");
        String name = host.endsWith("." + namespace + ".svc") || host.endsWith("." + namespace + ".svc.cluster.local")
                ? host.substring(0, host.indexOf('.')) : host;
        if (name.contains(".")) {
            return; // outside the cluster
        }
        if (!services.containsKey(name)) {
            problems.add(m + ": " + where + " names Service '" + name + "', which neither the manifests nor an operator here makes");
        } else if (!services.get(name).contains(port)) {
            problems.add(m + ": " + where + " names port " + port + " of Service '" + name + "', which has only " + services.get(name));
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }
}
