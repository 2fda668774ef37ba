package dev.groundwork.storage.world;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.groundwork.storage.dataset.Manifest;
import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a world as a dataset in the native format: {@code manifest.jsonl} (compact JSON, one
 * header line then one item per line) and one PNG per scene under {@code images/}. Images are
 * rendered and written one at a time, so memory stays flat.
 */
final class WorldWriter {

    static final String IMAGES = "images";
    private static final String IMAGE_GLOB = "s[0-9][0-9][0-9][0-9][0-9][0-9].png";

    private final World world;
    private final SceneRenderer renderer;
    private final ObjectMapper mapper = new ObjectMapper();

    WorldWriter(World world, SceneRenderer renderer) {
        this.world = world;
        this.renderer = renderer;
    }

    void write(Path outDir, String datasetName) throws IOException {
        if (datasetName == null || datasetName.isBlank()) {
            throw new IllegalArgumentException("dataset name must not be blank");
        }
        prepare(outDir);
        Path images = Files.createDirectories(outDir.resolve(IMAGES));
        try (BufferedWriter manifest = Files.newBufferedWriter(outDir.resolve(Manifest.FILE_NAME), StandardCharsets.UTF_8)) {
            manifest.write(mapper.writeValueAsString(header(datasetName.trim())));
            manifest.write('\n');
            for (Scene scene : world.scenes()) {
                try (OutputStream png = new BufferedOutputStream(Files.newOutputStream(images.resolve(scene.name() + ".png")))) {
                    renderer.writePng(scene, png);
                }
                for (Manifest.Item item : world.items(scene)) {
                    manifest.write(mapper.writeValueAsString(item));
                    manifest.write('\n');
                }
            }
        }
    }

    Manifest.Header header(String name) {
        WorldConfig config = world.config();
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("generator", World.GENERATOR);
        source.put("version", World.VERSION);
        source.put("seed", config.seed());
        source.put("scenes", config.scenes());
        source.put("imageSize", config.imageSize());
        source.put("minObjects", config.minObjects());
        source.put("maxObjects", config.maxObjects());
        source.put("rules", config.rules().stream().map(WorldWriter::rule).toList());
        String description = "Synthetic scene world: " + config.scenes()
                + " images of simple coloured shapes with exact ground truth, generated from seed " + config.seed() + ".";
        return Manifest.Header.of(name, description, source);
    }

    private static Map<String, Object> rule(CoOccurrence rule) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("given", rule.given());
        map.put("partner", rule.partner());
        map.put("probability", rule.probability());
        return map;
    }

    /** Creates {@code outDir}, or clears an earlier world output there; refuses anything else. */
    private void prepare(Path outDir) throws IOException {
        if (!Files.exists(outDir)) {
            Files.createDirectories(outDir);
            return;
        }
        if (!Files.isDirectory(outDir)) {
            throw new IllegalArgumentException("output path " + outDir + " exists and is not a directory");
        }
        if (isEmpty(outDir)) {
            return;
        }
        Path manifest = outDir.resolve(Manifest.FILE_NAME);
        if (!isEarlierWorld(manifest)) {
            throw new IllegalArgumentException("refusing to write into non-empty directory " + outDir
                    + ": it is not an earlier world output (no " + Manifest.FILE_NAME + " whose header names generator "
                    + World.GENERATOR + "); choose an empty or new directory");
        }
        Files.delete(manifest);
        Path images = outDir.resolve(IMAGES);
        if (Files.isDirectory(images)) {
            try (DirectoryStream<Path> old = Files.newDirectoryStream(images, IMAGE_GLOB)) {
                for (Path image : old) {
                    Files.delete(image);
                }
            }
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private boolean isEarlierWorld(Path manifest) {
        if (!Files.isRegularFile(manifest)) {
            return false;
        }
        try (BufferedReader reader = Files.newBufferedReader(manifest, StandardCharsets.UTF_8)) {
            String first = reader.readLine();
            if (first == null) {
                return false;
            }
            JsonNode header = mapper.readTree(first);
            return Manifest.FORMAT.equals(header.path("format").asText())
                    && World.GENERATOR.equals(header.path("source").path("generator").asText());
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
