package dev.groundwork.annotation.assignment;

import dev.groundwork.storage.dataset.Response;
import dev.groundwork.storage.judgment.Assignment;
import dev.groundwork.storage.judgment.AssignmentRepository;
import dev.groundwork.storage.judgment.Comparison;
import dev.groundwork.storage.judgment.Verdict;
import dev.groundwork.storage.judgment.JudgeKind;
import dev.groundwork.storage.judgment.Judgment;
import dev.groundwork.storage.judgment.JudgmentRepository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Collection;
import java.util.List;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * An annotator's open assignments, as the annotate view shows them: blind (no other judgment, no
 * model names) and in the display order recorded with each assignment.
 */
@Service
public class WorkQueue {

    /** The verdict as the annotator sees it: the left or the right answer. */
    public enum DisplayedVerdict { LEFT, RIGHT, TIE, BOTH_BAD }

    /** One displayed answer. */
    public record Side(long responseId, String text) {}

    /** One comparison to judge. {@code swapped}: the left answer is the comparison's response B. */
    public record Task(long assignmentId, long comparisonId, String dataset, String itemExternalId, String prompt,
            String imageSha256, int imageWidth, int imageHeight, Side left, Side right, boolean swapped) {

        /** What the annotator saw for a stored (A/B) verdict: the inverse of {@link #stored}. */
        public DisplayedVerdict shown(Verdict stored) {
            return switch (stored) {
                case A -> swapped ? DisplayedVerdict.RIGHT : DisplayedVerdict.LEFT;
                case B -> swapped ? DisplayedVerdict.LEFT : DisplayedVerdict.RIGHT;
                case TIE -> DisplayedVerdict.TIE;
                case BOTH_BAD -> DisplayedVerdict.BOTH_BAD;
            };
        }

        /** The stored verdict (in A/B terms) for what the annotator chose on screen. */
        public Verdict stored(DisplayedVerdict shown) {
            return switch (shown) {
                case LEFT -> swapped ? Verdict.B : Verdict.A;
                case RIGHT -> swapped ? Verdict.A : Verdict.B;
                case TIE -> Verdict.TIE;
                case BOTH_BAD -> Verdict.BOTH_BAD;
            };
        }
    }

    /** One of an annotator's own recent judgments, as they saw it, with the task to show it again. */
    public record Recent(long judgmentId, Task task, DisplayedVerdict verdict, int strength, Instant judgedAt) {}

    /** Done and assigned counts of one annotator. */
    public record Progress(long done, long assigned) {}

    private final AssignmentRepository assignments;
    private final JudgmentRepository judgments;

    public WorkQueue(AssignmentRepository assignments, JudgmentRepository judgments) {
        this.assignments = assignments;
        this.judgments = judgments;
    }

    /** Up to {@code limit} open tasks of {@code subject}, oldest assignment first, leaving out {@code excluding}. */
    @Transactional(readOnly = true)
    public List<Task> next(String subject, int limit, Collection<Long> excluding) {
        List<Long> exclude = excluding.isEmpty() ? List.of(-1L) : List.copyOf(excluding);
        List<Task> tasks = new ArrayList<>();
        for (Assignment a : assignments.findOpen(subject, exclude, PageRequest.of(0, limit))) {
            tasks.add(task(a, a.getComparison()));
        }
        return tasks;
    }

    private static Task task(Assignment a, Comparison c) {
        Response first = a.isDisplaySwapped() ? c.getResponseB() : c.getResponseA();
        Response second = a.isDisplaySwapped() ? c.getResponseA() : c.getResponseB();
        var item = c.getItem();
        return new Task(a.getId(), c.getId(), item.getDataset().getName(), item.getExternalId(), item.getPrompt(),
                item.getImage().getSha256(), item.getImage().getWidth(), item.getImage().getHeight(),
                new Side(first.getId(), first.getText()), new Side(second.getId(), second.getText()), a.isDisplaySwapped());
    }

    /**
     * The annotator's newest {@code limit} judgments that no correction superseded, newest first, each
     * in the display order of its assignment: what they can revisit and correct.
     */
    @Transactional(readOnly = true)
    public List<Recent> recent(String subject, int limit) {
        List<Judgment> latest = judgments.findCurrentByJudge(subject, JudgeKind.HUMAN, PageRequest.of(0, limit));
        if (latest.isEmpty()) {
            return List.of();
        }
        Map<Long, Assignment> assignmentOf = new HashMap<>();
        for (Assignment a : assignments.findByComparisonIds(latest.stream().map(j -> j.getComparison().getId()).toList())) {
            if (a.getAnnotator().getSubject().equals(subject)) {
                assignmentOf.put(a.getComparison().getId(), a);
            }
        }
        List<Recent> recent = new ArrayList<>();
        for (Judgment j : latest) {
            Assignment a = assignmentOf.get(j.getComparison().getId());
            if (a != null) {
                Task t = task(a, j.getComparison());
                recent.add(new Recent(j.getId(), t, t.shown(j.getVerdict()), j.getStrength(), j.getCreatedAt()));
            }
        }
        return recent;
    }

    @Transactional(readOnly = true)
    public Progress progress(String subject) {
        return new Progress(assignments.countDoneBySubject(subject), assignments.countBySubject(subject));
    }
}
