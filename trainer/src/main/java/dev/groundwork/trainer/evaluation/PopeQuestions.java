package dev.groundwork.trainer.evaluation;

import dev.groundwork.storage.dataset.Manifest;
import dev.groundwork.storage.dataset.TaskType;
import dev.groundwork.trainer.eval.PopeFiles;
import dev.groundwork.trainer.train.Picture;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * POPE's questions about images in a directory (e.g. COCO val2014 with POPE's published question files): each
 * question becomes a yes/no probe of category {@code pope-<split>}, its image read from {@code images/<image>}.
 * One file holds one split; the split names the metrics ({@code pope_accuracy_<split>}, ...).
 */
public final class PopeQuestions implements EvaluationSuite {

    public static final String NAME = "pope";

    /** The side images are scaled to when read: the largest model input (base, 96 px); each model resizes again. */
    static final int SIDE = 96;

    static final int THUMBNAIL = 192;

    private final Path questions;
    private final Path images;
    private final String split;
    private List<Case> cases;

    /**
     * @param split {@code random}, {@code popular} or {@code adversarial} (POPE's file names say which)
     */
    public PopeQuestions(Path questions, Path images, String split) {
        this.questions = Objects.requireNonNull(questions, "questions");
        this.images = Objects.requireNonNull(images, "images");
        if (!List.of("random", "popular", "adversarial").contains(split)) {
            throw new IllegalArgumentException("the POPE split must be random, popular or adversarial, was '" + split + "'");
        }
        this.split = split;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "POPE " + split + " questions " + questions + ", images in " + images;
    }

    @Override
    public synchronized List<Case> cases() {
        if (cases == null) {
            List<PopeFiles.Question> read = PopeFiles.questions(questions);
            Map<String, Picture> pictures = new HashMap<>();
            List<Case> out = new ArrayList<>(read.size());
            int line = 0;
            for (PopeFiles.Question q : read) {
                line++;
                Path file = images.resolve(q.image());
                int at = line;
                Picture picture = pictures.computeIfAbsent(q.image(), name -> picture(file, at));
                Manifest.Item item = new Manifest.Item(q.questionId(), q.image(), q.text(), TaskType.YES_NO, "pope-" + split,
                        q.label() ? "yes" : "no", List.of(), null);
                out.add(new Case(item, picture, () -> png(file)));
            }
            cases = List.copyOf(out);
        }
        return cases;
    }

    private Picture picture(Path file, int line) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(questions + " line " + line + ": field image: no file " + file);
        }
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null) {
                throw new IllegalArgumentException(questions + " line " + line + ": field image: " + file
                        + " is not an image this JVM can read (PNG, JPEG, GIF, BMP)");
            }
            return Picture.of(scaled(image, SIDE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** A square {@code side}×{@code side} RGB copy, bilinear (the models read square images of at most 96 px). */
    static BufferedImage scaled(BufferedImage image, int side) {
        BufferedImage out = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, side, side, null);
        g.dispose();
        return out;
    }

    /** The report's thumbnail of the image, {@value #THUMBNAIL} px. */
    private static byte[] png(Path file) {
        try {
            BufferedImage image = scaled(ImageIO.read(file.toFile()), THUMBNAIL);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
