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

    /**
     * The {@code small} experiment's model: 64 px images in 8 px patches (64 image tokens), as {@link VlmConfig#small},
     * but {@link VlmConfig#tiny}'s width and depth (d = 128, 2 + 2 layers, ≈ 0.9 M parameters). On 2 cores it runs
     * about 9–11 SFT steps/s against {@code VlmConfig.small()}'s ≈ 1.3, and telling the shapes apart takes far more
     * SFT steps than the wide model fits into the experiment's 30 minutes (the {@code SeeDiagnostic} harness in the
     * trainer's tests measures it).
     */
    static final VlmConfig SMALL_MODEL = new VlmConfig(64, 8, 128, 2, 2, 4, 48, 4);

    /** SFT steps of the {@code small} preset. */
    static final int SMALL_SFT_STEPS = 3000;

    /** Training scenes of the {@code small} preset: enough that thousands of SFT steps do not just memorise them. */
    static final int SMALL_TRAIN_SCENES = 1000;

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
            case "small" -> new SftDpoMdpo.Settings("small", SMALL_MODEL, 64, 0.95, SMALL_TRAIN_SCENES, 150, 7,
                    SFT_CATEGORIES, SMALL_SFT_STEPS, 1e-3, PREFERENCE_CATEGORIES, 150, 1e-4, 0.1, 0.1, 16, 11);
            default -> throw new IllegalArgumentException("the experiment has presets for tiny and small, not '" + size + "'");
        };
        return new SftDpoMdpo.Settings(p.size(), p.model(), p.worldImage(), p.bias(), trainScenes == null ? p.trainScenes()
                : trainScenes, heldOut == null ? p.heldOutScenes() : heldOut, p.worldSeed(), p.sftCategories(),
                sftSteps == null ? p.sftSteps() : sftSteps, p.sftLearningRate(), p.prefCategories(),
                steps == null ? p.steps() : steps, p.learningRate(), p.dpoBeta(), p.mdpoBeta(), p.batch(), p.seed());
    }
}
