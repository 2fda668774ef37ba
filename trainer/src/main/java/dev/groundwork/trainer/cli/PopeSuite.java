package dev.groundwork.trainer.cli;

import dev.groundwork.trainer.eval.PopeFiles;
import dev.groundwork.trainer.eval.PopeScore;
import dev.groundwork.trainer.eval.YesNo;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --suite pope --questions Q.jsonl --answers A.jsonl [--pope-compat] [--split NAME]}: POPE's file formats. */
final class PopeSuite implements ScoreSuite {

    @Override
    public String name() {
        return "pope";
    }

    @Override
    public Set<String> options() {
        return Set.of("--questions", "--answers", "--pope-compat", "--split");
    }

    @Override
    public Report score(Inputs in, PrintWriter out) {
        PopeFiles.Matched matched = PopeFiles.match(PopeFiles.questions(in.file("--questions")), in.file("--answers"));
        matched.warnings().forEach(warning -> out.println("warning: " + warning));
        YesNo rule = in.popeCompat() ? YesNo.POPE_COMPAT : YesNo.STRICT;
        String reading = in.popeCompat() ? "pope-compat" : "strict";
        PopeScore score = PopeScore.of(matched.probes(), rule);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("suite", name());
        metrics.put("answer_reading", reading);
        metrics.put("questions", score.probes());
        metrics.putAll(score.metrics(in.split()));
        metrics.put("unparseable_question_ids", score.unparseable());
        List<Map<String, Object>> samples = new ArrayList<>();
        for (PopeScore.Probe p : matched.probes()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("question_id", p.questionId());
            s.put("label", p.label() ? "yes" : "no");
            s.put("answer", p.answer());
            s.put("parsed", rule.read(p.answer()).map(yes -> yes ? "yes" : "no").orElse("unparseable"));
            samples.add(s);
        }
        String summary = String.format("POPE (%s reading), %d questions: accuracy %.4f, precision %.4f, recall %.4f,"
                        + " F1 %.4f, yes-ratio %.4f, unparseable %d", reading, score.probes(), score.accuracy(),
                score.precision(), score.recall(), score.f1(), score.yesRatio(), score.unparseable().size());
        return new Report(metrics, samples, summary);
    }
}
