package dev.groundwork.trainer.evaluation;

import dev.groundwork.trainer.eval.Bootstrap;
import dev.groundwork.trainer.eval.ObjectVocabulary;
import dev.groundwork.trainer.eval.ResultFiles;
import dev.groundwork.trainer.eval.WorldScorer;
import dev.groundwork.trainer.eval.YesNo;
import dev.groundwork.trainer.generate.Generator;
import dev.groundwork.trainer.report.AuditReport;
import dev.groundwork.trainer.report.ReportRenderer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates policy checkpoints on a suite: each answers every item greedily, the answers are scored
 * ({@link WorldScorer}: POPE per split, CHAIR_i/CHAIR_s/Cover/Hal on captions, attribute/count/relation rates), every
 * metric gets a seeded 95 % percentile bootstrap interval over the items and, against the first checkpoint, a paired
 * difference (the same resampled items for all checkpoints), and the run writes {@code metrics.json},
 * {@code samples.jsonl}, {@code report.html} and {@code report.pdf} into its directory.
 */
public final class EvaluationRun {

    /**
     * How to evaluate.
     *
     * @param title the report's title; empty for {@code <labels joined by " vs "> on <suite>}
     * @param rule how yes/no answers are read
     * @param seed the bootstrap seed
     * @param resamples bootstrap resamples
     * @param maxNewTokens the most tokens an answer may have
     * @param batch items generated together
     * @param worst how many worst hallucinations the report shows
     */
    public record Settings(String title, YesNo rule, long seed, int resamples, int maxNewTokens, int batch, int worst) {
        public Settings {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(rule, "rule");
            if (resamples < 1 || maxNewTokens < 1 || batch < 1 || worst < 0) {
                throw new IllegalArgumentException("resamples, maxNewTokens and batch must be >= 1 and worst >= 0");
            }
        }

        public static Settings defaults() {
            return new Settings("", YesNo.STRICT, 7, 1000, Generator.DEFAULT_MAX_NEW_TOKENS, 64, 10);
        }

        public Settings withTitle(String newTitle) {
            return new Settings(newTitle, rule, seed, resamples, maxNewTokens, batch, worst);
        }

        public Settings withResamples(int n) {
            return new Settings(title, rule, seed, n, maxNewTokens, batch, worst);
        }

        public Settings withRule(YesNo newRule) {
            return new Settings(title, newRule, seed, resamples, maxNewTokens, batch, worst);
        }

        public Settings withSeed(long newSeed) {
            return new Settings(title, rule, newSeed, resamples, maxNewTokens, batch, worst);
        }
    }

    /** A checkpoint's figures: every metric on all items, and the headline ones. */
    public record Scored(PolicyCheckpoint checkpoint, Map<String, Double> metrics, Map<String, Double> headline) {}

    /** What a run wrote. */
    public record Outcome(String title, String suite, int items, List<Scored> checkpoints, Path directory, Path metrics,
            Path samples, Path html, Path pdf, AuditReport report) {}

    private final Settings settings;
    private final Clock clock;
    private final PrintWriter log;
    private final ObjectVocabulary vocabulary = ObjectVocabulary.world();

    public EvaluationRun(Settings settings, Clock clock, PrintWriter log) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
    }

    public Outcome run(List<PolicyCheckpoint> checkpoints, EvaluationSuite suite, Path out) {
        if (checkpoints.isEmpty()) {
            throw new IllegalArgumentException("give at least one checkpoint to evaluate");
        }
        List<EvaluationSuite.Case> cases = suite.cases();
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("the suite " + suite.name() + " has no items");
        }
        WorldScorer scorer = new WorldScorer(settings.rule());
        List<List<WorldScorer.Answered>> answered = new ArrayList<>();
        List<WorldScorer.Result> results = new ArrayList<>();
        for (PolicyCheckpoint cp : checkpoints) {
            long started = System.nanoTime();
            List<WorldScorer.Answered> a = answer(cp, cases);
            WorldScorer.Result r = scorer.score(a);
            answered.add(a);
            results.add(r);
            log.printf("%s: %d answers in %.1f s; %s%n", cp.label(), a.size(), (System.nanoTime() - started) / 1e9,
                    summary(r.metrics()));
            log.flush();
        }
        List<ReportMetrics.Spec> specs = ReportMetrics.ALL.stream()
                .filter(s -> results.stream().anyMatch(r -> r.metrics().containsKey(s.name()))).toList();
        long started = System.nanoTime();
        List<AuditReport.MetricRow> rows = intervals(scorer, answered, specs);
        log.printf("bootstrap: %d resamples of %d items in %.1f s%n", settings.resamples(), cases.size(),
                (System.nanoTime() - started) / 1e9);

        String title = settings.title().isEmpty()
                ? String.join(" vs ", checkpoints.stream().map(PolicyCheckpoint::label).toList()) + " on " + suite.name()
                : settings.title();
        List<AuditReport.CheckpointInfo> infos = checkpoints.stream()
                .map(cp -> new AuditReport.CheckpointInfo(cp.label(), cp.uri(), cp.provenance().objective(),
                        cp.provenanceForReport()))
                .toList();
        List<String> notes = new ArrayList<>();
        notes.add("Items: " + suite.description() + ".");
        notes.add("Yes/no answers read " + (settings.rule() == YesNo.STRICT
                ? "strictly (first word yes or no; anything else is unparseable, counted wrong in accuracy)"
                : "as POPE's own script does") + "; answers are greedy, at most " + settings.maxNewTokens() + " tokens.");
        for (int c = 0; c < checkpoints.size(); c++) {
            long unparseable = results.get(c).samples().stream().filter(s -> s.verdict().equals("unparseable")).count();
            if (unparseable > 0) {
                notes.add(checkpoints.get(c).label() + ": " + unparseable + " answers could not be read (see samples.jsonl).");
            }
        }
        Instant now = clock.instant();
        AuditReport report = new AuditReport(title, suite.name(), now, cases.size(), settings.seed(), settings.resamples(),
                infos, rows, worst(checkpoints, cases, results), notes);
        ResultFiles.write(out, metrics(report, checkpoints, results), samples(checkpoints, cases, results));
        ReportRenderer.Written written = new ReportRenderer().write(report, out);
        List<Scored> scored = new ArrayList<>();
        for (int c = 0; c < checkpoints.size(); c++) {
            Map<String, Double> headline = new LinkedHashMap<>();
            Map<String, Double> m = results.get(c).metrics();
            ReportMetrics.HEADLINE.stream().filter(m::containsKey).forEach(n -> headline.put(n, m.get(n)));
            scored.add(new Scored(checkpoints.get(c), m, headline));
        }
        return new Outcome(title, suite.name(), cases.size(), scored, out, out.resolve(ResultFiles.METRICS),
                out.resolve(ResultFiles.SAMPLES), written.html(), written.pdf(), report);
    }

    private List<WorldScorer.Answered> answer(PolicyCheckpoint cp, List<EvaluationSuite.Case> cases) {
        List<WorldScorer.Answered> answered = new ArrayList<>(cases.size());
        try (Generator generator = cp.generator(settings.maxNewTokens())) {
            for (int from = 0; from < cases.size(); from += settings.batch()) {
                List<EvaluationSuite.Case> chunk = cases.subList(from, Math.min(cases.size(), from + settings.batch()));
                List<String> answers = generator.greedy(chunk.stream().map(EvaluationSuite.Case::picture).toList(),
                        chunk.stream().map(c -> c.item().prompt()).toList());
                for (int i = 0; i < chunk.size(); i++) {
                    answered.add(new WorldScorer.Answered(chunk.get(i).item(), answers.get(i)));
                }
            }
        }
        return answered;
    }

    /** Every checkpoint's metrics and their differences to the first, all from the same resamples. */
    private List<AuditReport.MetricRow> intervals(WorldScorer scorer, List<List<WorldScorer.Answered>> answered,
            List<ReportMetrics.Spec> specs) {
        int k = answered.size();
        int m = specs.size();
        int items = answered.get(0).size();
        List<Bootstrap.Interval> all = Bootstrap.intervals(items, sample -> {
            double[] v = new double[m * k + m * (k - 1)];
            double[][] byCheckpoint = new double[k][];
            for (int c = 0; c < k; c++) {
                List<WorldScorer.Answered> list = answered.get(c);
                List<WorldScorer.Answered> drawn = new ArrayList<>(sample.length);
                for (int i : sample) {
                    drawn.add(list.get(i));
                }
                Map<String, Double> metrics = scorer.score(drawn).metrics();
                byCheckpoint[c] = specs.stream().mapToDouble(s -> metrics.getOrDefault(s.name(), Double.NaN)).toArray();
                System.arraycopy(byCheckpoint[c], 0, v, c * m, m);
            }
            for (int c = 1; c < k; c++) {
                for (int j = 0; j < m; j++) {
                    v[m * k + (c - 1) * m + j] = byCheckpoint[c][j] - byCheckpoint[0][j];
                }
            }
            return v;
        }, settings.resamples(), settings.seed(), 0.95);
        List<AuditReport.MetricRow> rows = new ArrayList<>();
        for (int j = 0; j < m; j++) {
            List<Bootstrap.Interval> values = new ArrayList<>();
            List<Bootstrap.Interval> deltas = new ArrayList<>();
            for (int c = 0; c < k; c++) {
                values.add(all.get(c * m + j));
            }
            for (int c = 1; c < k; c++) {
                deltas.add(all.get(m * k + (c - 1) * m + j));
            }
            ReportMetrics.Spec s = specs.get(j);
            rows.add(new AuditReport.MetricRow(s.name(), s.label(), s.group(), s.direction(), values, deltas));
        }
        return rows;
    }

    /** A hallucinated answer and how bad it is. */
    private record Candidate(int checkpoint, int item, WorldScorer.Sample sample, List<AuditReport.Span> spans, String why,
            int severity) {}

    /**
     * The worst hallucinations over all checkpoints: the most hallucinated words first (captions can name several
     * absent objects), then later checkpoints first (what is still wrong after alignment), then item order; each item
     * once, with the first checkpoint in that order that hallucinated on it.
     */
    private List<AuditReport.WorstCase> worst(List<PolicyCheckpoint> checkpoints, List<EvaluationSuite.Case> cases,
            List<WorldScorer.Result> results) {
        List<Candidate> candidates = new ArrayList<>();
        for (int c = 0; c < checkpoints.size(); c++) {
            List<WorldScorer.Sample> samples = results.get(c).samples();
            for (int i = 0; i < samples.size(); i++) {
                candidate(c, i, samples.get(i), cases.get(i).item().prompt()).ifPresent(candidates::add);
            }
        }
        candidates.sort(Comparator.comparingInt(Candidate::severity).reversed()
                .thenComparing(Comparator.comparingInt(Candidate::checkpoint).reversed())
                .thenComparingInt(Candidate::item));
        Set<Integer> shown = new HashSet<>();
        return candidates.stream().filter(x -> shown.add(x.item())).limit(settings.worst()).map(x -> {
            WorldScorer.Sample s = x.sample();
            EvaluationSuite.Case item = cases.get(x.item());
            return new AuditReport.WorstCase(checkpoints.get(x.checkpoint()).label(), s.questionId(), s.category(),
                    item.item().prompt(), s.answer(), x.spans(), x.why(), Optional.of(item.png().get()));
        }).toList();
    }

    private Optional<Candidate> candidate(int checkpoint, int item, WorldScorer.Sample s, String prompt) {
        String answer = s.answer();
        if (!s.hallucinated().isEmpty()) {
            List<AuditReport.Span> spans = s.hallucinated().stream()
                    .map(h -> new AuditReport.Span(h.start(), h.end())).toList();
            List<String> names = s.hallucinated().stream().map(ObjectVocabulary.Mention::objectClass).distinct().toList();
            return Optional.of(new Candidate(checkpoint, item, s, spans, "not in the image: " + String.join(", ", names), s.hallucinated().size() + 1));
        }
        if (s.category().startsWith("pope-") && s.verdict().equals("wrong")) {
            boolean saidYes = s.read().orElse("").equals("yes");
            String object = vocabulary.mentions(prompt).stream().findFirst()
                    .map(ObjectVocabulary.Mention::objectClass).orElse("");
            Matcher first = Pattern.compile("^\\W*(\\w+)").matcher(answer);
            List<AuditReport.Span> spans = first.find() ? List.of(new AuditReport.Span(first.start(1), first.end(1))) : List.of();
            String why = saidYes ? "said yes; the answer is no" + (object.isEmpty() ? "" : " (no " + object + ")")
                    : "said no; the answer is yes";
            // False yes on an absent object is an object hallucination; a false no is a miss, shown after them.
            return Optional.of(new Candidate(checkpoint, item, s, spans, why + " (" + s.category() + ")", saidYes ? 1 : 0));
        }
        if (s.verdict().equals("hallucinated") && s.read().isPresent()) {
            String read = s.read().get();
            return Optional.of(new Candidate(checkpoint, item, s, spansOf(answer, read), "said " + read.replace('_', ' ')
                    + "; the answer is " + s.reference().replace('_', ' ') + " (" + s.category() + ")", 1));
        }
        return Optional.empty();
    }

    private static final List<String> NUMBER_WORDS = List.of("zero", "one", "two", "three", "four", "five", "six", "seven",
            "eight", "nine", "ten");

    /** Where a read value (a colour, a count, a predicate such as {@code left_of}) is written in the answer. */
    static List<AuditReport.Span> spansOf(String answer, String read) {
        List<String> words = new ArrayList<>();
        words.add(read.replaceAll("_of$", ""));
        if (read.matches("\\d+") && Integer.parseInt(read) < NUMBER_WORDS.size()) {
            words.add(NUMBER_WORDS.get(Integer.parseInt(read)));
        }
        String lower = answer.toLowerCase(Locale.ROOT);
        for (String w : words) {
            Matcher m = Pattern.compile("\\b" + Pattern.quote(w) + "\\b").matcher(lower);
            if (m.find()) {
                return List.of(new AuditReport.Span(m.start(), m.end()));
            }
        }
        return List.of();
    }

    private static String summary(Map<String, Double> m) {
        List<String> parts = new ArrayList<>();
        for (String name : List.of("chair_i", "pope_accuracy_random", "pope_f1_score_adversarial", "attribute_hallucination_rate",
                "count_hallucination_rate", "relation_hallucination_rate")) {
            if (m.containsKey(name)) {
                parts.add(name + " " + String.format(Locale.ROOT, "%.3f", m.get(name)));
            }
        }
        return String.join(", ", parts);
    }

    private Map<String, Object> metrics(AuditReport report, List<PolicyCheckpoint> checkpoints,
            List<WorldScorer.Result> results) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("title", report.title());
        root.put("suite", report.suite());
        root.put("created_at", report.createdAt().toString());
        root.put("items", report.items());
        root.put("answer_reading", settings.rule() == YesNo.STRICT ? "strict" : "pope-compat");
        root.put("bootstrap", Map.of("resamples", settings.resamples(), "seed", settings.seed(), "level", 0.95,
                "paired_against", checkpoints.get(0).label()));
        List<Map<String, Object>> cps = new ArrayList<>();
        for (int c = 0; c < checkpoints.size(); c++) {
            Map<String, Object> cp = new LinkedHashMap<>();
            cp.put("label", checkpoints.get(c).label());
            cp.put("checkpoint", checkpoints.get(c).uri());
            cp.put("objective", checkpoints.get(c).provenance().objective());
            cp.put("metrics", results.get(c).metrics());
            cp.put("counts", results.get(c).counts());
            Map<String, Object> ci = new LinkedHashMap<>();
            Map<String, Object> delta = new LinkedHashMap<>();
            for (AuditReport.MetricRow row : report.metrics()) {
                Bootstrap.Interval i = row.values().get(c);
                ci.put(row.name(), List.of(i.lower(), i.upper()));
                if (c > 0) {
                    Bootstrap.Interval d = row.deltas().get(c - 1);
                    delta.put(row.name(), Map.of("delta", d.estimate(), "ci", List.of(d.lower(), d.upper())));
                }
            }
            cp.put("ci95", ci);
            if (c > 0) {
                cp.put("delta_vs_" + checkpoints.get(0).label(), delta);
            }
            cps.add(cp);
        }
        root.put("checkpoints", cps);
        return root;
    }

    /** One record per checkpoint and item: the checkpoint's label and the prompt, then the scored sample. */
    private static List<Map<String, Object>> samples(List<PolicyCheckpoint> checkpoints, List<EvaluationSuite.Case> cases,
            List<WorldScorer.Result> results) {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int c = 0; c < checkpoints.size(); c++) {
            List<WorldScorer.Sample> samples = results.get(c).samples();
            for (int i = 0; i < samples.size(); i++) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("checkpoint", checkpoints.get(c).label());
                line.put("prompt", cases.get(i).item().prompt());
                line.putAll(samples.get(i).record());
                lines.add(line);
            }
        }
        return lines;
    }
}
