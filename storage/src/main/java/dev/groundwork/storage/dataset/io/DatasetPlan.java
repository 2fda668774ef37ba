package dev.groundwork.storage.dataset.io;

import dev.groundwork.storage.dataset.Manifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A dataset read and validated from its files, not yet stored.
 *
 * @param items the items, which a native manifest reads again from its file rather than hold
 * @param truths ground truth by image path, with where it was declared
 */
public record DatasetPlan(
        String name,
        String description,
        String sourceFormat,
        Map<String, Object> sourceInfo,
        Items items,
        Map<String, Located<Manifest.GroundTruth>> truths) {

    /** A value and the file and line it came from. */
    public record Located<T>(String file, int line, T value) {}

    public DatasetPlan {
        truths = Map.copyOf(truths);
    }

    /** The valid items of a dataset, in file order. */
    public interface Items {

        /** How many there are. */
        int count();

        /** The distinct image paths, in order of first use, each located at the first item that uses it. */
        List<Located<String>> images();

        /**
         * Hands each item to {@code action} in file order.
         *
         * @throws dev.groundwork.storage.dataset.ImportException when a file read again is no longer what was validated
         */
        void forEach(Consumer<Located<Manifest.Item>> action);

        /** Items held in memory. */
        static Items of(List<Located<Manifest.Item>> items) {
            List<Located<Manifest.Item>> copy = List.copyOf(items);
            Map<String, Located<String>> images = new LinkedHashMap<>();
            copy.forEach(i -> images.putIfAbsent(i.value().image(), new Located<>(i.file(), i.line(), i.value().image())));
            List<Located<String>> distinct = List.copyOf(new ArrayList<>(images.values()));
            return new Items() {
                @Override
                public int count() {
                    return copy.size();
                }

                @Override
                public List<Located<String>> images() {
                    return distinct;
                }

                @Override
                public void forEach(Consumer<Located<Manifest.Item>> action) {
                    copy.forEach(action);
                }
            };
        }
    }
}
