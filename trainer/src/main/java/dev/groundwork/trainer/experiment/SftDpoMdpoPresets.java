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
     * The {@code small} experiment's model: 64 px images, 64 image tokens from the {@linkplain VlmConfig#CONV_STEM conv
     * stem}, {@link VlmConfig#tiny}'s width and depth (d = 128, 2 + 2 layers, ≈ 0.9 M parameters). With the patch
     * stem, 1000 scenes and a constant learning rate the SFT policy answered POPE-random at 0.507; with this stem,
     * {@link #SMALL_TRAIN_SCENES} and the warmup and decay, 0.633 (docs/trainer.md; the {@code SeeDiagnostic} harness
     * in the trainer's tests measures the shape read-out on its own). On 2 cores it runs 9–11 SFT steps/s.
     */
    static final VlmConfig SMALL_MODEL = new VlmConfig(64, 8, 128, 2, 2, 4, 48, 4, VlmConfig.CONV_STEM);

    /** SFT steps of the {@code small} preset. */
    static final int SMALL_SFT_STEPS = 5000;

    /** SFT learning-rate warmup of the {@code small} preset (then cosine decay to the last SFT step). */
    static final int SMALL_SFT_WARMUP = 300;

    /**
     * Training scenes of the {@code small} preset. Rendering is cheap, and on 1000 scenes the policy memorised them
     * (shape read-out after 2000 steps: 0.95 on training scenes, 0.57 held out); with this many each SFT step sees
     * mostly scenes it has not seen before.
     */
    static final int SMALL_TRAIN_SCENES = 10_000;

    private SftDpoMdpoPresets() {}

    /**
     * The preset of {@code size} ({@code tiny} or {@code small}), with the step counts replaced where given; the SFT
     * warmup is then at most a tenth of the SFT steps.
     *
     * @throws IllegalArgumentException for another size
     */
    public static SftDpoMdpo.Settings of(String size, Integer sftSteps, Integer steps, Integer trainScenes, Integer heldOut) {
        SftDpoMdpo.Settings p = switch (size) {
            case "tiny" -> new SftDpoMdpo.Settings("tiny", VlmConfig.tiny(), 64, 0.95, 120, 40, 7, SFT_CATEGORIES, 300, 4e-4, 30,
                    PREFERENCE_CATEGORIES, 100, 1e-4, 0.1, 0.1, 16, 11);
            case "small" -> new SftDpoMdpo.Settings("small", SMALL_MODEL, 64, 0.95, SMALL_TRAIN_SCENES, 150, 7,
                    SFT_CATEGORIES, SMALL_SFT_STEPS, 1e-3, SMALL_SFT_WARMUP, PREFERENCE_CATEGORIES, 150, 1e-4, 0.1, 0.1, 16, 11);
            default -> throw new IllegalArgumentException("the experiment has presets for tiny and small, not '" + size + "'");
        };
        int sft = sftSteps == null ? p.sftSteps() : sftSteps;
        return new SftDpoMdpo.Settings(p.size(), p.model(), p.worldImage(), p.bias(), trainScenes == null ? p.trainScenes()
                : trainScenes, heldOut == null ? p.heldOutScenes() : heldOut, p.worldSeed(), p.sftCategories(), sft,
                p.sftLearningRate(), Math.min(p.sftWarmupSteps(), sft / 10), p.prefCategories(),
                steps == null ? p.steps() : steps, p.learningRate(), p.dpoBeta(), p.mdpoBeta(), p.batch(), p.seed());
    }
}
