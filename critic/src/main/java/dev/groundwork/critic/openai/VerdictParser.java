package dev.groundwork.critic.openai;

import dev.groundwork.critic.judge.CriticException;
import dev.groundwork.storage.judgment.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a verdict from a critic's free text. Critics reason first and decide at the end, so the last decision in the
 * text wins. Styles read:
 * <ul>
 *   <li>LLaVA-Critic's pairwise conclusion: "The better response: [The first response]", "… [second]", "the second
 *       response is better", "Two responses are equally good" (TIE) or "equally bad" (BOTH_BAD);
 *   <li>MT-Bench's judge format: {@code [[A]]}, {@code [[B]]}, {@code [[C]]} (tie), and the graded {@code [[A>B]]},
 *       {@code [[A>>B]]} (strong), {@code [[A=B]]}, {@code [[B>A]]}, {@code [[B>>A]]};
 *   <li>two scores, as LLaVA-Bench's GPT-4 review asks ("a single line containing only two values indicating the
 *       scores for Assistant 1 and 2"): "8 6", "8, 6", or lines "First response: 8/10" and "Second response: 6/10";
 *   <li>pointwise: "Final Score: 85" (also "Score: 85", "85/100"), see {@link #score}.
 * </ul>
 */
final class VerdictParser {

    /** A pairwise decision: the verdict and the strength (2 for a graded "much better"). */
    record Decision(Verdict verdict, int strength) {}

    private static final Pattern BETTER = Pattern.compile(
            "better\\s+(?:response|answer|one)\\s*(?:is)?\\s*[:：]?\\s*\\[?\\s*(?:the\\s+)?(first|second)\\b");
    private static final Pattern IS_BETTER = Pattern.compile(
            "\\b(?:the\\s+)?(first|second)\\s+(?:response|answer)\\s+is\\s+(much\\s+|significantly\\s+|clearly\\s+)?better\\b");
    private static final Pattern EQUALLY = Pattern.compile(
            "\\b(?:two|both)\\s+(?:responses|answers)\\s+are\\s+equally\\s+(\\w+)|\\bequally\\s+(good|bad|poor|wrong|acceptable|helpful)\\b");
    private static final Pattern BRACKETS = Pattern.compile("\\[\\[\\s*(A\\s*>>\\s*B|A\\s*>\\s*B|A\\s*=\\s*B|B\\s*>>\\s*A|B\\s*>\\s*A|A|B|C)\\s*]]");
    private static final Pattern TWO_SCORES_LINE = Pattern.compile(
            "(?m)^\\s*(\\d+(?:\\.\\d+)?)\\s*(?:/\\s*\\d+)?\\s*[,;\\s]\\s*(\\d+(?:\\.\\d+)?)\\s*(?:/\\s*\\d+)?\\s*$");
    private static final Pattern FIRST_SCORE = Pattern.compile(
            "(?im)^.*\\b(?:first\\s+(?:response|answer)|response\\s+(?:a|1)|assistant\\s+1|answer\\s+(?:a|1))\\b[^\\d\\n]*(\\d+(?:\\.\\d+)?)");
    private static final Pattern SECOND_SCORE = Pattern.compile(
            "(?im)^.*\\b(?:second\\s+(?:response|answer)|response\\s+(?:b|2)|assistant\\s+2|answer\\s+(?:b|2))\\b[^\\d\\n]*(\\d+(?:\\.\\d+)?)");
    private static final Pattern FINAL_SCORE = Pattern.compile(
            "(?i)(?:final\\s+score|overall\\s+score|score)\\s*(?:is|of)?\\s*[:：]?\\s*\\[?\\s*(\\d+(?:\\.\\d+)?)|(\\d+(?:\\.\\d+)?)\\s*/\\s*100\\b");

    private VerdictParser() {
    }

    /**
     * The pairwise decision of {@code output}.
     *
     * @throws CriticException {@link CriticException.Reason#MALFORMED_VERDICT} when it holds none
     */
    static Decision pairwise(String output) {
        String text = output.toLowerCase(Locale.ROOT);
        List<Located> found = new ArrayList<>();
        Matcher m = BETTER.matcher(text);
        while (m.find()) {
            found.add(new Located(m.start(), new Decision(m.group(1).equals("first") ? Verdict.A : Verdict.B, 1)));
        }
        m = IS_BETTER.matcher(text);
        while (m.find()) {
            found.add(new Located(m.start(), new Decision(m.group(1).equals("first") ? Verdict.A : Verdict.B,
                    m.group(2) == null ? 1 : 2)));
        }
        m = EQUALLY.matcher(text);
        while (m.find()) {
            String how = m.group(1) != null ? m.group(1) : m.group(2);
            boolean bad = how.equals("bad") || how.equals("poor") || how.equals("wrong");
            found.add(new Located(m.start(), new Decision(bad ? Verdict.BOTH_BAD : Verdict.TIE, 1)));
        }
        m = BRACKETS.matcher(output);
        while (m.find()) {
            found.add(new Located(m.start(), brackets(m.group(1).replaceAll("\\s", ""))));
        }
        if (!found.isEmpty()) {
            return found.stream().max(java.util.Comparator.comparingInt(Located::at)).orElseThrow().decision();
        }
        return twoScores(output);
    }

    private record Located(int at, Decision decision) {}

    private static Decision brackets(String mark) {
        return switch (mark) {
            case "A>>B" -> new Decision(Verdict.A, 2);
            case "A>B", "A" -> new Decision(Verdict.A, 1);
            case "B>>A" -> new Decision(Verdict.B, 2);
            case "B>A", "B" -> new Decision(Verdict.B, 1);
            default -> new Decision(Verdict.TIE, 1);
        };
    }

    private static Decision twoScores(String output) {
        Matcher line = TWO_SCORES_LINE.matcher(output);
        if (line.find()) {
            return compare(Double.parseDouble(line.group(1)), Double.parseDouble(line.group(2)));
        }
        OptionalDouble first = last(FIRST_SCORE, output);
        OptionalDouble second = last(SECOND_SCORE, output);
        if (first.isPresent() && second.isPresent()) {
            return compare(first.getAsDouble(), second.getAsDouble());
        }
        throw malformed(output);
    }

    private static Decision compare(double first, double second) {
        return new Decision(first > second ? Verdict.A : first < second ? Verdict.B : Verdict.TIE, 1);
    }

    /**
     * The pointwise score of {@code output} ("Final Score: 85"; the last one when it states several).
     *
     * @throws CriticException {@link CriticException.Reason#MALFORMED_VERDICT} when it states none
     */
    static double score(String output) {
        Matcher m = FINAL_SCORE.matcher(output);
        Double last = null;
        while (m.find()) {
            last = Double.parseDouble(m.group(1) != null ? m.group(1) : m.group(2));
        }
        if (last == null) {
            throw malformed(output);
        }
        return last;
    }

    private static OptionalDouble last(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        OptionalDouble value = OptionalDouble.empty();
        while (m.find()) {
            value = OptionalDouble.of(Double.parseDouble(m.group(1)));
        }
        return value;
    }

    private static CriticException malformed(String output) {
        String snippet = output.length() > 200 ? output.substring(0, 200) + "…" : output;
        return new CriticException(CriticException.Reason.MALFORMED_VERDICT,
                "no verdict in the critic's output: \"" + snippet.replace("\n", "\\n") + "\"");
    }
}
