package dev.groundwork.deploy.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/kubernetes/distributed, the hand-over of training to a distributed engine (deploy/README.md, "Handing training
 * to a distributed engine"), validated without a cluster: each manifest read strictly into fabric8's model (the
 * ConfigMap, the export Job) or checked against its operator's CRD schema (Kubeflow Trainer's TrainJob, KubeRay's
 * RayJob, whose pod specs are read into fabric8's {@code PodSpec}); what they name exists in deploy/kubernetes; and
 * both engines train Groundwork's DPO objective on the same TRL export of the workbench's API, on GPU nodes.
 */
class DistributedTrainingManifestsTest {

    static final Path DIR = JavaConstants.ROOT.resolve("deploy/kubernetes/distributed");
    static final String SCRIPT = "/opt/groundwork/trl_dpo.py";

    static List<Manifest> manifests;
    static Kustomization main;

    @BeforeAll
    static void read() throws IOException {
        manifests = new ArrayList<>();
        try (Stream<Path> files = Files.list(DIR)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                manifests.addAll(Kustomization.documents(file));
            }
        }
        main = Kustomization.read(JavaConstants.ROOT.resolve("deploy/kubernetes"));
    }

    @Test
    void everyManifestIsValidForItsKindAndAppliedOnDemandOnly() {
        List<String> problems = new ArrayList<>();
        manifests.forEach(m -> problems.addAll(ManifestValidator.problems(m)));
        assertThat(problems).isEmpty();
        assertThat(manifests.stream().map(m -> m.apiVersion() + "/" + m.kind())).containsExactlyInAnyOrder(
                "v1/ConfigMap", "batch/v1/Job", "trainer.kubeflow.org/v1alpha1/TrainJob", "ray.io/v1/RayJob");
        for (Manifest m : manifests) {
            assertThat(m.tree().at("/metadata/namespace").asText()).as(m.toString()).isEqualTo(main.spec.path("namespace").asText());
            containers(m).forEach(c -> assertThat(c.has("resources") || m.kind().equals("TrainJob")).as(m + " " + c.path("name")).isTrue());
        }
        // Run on demand (kubectl create), never by the workbench's kubectl apply -k.
        assertThat(DIR.resolve("kustomization.yaml")).doesNotExist();
        main.spec.path("resources").forEach(r -> assertThat(r.asText()).doesNotStartWith("distributed"));
    }

    @Test
    void eachEngineRunsTwoNodesOfEightGpusOnTheGpuPool() {
        JsonNode trainer = one("TrainJob").tree().at("/spec/trainer");
        assertThat(one("TrainJob").tree().at("/spec/runtimeRef/kind").asText()).isEqualTo("ClusterTrainingRuntime");
        assertThat(one("TrainJob").tree().at("/spec/runtimeRef/name").asText()).isEqualTo("torch-distributed");
        assertThat(trainer.path("numNodes").asInt()).isEqualTo(2);
        assertThat(gpus(trainer.path("resourcesPerNode"))).isEqualTo(8);
        JsonNode ray = one("RayJob").tree().at("/spec/rayClusterSpec");
        assertThat(containers(ray.at("/headGroupSpec/template/spec"))).allSatisfy(c -> assertThat(gpus(c.path("resources"))).isZero());
        JsonNode workers = ray.at("/workerGroupSpecs/0");
        assertThat(ray.path("workerGroupSpecs")).hasSize(1);
        assertThat(workers.path("replicas").asInt()).isEqualTo(2);
        assertThat(workers.path("minReplicas").asInt()).isEqualTo(2);
        assertThat(workers.path("maxReplicas").asInt()).isEqualTo(2);
        assertThat(gpus(workers.at("/template/spec/containers/0/resources"))).isEqualTo(8);
        // Ray Train starts one worker per GPU.
        assertThat(options(entrypoint()).get("--ray-workers")).isEqualTo(String.valueOf(2 * 8));
        // The GPU nodes as the trainer Deployment finds them.
        JsonNode gpuPod = main.ofKind("Deployment").stream().filter(d -> d.name().equals("groundwork-trainer")).findFirst()
                .orElseThrow().tree().at("/spec/template/spec");
        for (JsonNode pod : List.of(trainJobPod(), workers.at("/template/spec"))) {
            assertThat(pod.path("nodeSelector")).isEqualTo(gpuPod.path("nodeSelector"));
            assertThat(pod.path("tolerations")).isEqualTo(gpuPod.path("tolerations"));
        }
    }

    @Test
    void bothEnginesTrainGroundworksDpoObjectiveOnTheOneExport() {
        List<String> command = texts(one("TrainJob").tree().at("/spec/trainer/command"));
        assertThat(command.subList(0, 3)).containsExactly("torchrun", SCRIPT, "train");
        assertThat(entrypoint().subList(0, 3)).containsExactly("python", SCRIPT, "train");
        Map<String, String> torchrun = options(command);
        Map<String, String> ray = options(entrypoint());
        // Groundwork's dpo objective as the trainer service runs it: its default loss and beta, not overridden.
        String objectives = JavaConstants.source("trainer/src/main/java/dev/groundwork/trainer/run/Objectives.java");
        Matcher beta = Pattern.compile("(?s)class Dpo implements Objective \\{.*?defaultBeta\\(\\) \\{ return ([0-9.]+); }").matcher(objectives);
        assertThat(beta.find()).isTrue();
        assertThat(JavaConstants.source("trainer/src/main/java/dev/groundwork/trainer/cli/ModelOptions.java"))
                .contains("@Option(names = \"--loss\", defaultValue = \"sigmoid\"");
        List<String> service = texts(main.ofKind("Deployment").stream().filter(d -> d.name().equals("groundwork-trainer"))
                .findFirst().orElseThrow().tree().at("/spec/template/spec/containers/0/args"));
        assertThat(service).contains("dpo").doesNotContain("--beta", "--loss");
        for (Map<String, String> options : List.of(torchrun, ray)) {
            assertThat(Double.parseDouble(options.get("--beta"))).isEqualTo(Double.parseDouble(beta.group(1)));
            assertThat(options.get("--loss-type")).isEqualTo("sigmoid");
            assertThat(options.get("--fsdp")).isEqualTo("full_shard auto_wrap");
        }
        assertThat(ray.get("--model")).isEqualTo(torchrun.get("--model"));
        // The rows are the export Job's, in the shared artifact store; each engine writes its own output there.
        List<String> export = texts(one("Job").tree().at("/spec/template/spec/containers/0/command"));
        assertThat(export.subList(0, 3)).containsExactly("python3", SCRIPT, "fetch");
        String data = options(export).get("--out");
        assertThat(torchrun.get("--data")).isEqualTo(data);
        assertThat(ray.get("--data")).isEqualTo(data);
        String store = ManifestChecks.env(main.ofKind("Deployment").stream().filter(d -> d.name().equals("groundwork-trainer"))
                .findFirst().orElseThrow().tree().at("/spec/template/spec/containers/0"), "GW_ARTIFACTS_DIR").orElseThrow();
        assertThat(Stream.of(data, torchrun.get("--output"), ray.get("--output"))).allSatisfy(p -> assertThat(p).startsWith(store + "/"));
        assertThat(torchrun.get("--output")).isNotEqualTo(ray.get("--output")).isNotEqualTo(data);
        for (Manifest m : manifests) {
            if (!m.kind().equals("ConfigMap")) {
                assertThat(mountedClaims(m)).as(m.toString()).containsEntry(store, "groundwork-artifacts");
                assertThat(mountedConfigMaps(m)).as(m.toString()).containsEntry("/opt/groundwork", "groundwork-trl-dpo");
            }
        }
        assertThat(one("ConfigMap").tree().at("/data").has("trl_dpo.py")).isTrue();
    }

    @Test
    void theExportIsTheWorkbenchsTrlStreamWithImageUrlsReadAsThePipelineAccount() {
        JsonNode fetch = one("Job").tree().at("/spec/template/spec/containers/0");
        // The workbench's Service and port, its issuer, the pipeline account's generated secret.
        Manifest service = main.ofKind("Service").stream().filter(s -> s.name().equals("groundwork-web")).findFirst().orElseThrow();
        assertThat(ManifestChecks.env(fetch, "GW_API_URL"))
                .contains("http://groundwork-web:" + service.tree().at("/spec/ports/0/port").asInt());
        JsonNode web = main.ofKind("Deployment").stream().filter(d -> d.name().equals("groundwork-web")).findFirst().orElseThrow()
                .tree().at("/spec/template/spec/containers/0");
        assertThat(ManifestChecks.env(fetch, "GW_OIDC_ISSUER")).isEqualTo(ManifestChecks.env(web, "GW_OIDC_ISSUER"));
        assertThat(ManifestChecks.env(fetch, "GW_PIPELINE_CLIENT_ID")).contains("groundwork-pipeline");
        JsonNode secret = fetch.path("env").findValue("secretKeyRef");
        assertThat(main.generatedSecrets.get(secret.path("name").asText())).contains(secret.path("key").asText());
        assertThat(secret.path("key").asText()).isEqualTo("pipeline-client-secret");
        assertThat(main.ofKind("PersistentVolumeClaim").stream().map(Manifest::name)).contains("groundwork-artifacts");
        // The route and parameters the script asks for are the API's (PreferencesApi), and the images are its URLs.
        String script = script();
        String api = JavaConstants.source("web-ui/src/main/java/dev/groundwork/web/api/preferences/PreferencesApi.java");
        assertThat(api).contains("@RequestMapping(ApiPaths.V1 + \"/datasets/{name}/preferences\")")
                .contains("name = \"trl_style\"").contains("name = \"allow_critic\"")
                .contains(".path(ApiPaths.V1 + \"/images/\")").contains("image -> images + image.getSha256()");
        assertThat(JavaConstants.string("web-ui/src/main/java/dev/groundwork/web/api/ApiPaths.java", "V1")).isEqualTo("/api/v1");
        assertThat(script).contains("\"/api/v1/datasets/\"", "+ \"/preferences?\"", "\"trl_style\": \"conversational\"",
                "\"allow_critic\"", "/protocol/openid-connect/token", "\"grant_type\": \"client_credentials\"");
    }

    /** The script runs its export against a stand-in workbench and Keycloak: rows, images checked, a renewed token. */
    @Test
    void theScriptFetchesTheRowsAndTheirImages(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")), "python3 is not installed");
        Path script = Files.writeString(dir.resolve("trl_dpo.py"), script());
        try (FakeWorkbench fake = FakeWorkbench.start()) {
            ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", script.toString(), "fetch", "--out", dir.resolve("data").toString())
                    .redirectErrorStream(true);
            pb.environment().putAll(Map.of("GW_API_URL", fake.url(), "GW_DATASET", FakeWorkbench.DATASET,
                    "GW_OIDC_ISSUER", fake.url() + "/realms/groundwork", "GW_PIPELINE_CLIENT_SECRET", FakeWorkbench.SECRET));
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor()).as(out).isZero();
            assertThat(Files.readString(dir.resolve("data/preferences.jsonl"))).isEqualTo(fake.rows());
            assertThat(Files.readAllBytes(dir.resolve("data/images/" + FakeWorkbench.SHA256))).isEqualTo(FakeWorkbench.IMAGE);
            JsonNode export = Kustomization.YAML.readTree(dir.resolve("data/export.json").toFile());
            assertThat(export.path("rows").asInt()).isEqualTo(2);
            assertThat(export.path("images").asInt()).isEqualTo(1);
            assertThat(export.path("dataset").asText()).isEqualTo(FakeWorkbench.DATASET);
            assertThat(fake.tokens()).isEqualTo(2); // the first expired before the image
        }
    }

    static String script() {
        return one("ConfigMap").tree().at("/data/trl_dpo.py").asText();
    }

    private static Manifest one(String kind) {
        List<Manifest> all = manifests.stream().filter(m -> m.kind().equals(kind)).toList();
        assertThat(all).as(kind).hasSize(1);
        return all.get(0);
    }

    /** The RayJob's entrypoint as words, single quotes grouping as the shell groups them. */
    private static List<String> entrypoint() {
        List<String> words = new ArrayList<>();
        Matcher w = Pattern.compile("'([^']*)'|(\\S+)").matcher(one("RayJob").tree().at("/spec/entrypoint").asText());
        while (w.find()) {
            words.add(w.group(1) != null ? w.group(1) : w.group(2));
        }
        return words;
    }

    private static Map<String, String> options(List<String> words) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < words.size(); i++) {
            if (words.get(i).startsWith("--")) {
                options.put(words.get(i), i + 1 < words.size() ? words.get(i + 1) : "");
            }
        }
        return options;
    }

    private static int gpus(JsonNode resources) {
        int limit = resources.at("/limits/nvidia.com~1gpu").asInt(0);
        assertThat(resources.at("/requests/nvidia.com~1gpu").asInt(0)).isEqualTo(limit);
        return limit;
    }

    private static JsonNode trainJobPod() {
        return one("TrainJob").tree().at("/spec/runtimePatches/0/trainingRuntimeSpec/template/spec/replicatedJobs/0/template/spec/template/spec");
    }

    /** The pod specs of a manifest (the TrainJob's as patched into its runtime's pods). */
    private static List<JsonNode> pods(Manifest m) {
        return switch (m.kind()) {
            case "Job" -> List.of(m.tree().at("/spec/template/spec"));
            case "TrainJob" -> List.of(trainJobPod());
            case "RayJob" -> {
                List<JsonNode> pods = new ArrayList<>(List.of(m.tree().at("/spec/rayClusterSpec/headGroupSpec/template/spec")));
                m.tree().at("/spec/rayClusterSpec/workerGroupSpecs").forEach(g -> pods.add(g.at("/template/spec")));
                yield pods;
            }
            default -> List.of();
        };
    }

    private static List<JsonNode> containers(Manifest m) {
        return pods(m).stream().flatMap(p -> containers(p).stream()).toList();
    }

    private static List<JsonNode> containers(JsonNode pod) {
        return ManifestChecks.containers(pod);
    }

    private static Map<String, String> mountedClaims(Manifest m) {
        return mounted(m, "persistentVolumeClaim", "claimName");
    }

    private static Map<String, String> mountedConfigMaps(Manifest m) {
        return mounted(m, "configMap", "name");
    }

    /** Mount path to the source's name, for the volumes of that source that every pod's containers mount. */
    private static Map<String, String> mounted(Manifest m, String source, String nameField) {
        Map<String, String> common = null;
        for (JsonNode pod : pods(m)) {
            Map<String, String> volumes = new LinkedHashMap<>();
            pod.path("volumes").forEach(v -> {
                if (v.has(source)) {
                    volumes.put(v.path("name").asText(), v.path(source).path(nameField).asText());
                }
            });
            Map<String, String> mounts = new LinkedHashMap<>();
            for (JsonNode c : containers(pod)) {
                c.path("volumeMounts").forEach(vm -> {
                    if (volumes.containsKey(vm.path("name").asText())) {
                        mounts.put(vm.path("mountPath").asText(), volumes.get(vm.path("name").asText()));
                    }
                });
            }
            if (common == null) {
                common = mounts;
            } else {
                common.entrySet().retainAll(mounts.entrySet());
            }
        }
        return common == null ? Map.of() : common;
    }

    private static List<String> texts(JsonNode array) {
        List<String> all = new ArrayList<>();
        array.forEach(n -> all.add(n.asText()));
        return all;
    }
}
