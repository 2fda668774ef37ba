package dev.groundwork.deploy.kubernetes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Validates one manifest without a cluster. Core kinds are read into fabric8's Kubernetes model and Strimzi's kinds into
 * Strimzi's published model ({@code io.strimzi:api}), both strictly ({@link StrictModel}); the resources of the other
 * operators (CloudNativePG, Keycloak, KEDA, Kubeflow Trainer, KubeRay), which publish no Java model, are checked
 * against their CRDs' schemas ({@link CrdSchema}), with their {@code metadata} read into fabric8's {@code ObjectMeta}
 * and the core types a schema leaves out (a RayJob's pod specs) into fabric8's model of them. A kind of another
 * {@code apiVersion} than these (an old or misspelt one) is refused.
 */
final class ManifestValidator {

    /** Core and Strimzi kinds, by {@code apiVersion/kind}, and the model class each is read into. */
    static final Map<String, Class<?>> MODELS = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/PersistentVolumeClaim", PersistentVolumeClaim.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1/KafkaUser", KafkaUser.class));

    /** The operators' resources without a Java model, checked against their CRDs' schemas. */
    static final List<CrdSchema> SCHEMAS = Stream.of("cnpg-cluster.json", "keycloak.json", "keycloakrealmimport.json",
            "keda-scaledobject.json", "keda-triggerauthentication.json", "kubeflow-trainjob.json", "kuberay-rayjob.json")
            .map(CrdSchema::load).toList();

    /** The core types an operator's schema may leave to fabric8 ({@code embedded} in the schema file), by name. */
    private static final Map<String, Class<?>> EMBEDDED = Map.of("PodSpec", PodSpec.class);

    /** A DNS-1123 subdomain: what {@code metadata.name} must be for these kinds. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private ManifestValidator() {}

    /** Every problem of the manifest, each naming the file, the document and where; none when it is valid. */
    static List<String> problems(Manifest m) {
        List<String> problems = new ArrayList<>();
        String type = m.apiVersion() + "/" + m.kind();
        if (m.apiVersion().isEmpty() || m.kind().isEmpty()) {
            problems.add(m + ": apiVersion and kind are required");
            return problems;
        }
        String name = m.name();
        if (name.isEmpty()) {
            problems.add(m + ": metadata.name is required");
        } else if (name.length() > 253 || !NAME.matcher(name).matches()) {
            problems.add(m + ": metadata.name '" + name + "' is not a DNS-1123 subdomain (lower case, digits, '-', '.')");
        }
        Class<?> model = MODELS.get(type);
        if (model != null) {
            StrictModel.problem(m.tree(), model).ifPresent(p -> problems.add(m + ": " + p));
            return problems;
        }
        CrdSchema schema = SCHEMAS.stream().filter(s -> (s.apiVersion() + "/" + s.kind()).equals(type)).findFirst()
                .orElse(null);
        if (schema == null) {
            problems.add(m + ": no model or schema for " + m.kind() + " in " + m.apiVersion() + " (known: "
                    + Stream.concat(MODELS.keySet().stream(), SCHEMAS.stream().map(s -> s.apiVersion() + "/" + s.kind()))
                            .sorted().toList() + ")");
            return problems;
        }
        StrictModel.problem(m.tree().path("metadata"), ObjectMeta.class).ifPresent(p -> problems.add(m + ": metadata " + p));
        schema.problems(m.tree()).forEach(p -> problems.add(m + ": " + p));
        schema.embedded(m.tree()).forEach((at, part) -> {
            Class<?> core = EMBEDDED.get(part.getKey());
            if (core == null) {
                throw new IllegalStateException(schema.kind() + "'s schema leaves " + at + " to an unknown model " + part.getKey());
            }
            StrictModel.problem(part.getValue(), core).ifPresent(p -> problems.add(m + ": " + within(at, p)));
        });
        return problems;
    }

    /** A problem of an embedded part ({@code at x: ...}) where it is in the whole document ({@code at <part>.x: ...}). */
    private static String within(String part, String problem) {
        if (problem.startsWith("at the top")) {
            return "at " + part + problem.substring("at the top".length());
        }
        return problem.startsWith("at ") ? "at " + part + "." + problem.substring(3) : "at " + part + ": " + problem;
    }
}
