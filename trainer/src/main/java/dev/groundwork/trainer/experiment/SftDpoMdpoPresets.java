package dev.groundwork.trainer.experiment;

import dev.groundwork.trainer.model.VlmConfig;
import java.util.Set;

/**
 * The settings of {@code gw experiment sft-dpo-mdpo} per model size, as measured on 2 CPU cores (see
 * docs/trainer.md, "The SFT → DPO → mDPO experiment").
 */
public final class SftDpoMdpoPresets {

    /** What SFT trains on: the naturally distributed probes and questions, no adversarial negatives. */
    static final Set<String> SFT_CATEGORIES = Set.of("pope-random", "attribute", "count");

    /** What the preference objectives train on: faithful against perturbed answers of every POPE split. */
    static final Set<String> PREFERENCE_CATEGORIES = Set.of("pope-random", "pope-popular", "pope-adversarial");

    private SftDpoMdpoPresets() {}

    /**
     * The preset of {@code size} ({@code tiny} or {@code small}), with the step counts replaced where given.
     *
     * @throws IllegalArgumentException for another size
     */
    public static SftDpoMdpo.Settings of(String size, Integer sftSteps, Integer steps, Integer trainScenes, Integer heldOut) {
        SftDpoMdpo.Settings p = switch (size) {
            case "tiny" -> new SftDpoMdpo.Settings("tiny", VlmConfig.tiny(), 64, 0.95, 120, 40, 7, SFT_CATEGORIES, 300, 4e-4,
                    PREFERENCE_CATEGORIES, 100, 1e-4, 0.1, 0.1, 16, 11);
            case "small" -> new SftDpoMdpo.Settings("small", VlmConfig.small(), 64, 0.95, 300, 100, 7, SFT_CATEGORIES, 600,
                    5e-4, PREFERENCE_CATEGORIES, 150, 1e-4, 0.1, 0.1, 16, 11);
            default -> throw new IllegalArgumentException("the experiment has presets for tiny and small, not '" + size + "'");
        };
        return new SftDpoMdpo.Settings(p.size(), p.model(), p.worldImage(), p.bias(), trainScenes == null ? p.trainScenes()
                : trainScenes, heldOut == null ? p.heldOutScenes() : heldOut, p.worldSeed(), p.sftCategories(),
                sftSteps == null ? p.sftSteps() : sftSteps, p.sftLearningRate(), p.prefCategories(),
                steps == null ? p.steps() : steps, p.learningRate(), p.dpoBeta(), p.mdpoBeta(), p.batch(), p.seed());
    }
}
