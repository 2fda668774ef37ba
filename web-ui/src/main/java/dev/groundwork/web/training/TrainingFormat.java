package dev.groundwork.web.training;

import dev.groundwork.annotation.event.CheckpointSaved.OffsetRange;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** How the Training view writes runs, steps and lineage as text. */
final class TrainingFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    static final String NO_JUDGMENTS = "not trained on judgments";
    static final String JUDGES_UNREPORTED = "not reported (saved by a trainer before judges were reported)";

    private TrainingFormat() {}

    /** UTC, to the second. */
    static String time(Instant at) {
        return TIME.format(at);
    }

    /** The run key's first 8 characters (a UUID is told apart by them), or the database id of a run without one. */
    static String shortKey(Optional<String> key, long id) {
        return key.map(k -> k.length() > 8 ? k.substring(0, 8) + "…" : k).orElse("#" + id);
    }

    /** {@code 12 / 40}: the latest step with metrics and the steps planned, when known. */
    static String steps(long lastStep, Optional<Long> totalSteps) {
        return totalSteps.filter(t -> t > 0).map(t -> lastStep + " / " + t).orElse(Long.toString(lastStep));
    }

    /** {@code groundwork.judgments.v1-0 [0, 12)} per partition, joined by {@code ·}; {@code –} for none. */
    static String ranges(List<OffsetRange> ranges) {
        if (ranges.isEmpty()) {
            return "–";
        }
        return String.join(" · ", ranges.stream().map(r -> r.topic() + "-" + r.partition() + " [" + r.fromOffset() + ", "
                + r.toOffset() + ")").toList());
    }

    /** How many judgment-topic records the ranges span. */
    static long records(List<OffsetRange> ranges) {
        return ranges.stream().mapToLong(r -> r.toOffset() - r.fromOffset()).sum();
    }

    /**
     * {@code annotators: Alice (alice) 4, bob 3 · critics: claims 2 · reviewers: rev 1}, judges named by {@code names}.
     */
    static String judges(TrainingRuns.Lineage checkpoint, Function<String, String> names) {
        if (checkpoint.judges().isEmpty()) {
            return checkpoint.judgesUnreported() ? JUDGES_UNREPORTED : NO_JUDGMENTS;
        }
        Map<String, List<String>> byKind = new LinkedHashMap<>();
        for (TrainingRuns.Judge j : checkpoint.judges()) {
            byKind.computeIfAbsent(j.kind(), k -> new ArrayList<>()).add(names.apply(j.id()) + " " + j.pairs());
        }
        List<String> parts = new ArrayList<>();
        byKind.forEach((kind, judges) -> parts.add(kindLabel(kind) + ": " + String.join(", ", judges)));
        return String.join(" · ", parts);
    }

    /** {@code annotators}, {@code critics}, {@code reviewers}. */
    static String kindLabel(String kind) {
        return switch (kind) {
            case "HUMAN" -> "annotators";
            case "CRITIC" -> "critics";
            case "REVIEWER" -> "reviewers";
            default -> kind.toLowerCase(Locale.ROOT);
        };
    }

    /** A metric value as the summary shows it: four significant decimals. */
    static String value(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
