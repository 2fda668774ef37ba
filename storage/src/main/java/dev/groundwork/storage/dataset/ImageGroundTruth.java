package dev.groundwork.storage.dataset;

import dev.groundwork.storage.image.GroundTruthObject;
import dev.groundwork.storage.image.GroundTruthObjectRepository;
import dev.groundwork.storage.image.GroundTruthRelation;
import dev.groundwork.storage.image.GroundTruthRelationRepository;
import dev.groundwork.storage.image.Image;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The stored scene annotations of images, as manifest records (export, the content digest, critic requests). */
@Component
public class ImageGroundTruth {

    private static final int CHUNK = 500;

    private final GroundTruthObjectRepository objects;
    private final GroundTruthRelationRepository relations;

    ImageGroundTruth(GroundTruthObjectRepository objects, GroundTruthRelationRepository relations) {
        this.objects = objects;
        this.relations = relations;
    }

    /** Image id → its ground truth, for the images that have one. */
    @Transactional(readOnly = true)
    public Map<Long, Manifest.GroundTruth> of(List<Image> images) {
        Map<Long, List<GroundTruthObject>> os = new LinkedHashMap<>();
        Map<Long, List<GroundTruthRelation>> rs = new HashMap<>();
        for (int from = 0; from < images.size(); from += CHUNK) {
            List<Image> chunk = images.subList(from, Math.min(images.size(), from + CHUNK));
            objects.findByImageIn(chunk).forEach(o -> os.computeIfAbsent(o.getImage().getId(), k -> new ArrayList<>()).add(o));
            relations.findByImageIn(chunk).forEach(r -> rs.computeIfAbsent(r.getImage().getId(), k -> new ArrayList<>()).add(r));
        }
        Map<Long, Manifest.GroundTruth> result = new HashMap<>();
        os.forEach((id, list) -> result.put(id, GroundTruths.toManifest(list, rs.getOrDefault(id, List.of()))));
        return result;
    }
}
