package dev.groundwork.deploy.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A kustomize directory as {@code kubectl apply -k} reads it, as far as these manifests use kustomize: the
 * {@code resources} files (multi-document YAML), the {@code secretGenerator}'s Secrets (their keys from the committed
 * {@code <file>.example}: the real env files are never in git) and the namespace. Problems with the directory itself (a
 * listed file that is missing, a YAML file that is not listed, a generator without its example) are collected, not
 * thrown, so that a test can show them all.
 */
final class Kustomization {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    final Path dir;
    final JsonNode spec;
    final List<Manifest> manifests = new ArrayList<>();
    /** Generated Secrets: name to keys. */
    final Map<String, Set<String>> generatedSecrets = new LinkedHashMap<>();
    final List<String> problems = new ArrayList<>();

    private Kustomization(Path dir, JsonNode spec) {
        this.dir = dir;
        this.spec = spec;
    }

    static Kustomization read(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        Kustomization k;
        try {
            k = new Kustomization(dir, YAML.readTree(file.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        k.load();
        return k;
    }

    private void load() {
        if (!"Kustomization".equals(spec.path("kind").asText()) || !spec.path("apiVersion").asText().startsWith("kustomize.config.k8s.io/")) {
            problems.add("kustomization.yaml: not a kustomize.config.k8s.io Kustomization");
        }
        Set<String> listed = new LinkedHashSet<>();
        for (JsonNode r : spec.path("resources")) {
            String name = r.asText();
            listed.add(name);
            Path file = dir.resolve(name);
            if (!Files.isRegularFile(file)) {
                problems.add("kustomization.yaml: resource " + name + " does not exist");
                continue;
            }
            try {
                manifests.addAll(documents(file));
            } catch (IOException | RuntimeException e) {
                problems.add(name + ": not YAML: " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString())
                    .filter(n -> (n.endsWith(".yaml") || n.endsWith(".yml")) && !n.equals("kustomization.yaml"))
                    .filter(n -> !listed.contains(n))
                    .sorted()
                    .forEach(n -> problems.add("kustomization.yaml: " + n + " is not listed in resources, so it is never applied"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (JsonNode g : spec.path("secretGenerator")) {
            Set<String> keys = new LinkedHashSet<>();
            for (JsonNode env : g.path("envs")) {
                Path example = dir.resolve(env.asText() + ".example");
                if (!Files.isRegularFile(example)) {
                    problems.add("secretGenerator " + g.path("name").asText() + ": " + env.asText()
                            + " has no committed example " + dir.relativize(example));
                    continue;
                }
                try {
                    Files.readAllLines(example).stream().map(String::strip)
                            .filter(l -> !l.isEmpty() && !l.startsWith("#") && l.contains("="))
                            .forEach(l -> keys.add(l.substring(0, l.indexOf('='))));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            for (JsonNode literal : g.path("literals")) {
                keys.add(literal.asText().split("=", 2)[0]);
            }
            generatedSecrets.put(g.path("name").asText(), keys);
        }
    }

    /** The documents of one (multi-document) YAML file, empty ones left out. */
    static List<Manifest> documents(Path file) throws IOException {
        List<Manifest> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            int i = 0;
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode() && !doc.isEmpty()) {
                    documents.add(new Manifest(file, i, doc));
                }
                i++;
            }
        }
        return documents;
    }

    List<Manifest> ofKind(String kind) {
        return manifests.stream().filter(m -> m.kind().equals(kind)).toList();
    }
}
