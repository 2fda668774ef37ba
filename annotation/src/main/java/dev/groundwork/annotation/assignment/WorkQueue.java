package dev.groundwork.annotation.assignment;

import dev.groundwork.storage.dataset.Response;
import dev.groundwork.storage.judgment.Assignment;
import dev.groundwork.storage.judgment.AssignmentRepository;
import dev.groundwork.storage.judgment.Comparison;
import dev.groundwork.storage.judgment.Verdict;
import java.util.ArrayList;
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

    /** Done and assigned counts of one annotator. */
    public record Progress(long done, long assigned) {}

    private final AssignmentRepository assignments;

    public WorkQueue(AssignmentRepository assignments) {
        this.assignments = assignments;
    }

    /** Up to {@code limit} open tasks of {@code subject}, oldest assignment first, leaving out {@code excluding}. */
    @Transactional(readOnly = true)
    public List<Task> next(String subject, int limit, Collection<Long> excluding) {
        List<Long> exclude = excluding.isEmpty() ? List.of(-1L) : List.copyOf(excluding);
        List<Task> tasks = new ArrayList<>();
        for (Assignment a : assignments.findOpen(subject, exclude, PageRequest.of(0, limit))) {
            Comparison c = a.getComparison();
            Response first = a.isDisplaySwapped() ? c.getResponseB() : c.getResponseA();
            Response second = a.isDisplaySwapped() ? c.getResponseA() : c.getResponseB();
            var item = c.getItem();
            tasks.add(new Task(a.getId(), c.getId(), item.getDataset().getName(), item.getExternalId(), item.getPrompt(),
                    item.getImage().getSha256(), item.getImage().getWidth(), item.getImage().getHeight(),
                    new Side(first.getId(), first.getText()), new Side(second.getId(), second.getText()),
                    a.isDisplaySwapped()));
        }
        return tasks;
    }

    @Transactional(readOnly = true)
    public Progress progress(String subject) {
        return new Progress(assignments.countDoneBySubject(subject), assignments.countBySubject(subject));
    }
}
