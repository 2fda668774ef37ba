package dev.groundwork.annotation.export;

import dev.groundwork.annotation.preference.Preference;
import dev.groundwork.annotation.preference.PreferencePolicy;
import dev.groundwork.annotation.preference.Vote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.groundwork.storage.audit.AuditTrail;
import dev.groundwork.storage.dataset.Dataset;
import dev.groundwork.storage.dataset.DatasetNotFoundException;
import dev.groundwork.storage.dataset.DatasetRepository;
import dev.groundwork.storage.dataset.io.ExportFolder;
import dev.groundwork.storage.image.Image;
import dev.groundwork.storage.image.ImageFormat;
import dev.groundwork.storage.image.ImageStore;
import dev.groundwork.storage.judgment.Comparison;
import dev.groundwork.storage.judgment.Judgment;
import dev.groundwork.storage.judgment.JudgmentRepository;
import dev.groundwork.storage.judgment.Resolution;
import dev.groundwork.storage.judgment.ResolutionRepository;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes a dataset's aggregated preference pairs in the format TRL's {@code DPOTrainer} reads for
 * vision-language models: {@code preferences.jsonl} with one object per pair, {@code prompt}, {@code chosen},
 * {@code rejected} and {@code images} ({@code ["images/<sha256>.png"]}), and the images under {@code images/}.
 * By default the rows are conversational, the shape of TRL's VLM examples ({@code HuggingFaceH4/rlaif-v_formatted}):
 * the prompt a user turn with one image part and the prompt's text, each answer an assistant turn; the plain shape
 * (three strings) on request. See {@link TrlStyle} for both and their sources. Pairs follow the {@link PreferencePolicy}, reviewers'
 * resolutions included (a resolved comparison is exported even when it has no judgment), and of a
 * corrected verdict only the correction counts. The folder
 * appears whole or not at all.
 */
@Service
public class TrlExporter {

    public static final String FILE_NAME = "preferences.jsonl";

    /** What an export wrote. */
    public record Summary(String dataset, Path directory, int comparisonsJudged, int pairs, int images) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DatasetRepository datasets;
    private final JudgmentRepository judgments;
    private final ResolutionRepository resolutions;
    private final ImageStore store;
    private final AuditTrail audit;

    public TrlExporter(DatasetRepository datasets, JudgmentRepository judgments, ResolutionRepository resolutions,
            ImageStore store, AuditTrail audit) {
        this.datasets = datasets;
        this.judgments = judgments;
        this.resolutions = resolutions;
        this.store = store;
        this.audit = audit;
    }

    /** A stored judgment as the policy's vote; a corrected one is dropped by the policy. */
    private static Vote vote(Judgment j) {
        return new Vote(j.getJudgeKind().name(), j.getJudgeId(), j.getVerdict().name(), j.getStrength(), j.getId(),
                j.getSupersedesId().map(OptionalLong::of).orElse(OptionalLong.empty()));
    }

    /** Exports in the default, conversational style ({@link TrlStyle#DEFAULT}). */
    @Transactional(readOnly = true)
    public Summary export(String datasetName, Path outDir, PreferencePolicy policy, String actor) {
        return export(datasetName, outDir, policy, TrlStyle.DEFAULT, actor);
    }

    /** One preference row and the image it shows. */
    public record Row(ObjectNode json, Image image) {}

    /** A dataset's preference rows and how many of its comparisons were judged. */
    public record Rows(List<Row> rows, int comparisonsJudged) {}

    /**
     * The dataset's preference rows as the policy decides them, in comparison order, each naming its image as
     * {@code imageRef} spells it (a path in the export folder, a URL of the API). The zip export and the API's stream
     * both write these rows.
     *
     * @throws DatasetNotFoundException when no dataset has that name
     */
    @Transactional(readOnly = true)
    public Rows rows(String datasetName, PreferencePolicy policy, TrlStyle style, Function<Image, String> imageRef) {
        Dataset dataset = datasets.findByName(datasetName).orElseThrow(() -> new DatasetNotFoundException(datasetName));
        Map<Long, List<Judgment>> byComparison = new LinkedHashMap<>();
        Map<Long, Comparison> comparisons = new LinkedHashMap<>();
        for (Judgment j : judgments.findByDataset(dataset)) {
            byComparison.computeIfAbsent(j.getComparison().getId(), k -> new ArrayList<>()).add(j);
            comparisons.putIfAbsent(j.getComparison().getId(), j.getComparison());
        }
        Map<Long, String> resolved = new HashMap<>();
        for (Resolution r : resolutions.findByDataset(dataset)) {
            resolved.put(r.getComparison().getId(), r.getVerdict().name());
            comparisons.putIfAbsent(r.getComparison().getId(), r.getComparison());
        }
        List<Row> rows = new ArrayList<>();
        for (Comparison c : comparisons.values()) {
            List<Vote> votes = byComparison.getOrDefault(c.getId(), List.of()).stream().map(TrlExporter::vote).toList();
            Optional<Preference> p = policy.decide(votes, Optional.ofNullable(resolved.get(c.getId())));
            if (p.isEmpty()) {
                continue;
            }
            Image image = c.getItem().getImage();
            boolean aWins = p.get().winner().equals("A");
            String chosen = (aWins ? c.getResponseA() : c.getResponseB()).getText();
            String rejected = (aWins ? c.getResponseB() : c.getResponseA()).getText();
            rows.add(new Row(style.row(c.getItem().getPrompt(), chosen, rejected, List.of(imageRef.apply(image))), image));
        }
        return new Rows(rows, byComparison.size());
    }

    /** An image's path in the export folder: {@code images/<sha256>.<extension>}. */
    public static String imagePath(Image image) {
        return "images/" + image.getSha256() + "." + ImageFormat.ofMediaType(image.getMediaType()).extension();
    }

    @Transactional(readOnly = true)
    public Summary export(String datasetName, Path outDir, PreferencePolicy policy, TrlStyle style, String actor) {
        Rows rows = rows(datasetName, policy, style, TrlExporter::imagePath);
        Set<String> images = new HashSet<>();
        Path target;
        try (ExportFolder folder = ExportFolder.create(outDir)) {
            Path temp = folder.work();
            target = folder.target();
            Files.createDirectories(temp.resolve("images"));
            try (BufferedWriter w = Files.newBufferedWriter(temp.resolve(FILE_NAME), StandardCharsets.UTF_8)) {
                for (Row row : rows.rows()) {
                    Image image = row.image();
                    if (images.add(image.getSha256())) {
                        Files.write(temp.resolve(imagePath(image)), store.read(image.getSha256()).orElseThrow(() ->
                                new IllegalStateException("image " + image.getSha256() + " is missing from the image store")));
                    }
                    w.write(JSON.writeValueAsString(row.json()));
                    w.write('\n');
                }
            }
            folder.publish();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a preference pair", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot export to " + outDir + ": " + e.getMessage(), e);
        }
        int pairs = rows.rows().size();
        audit.record(actor, "dataset.export.trl", datasetName, pairs + " pairs (" + style.label() + ") to " + target);
        return new Summary(datasetName, target, rows.comparisonsJudged(), pairs, images.size());
    }
}
