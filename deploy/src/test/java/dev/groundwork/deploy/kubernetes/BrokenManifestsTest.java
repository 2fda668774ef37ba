package dev.groundwork.deploy.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * The validation fails where a cluster would: each small broken manifest in {@code kubernetes/broken} is refused with
 * the reason, and the manifests of {@code kubernetes/broken-refs}, each valid alone, are refused for what does not hold
 * together.
 */
class BrokenManifestsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "deployment-typo.yaml             | at spec.replcas: unknown field \"replcas\" (Deployment model: DeploymentSpec)",
            "deployment-old-apiversion.yaml   | no model or schema for Deployment in extensions/v1beta1",
            "deployment-env-number.yaml       | at spec.template.spec.containers[0].env[0].value: Cannot coerce Integer value (3)",
            "service-port-string.yaml         | at spec.ports[0].port: Cannot coerce String value (\"8080\")",
            "kafka-typo.yaml                  | at spec.kafka.listners: unknown field \"listners\" (Kafka model: KafkaClusterSpec)",
            "kafkatopic-partitions-text.yaml  | at spec.partitions: Cannot coerce String value (\"twelve\") to `java.lang.Integer` value",
            "cnpg-typo.yaml                   | $.spec: property 'instance' is not defined in the schema and the schema does not allow additional properties",
            "cnpg-typo.yaml                   | $.spec: required property 'instances' not found",
            "keycloak-wrong-type.yaml         | $.spec.instances: string found, integer expected",
            "realmimport-missing-keycloak.yaml| $.spec: required property 'keycloakCRName' not found",
            "scaledobject-missing-target.yaml | $.spec: required property 'scaleTargetRef' not found",
            "scaledobject-old-apiversion.yaml | no model or schema for ScaledObject in keda.k8s.io/v1alpha1",
            "ingress-bad-name.yaml            | metadata.name 'Groundwork_Web' is not a DNS-1123 subdomain",
            "trainjob-typo.yaml               | $.spec.trainer: property 'numNode' is not defined in the schema and the schema does not allow additional properties",
            "trainjob-gpus-text.yaml          | $.spec.trainer.resourcesPerNode.limits.nvidia.com/gpu: does not match the regex pattern",
            "rayjob-typo.yaml                 | $.spec.rayClusterSpec.workerGroupSpecs[0]: property 'replica' is not defined in the schema",
            "rayjob-pod-typo.yaml             | at spec.rayClusterSpec.workerGroupSpecs[0].template.spec.containers[0].resource: unknown field \"resource\" (PodSpec model: Container)",
            "export-job-typo.yaml             | at spec.template.spec.restartPolcy: unknown field \"restartPolcy\" (Job model: PodSpec)",
    })
    void aBrokenManifestIsRefusedWithItsReason(String file, String reason) throws Exception {
        Path path = fixture("broken").resolve(file);
        List<Manifest> docs = Kustomization.documents(path);
        assertThat(docs).hasSize(1);
        List<String> problems = ManifestValidator.problems(docs.get(0));
        assertThat(problems).as(file).anySatisfy(p -> assertThat(p).startsWith(file + "#1 ").contains(reason));
    }

    @Test
    void manifestsThatDoNotHoldTogetherAreRefusedForEachReason() throws Exception {
        Kustomization k = Kustomization.read(fixture("broken-refs"));
        assertThat(k.problems).containsExactlyInAnyOrder(
                "kustomization.yaml: resource missing.yaml does not exist",
                "kustomization.yaml: stray.yaml is not listed in resources, so it is never applied",
                "secretGenerator without-example: secrets/nothing.env has no committed example secrets/nothing.env.example");
        // Each alone is valid.
        k.manifests.forEach(m -> assertThat(ManifestValidator.problems(m)).as(m.toString()).isEmpty());
        List<String> problems = ManifestChecks.problems(k);
        String web = "app.yaml#5 Deployment groundwork-web: ";
        String trainer = "app.yaml#6 Deployment groundwork-trainer: ";
        assertThat(problems).contains(
                web + "1 replica(s); the workbench runs two or more",
                web + "container web env GW_DB_URL names Service 'groundwork-db-primary', which neither the manifests nor an operator here makes",
                web + "container web env GW_KAFKA_BOOTSTRAP names port 9092 of Service 'groundwork-kafka-kafka-bootstrap', which has only [9093]",
                web + "container web env GW_DB_PASSWORD names key 'pass' of Secret 'groundwork-db-app', which has only "
                        + new java.util.TreeSet<>(ManifestChecks.CNPG_APP_KEYS),
                web + "container web env GW_OIDC_CLIENT_SECRET names Secret 'oidc', which neither the manifests, the secret generator nor an operator here makes",
                web + "container web sets GW_NOT_A_SETTING, which docs/configuration.md does not document (misspelt? no process reads it)",
                web + "volume artifacts claims PersistentVolumeClaim 'artifacts', which no manifest defines",
                web + "container web mounts volume 'images', which the pod does not have",
                web + "container web readinessProbe uses port 'http', which the container does not declare",
                trainer + "no container has the limit nvidia.com/gpu >= 1: the trainer would run on a CPU",
                trainer + "needs a nodeSelector for GPU nodes and a toleration of nvidia.com/gpu",
                trainer + "container trainer has no resources.limits.cpu",
                trainer + "container trainer has no resources.limits.memory",
                "app.yaml#2 KafkaTopic groundwork.judgments.v1: 4 partitions, but groundwork-web creates missing topics with GW_KAFKA_PARTITIONS=12",
                "app.yaml#3 KafkaTopic groundwork.critic-requests.v1: label strimzi.io/cluster 'another-kafka' names no Kafka here",
                "app.yaml#7 Service web: selector {\"app\":\"webui\"} matches no Deployment's pods",
                "app.yaml#8 ScaledObject critic: scaleTargetRef 'groundwork-critic' is no Deployment here",
                "app.yaml#8 ScaledObject critic: consumerGroup 'critic' is not the critic's group 'groundwork-critic' (CriticWorker.GROUP)",
                "app.yaml#8 ScaledObject critic: maxReplicaCount 20 is more than the 4 partitions of groundwork.critic-requests.v1 (the extra pods would stand by)",
                "app.yaml#4 Cluster groundwork-db: spec has no resources.requests.cpu");
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("no KafkaTopic for [")
                .contains("groundwork.commands.v1", "groundwork.dead-letter.v1", "groundwork.training-events.v1")
                .doesNotContain("groundwork.judgments.v1,"));
    }

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(BrokenManifestsTest.class.getResource("/kubernetes/" + name).toURI());
    }
}
