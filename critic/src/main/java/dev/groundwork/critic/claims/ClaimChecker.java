package dev.groundwork.critic.claims;

import dev.groundwork.critic.judge.Critic;
import dev.groundwork.critic.judge.CriticException;
import dev.groundwork.critic.judge.CriticIdentity;
import dev.groundwork.critic.judge.CriticPair;
import dev.groundwork.critic.judge.CriticVerdict;
import dev.groundwork.critic.judge.Usage;
import dev.groundwork.storage.dataset.Manifest;
import dev.groundwork.storage.judgment.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * A critic for data with ground truth, after RLAIF-V's divide-and-conquer feedback (Yu et al. 2024, "RLAIF-V:
 * Open-Source AI Feedback Leads to Super GPT-4V Trustworthiness", §3.2): each answer is split into atomic claims
 * ({@link ClaimExtractor}), each claim is checked on its own against the scene annotation ({@link SceneFacts}), and an
 * answer's score is minus the number of its false claims. The higher score wins; equal scores are a TIE when both
 * answers are clean and BOTH_BAD otherwise; a margin of two or more false claims is a strong preference. The false
 * claims become the verdict's hallucination flags (with their spans) and its rationale.
 */
public final class ClaimChecker implements Critic {

    /** The rule version: bump it when the extractor or the checks change, so old and new judgments stay apart. */
    public static final String RULES_VERSION = "claims-v1";

    private static final CriticIdentity IDENTITY = new CriticIdentity("claims", "claim-checker", RULES_VERSION);

    @Override
    public CriticIdentity identity() {
        return IDENTITY;
    }

    @Override
    public CriticVerdict judge(CriticPair pair) {
        Manifest.GroundTruth scene = pair.scene().orElseThrow(() -> new CriticException(CriticException.Reason.UNSUPPORTED,
                "pair " + pair.id() + ": the claim checker needs the image's scene annotation, and it has none"));
        SceneFacts facts = new SceneFacts(scene);
        ClaimExtractor extractor = new ClaimExtractor(new Lexicon(scene.objects().stream()
                .map(Manifest.SceneObject::label).toList()));
        Checked first = check(extractor, facts, pair.prompt(), pair.first());
        Checked second = check(extractor, facts, pair.prompt(), pair.second());
        int a = -first.falsehoods().size();
        int b = -second.falsehoods().size();
        Verdict verdict = a > b ? Verdict.A : a < b ? Verdict.B : a == 0 ? Verdict.TIE : Verdict.BOTH_BAD;
        List<CriticVerdict.Flag> flags = new ArrayList<>();
        flags.addAll(first.flags(CriticVerdict.Answer.FIRST));
        flags.addAll(second.flags(CriticVerdict.Answer.SECOND));
        String rationale = "First answer: " + first.summary() + "\nSecond answer: " + second.summary();
        return new CriticVerdict(verdict, Math.abs(a - b) >= 2 ? 2 : 1, flags, rationale, Usage.NONE);
    }

    /** The claims of one answer and those of them that are false. */
    record Checked(List<Claim> claims, List<SceneFacts.Falsehood> falsehoods) {

        List<CriticVerdict.Flag> flags(CriticVerdict.Answer answer) {
            return falsehoods.stream().map(f -> new CriticVerdict.Flag(answer, f.type(), f.claim().start(), f.claim().end(),
                    f.claim().describe() + " (" + f.why() + ")")).toList();
        }

        String summary() {
            if (falsehoods.isEmpty()) {
                return "score 0; " + claims.size() + (claims.size() == 1 ? " claim" : " claims") + " checked, none false.";
            }
            StringBuilder b = new StringBuilder("score -" + falsehoods.size() + "; " + falsehoods.size() + " of "
                    + claims.size() + " claims false:");
            for (SceneFacts.Falsehood f : falsehoods) {
                b.append(" [").append(f.type()).append("] ").append(f.claim().describe()).append(" (").append(f.why())
                        .append(");");
            }
            return b.toString();
        }
    }

    static Checked check(ClaimExtractor extractor, SceneFacts facts, String prompt, String answer) {
        List<Claim> claims = extractor.claims(prompt, answer);
        return new Checked(claims, claims.stream().flatMap(c -> facts.check(c).stream()).toList());
    }
}
