package dev.groundwork.web.training;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Which metrics share a chart. The trainer names its metrics as TRL does ({@code loss}, {@code rewards/margins},
 * mDPO's {@code rewards/imageless_margins}, the reward model's {@code accuracy}, ...): the curves that are read
 * against each other share an axis, in the order a DPO or mDPO run is read (loss, margins, accuracies, then the
 * rewards, log-probabilities and logits they come from); any other metric gets a chart of its own, so that nothing
 * the trainer reports is hidden and no two scales are mixed.
 */
final class MetricGroups {

    /** A chart: its title and the metrics it draws, by name. */
    record Group(String title, List<String> metrics) {}

    private record Rule(String title, Predicate<String> member) {}

    private static final List<Rule> RULES = List.of(
            new Rule("Loss", n -> n.equals("loss") || n.startsWith("loss/") || n.equals("nll_loss")),
            new Rule("Reward margins", n -> n.equals("margin") || n.startsWith("rewards/") && n.endsWith("margins")),
            new Rule("Reward accuracies", n -> n.equals("accuracy") || n.startsWith("rewards/") && n.endsWith("accuracies")),
            new Rule("Rewards", n -> n.startsWith("rewards/")),
            new Rule("Log-probabilities", n -> n.startsWith("logps/")),
            new Rule("Logits", n -> n.startsWith("logits/")));

    private MetricGroups() {}

    /** The charts for these metric names: the known groups that have a member, then one chart per other metric. */
    static List<Group> of(Collection<String> names) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        RULES.forEach(r -> groups.put(r.title(), new ArrayList<>()));
        List<Group> others = new ArrayList<>();
        for (String name : new TreeSet<>(names)) {
            Rule rule = RULES.stream().filter(r -> r.member().test(name)).findFirst().orElse(null);
            if (rule == null) {
                others.add(new Group(name, List.of(name)));
            } else {
                groups.get(rule.title()).add(name);
            }
        }
        List<Group> charts = new ArrayList<>();
        groups.forEach((title, members) -> {
            if (!members.isEmpty()) {
                charts.add(new Group(title, List.copyOf(members)));
            }
        });
        charts.addAll(others);
        return charts;
    }
}
