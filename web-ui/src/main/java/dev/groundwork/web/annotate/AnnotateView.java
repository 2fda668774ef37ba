package dev.groundwork.web.annotate;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.details.Details;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.dom.DomListenerRegistration;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.shared.Registration;
import dev.groundwork.annotation.assignment.WorkQueue;
import dev.groundwork.annotation.assignment.WorkQueue.DisplayedVerdict;
import dev.groundwork.annotation.assignment.WorkQueue.Task;
import dev.groundwork.annotation.flag.FlagService;
import dev.groundwork.annotation.judgment.JudgmentRejectedException;
import dev.groundwork.annotation.judgment.JudgmentService;
import dev.groundwork.annotation.judgment.RecordJudgment;
import dev.groundwork.storage.dataset.HallucinationType;
import dev.groundwork.storage.judgment.JudgeKind;
import dev.groundwork.web.layout.MainLayout;
import dev.groundwork.web.security.CurrentUser;
import dev.groundwork.web.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The annotator's view: one comparison at a time, blind (no other judgment, no critic verdict, no
 * model names), answers in the order recorded with the assignment. Keys: 1 A better, 2 B better,
 * 3 tie, 4 both bad, with Shift for a strong preference; S skips, U undoes the last verdict, F flags
 * the item for the reviewers, R lists the last 20 judgments to change one, ? lists the keys.
 *
 * <p>Layout: the verdict buttons and the status sit in an action bar below the item that never
 * scrolls away; the item scrolls above it. The guidelines are open on a user's first visit in a
 * browser and collapsed after it (remembered in the browser's local storage, per user).
 *
 * <p>A verdict is held for {@link #UNDO_WINDOW} (or until the next verdict) before it is recorded, so
 * that "undo" never has to retract an event the trainer has already consumed. Leaving the view
 * records it at once.
 */
@Route(value = "annotate", layout = MainLayout.class)
@PageTitle("Annotate · Groundwork")
@RolesAllowed(Roles.ANNOTATOR)
public class AnnotateView extends VerticalLayout {

    static final Duration UNDO_WINDOW = Duration.ofSeconds(8);
    private static final int PREFETCH = 8;

    /** Key codes (layout independent) to actions; "?" by the character it types, whatever the layout. */
    private static final String KEY_FILTER = "!['INPUT','TEXTAREA'].includes((event.composedPath()[0] || {}).tagName)"
            + " && !event.ctrlKey && !event.altKey && !event.metaKey"
            + " && (['Digit1','Digit2','Digit3','Digit4','Numpad1','Numpad2','Numpad3','Numpad4','KeyS','KeyU','KeyF','KeyR']"
            + ".includes(event.code) || event.key === '?')";

    /** Whether this user saw the guidelines in this browser before; marks them seen. */
    private static final String GUIDELINES_SEEN_JS = """
            const key = 'groundwork.annotate.guidelines-seen.' + $0;
            let seen = false;
            try { seen = localStorage.getItem(key) === '1'; localStorage.setItem(key, '1'); } catch (e) { seen = false; }
            return seen;""";

    /** The character offsets of the current selection inside {@code $0}, as "start,end", or "". */
    private static final String SELECTION_JS = """
            const el = $0, sel = window.getSelection();
            if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return '';
            const r = sel.getRangeAt(0);
            if (!el.contains(r.startContainer) || !el.contains(r.endContainer)) return '';
            const before = document.createRange();
            before.selectNodeContents(el);
            before.setEnd(r.startContainer, r.startOffset);
            const start = before.toString().length;
            return start + ',' + (start + r.toString().length);""";

    private final WorkQueue queue;
    private final JudgmentService judgments;
    private final AnnotateWorker worker;
    private final CurrentUser user;
    private final KeysDialog keysDialog = new KeysDialog();
    private final FlagDialog flagDialog;
    private final RecentDialog recentDialog;
    /** Verdicts handed to the worker and not yet written (or failed). */
    private int writing;
    private WorkQueue.Progress lastProgress = new WorkQueue.Progress(0, 0);
    /** This view's verdicts, recorded one after the other, off the request thread. */
    private CompletableFuture<Void> writes = CompletableFuture.completedFuture(null);
    private boolean fetching;

    private final Deque<Task> upcoming = new ArrayDeque<>();
    private final Set<Long> seen = new HashSet<>();
    private Task current;
    private long shownAt;
    private Pending pending;
    private int recordedHere;
    private boolean exhausted;

    private final Span progressText = new Span();
    private final ProgressBar progress = new ProgressBar();
    private final Span itemInfo = new Span();
    private final Div task = new Div();
    private final Image image = new Image();
    private final Image nextImage = new Image();
    private final Paragraph prompt = new Paragraph();
    private final AnswerPanel left = new AnswerPanel("A", "left");
    private final AnswerPanel right = new AnswerPanel("B", "right");
    private final TextArea rationale = new TextArea("Rationale (optional)");
    private final Button undo = new Button("Undo (U)");
    private final Span status = new Span();
    private final Button flag = new Button("Flag (F)");
    /** The verdict, skip, undo and flag buttons: hidden when nothing is left to judge. */
    private final HorizontalLayout actionButtons = new HorizontalLayout();
    private final Div done = new Div();
    private final Details guidelines = new Details();
    private int zoom = 1;
    private Registration keys;
    private Registration poll;

    /** A verdict not yet recorded: still open to undo. */
    private record Pending(Task task, RecordJudgment command, long madeAt, String rationale, List<TagChoice> leftTags,
            List<TagChoice> rightTags) {}

    /** A hallucination tag on one answer, with the selected span when there was one. */
    record TagChoice(HallucinationType type, Integer start, Integer end) {
        String label() {
            return type.name().charAt(0) + (start == null ? "" : " [" + start + "," + end + ")");
        }
    }

    public AnnotateView(WorkQueue queue, JudgmentService judgments, FlagService flags, AnnotateWorker worker) {
        this.queue = queue;
        this.judgments = judgments;
        this.worker = worker;
        this.user = CurrentUser.require();
        this.flagDialog = new FlagDialog(flags, user.subject(),
                comment -> status.setText("Flagged for the reviewers: \"" + comment + "\". Judge or skip the item as usual."));
        this.recentDialog = new RecentDialog(queue, judgments, user.subject(), status::setText);
        setSizeFull();
        setId("annotate");
        getStyle().set("overflow", "hidden");

        progress.setWidth("16em");
        progressText.setId("progress");
        itemInfo.getStyle().set("color", "var(--lumo-secondary-text-color)");
        guidelines.setSummaryText("Guidelines");
        guidelines.add(guidelines());
        guidelines.setId("guidelines");
        Button recent = new Button("Recent (R)", e -> openRecent());
        recent.setId("open-recent");
        recent.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        Button keysButton = new Button("Keys (?)", e -> keysDialog.open());
        keysButton.setId("open-keys");
        keysButton.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        HorizontalLayout top = new HorizontalLayout(progressText, progress, itemInfo, recent, keysButton);
        top.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        top.setWidthFull();
        top.expand(itemInfo);
        top.getStyle().set("flex-shrink", "0");
        progressText.getStyle().set("white-space", "nowrap");
        guidelines.setWidthFull();
        guidelines.getStyle().set("flex-shrink", "0");

        image.setId("item-image");
        image.setAlt("the image the answers are about");
        image.getStyle().set("image-rendering", "pixelated").set("display", "block");
        Div viewport = new Div(image);
        viewport.setId("image-viewport");
        viewport.getStyle().set("overflow", "auto").set("max-width", "min(560px, 45vw)").set("max-height", "50vh")
                .set("border", "1px solid var(--lumo-contrast-10pct)");
        Button zoomIn = new Button("Zoom +", e -> setZoom(zoom * 2));
        Button zoomOut = new Button("Zoom −", e -> setZoom(zoom / 2));
        Button fit = new Button("Fit", e -> setZoom(1));
        for (Button b : List.of(zoomIn, zoomOut, fit)) {
            b.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
        }
        VerticalLayout imageColumn = new VerticalLayout(viewport, new HorizontalLayout(zoomOut, fit, zoomIn));
        imageColumn.setPadding(false);
        imageColumn.setWidth(null);
        nextImage.setVisible(false);
        nextImage.getStyle().set("display", "none");

        prompt.setId("prompt");
        prompt.getStyle().set("font-weight", "600").set("white-space", "pre-wrap");
        HorizontalLayout answers = new HorizontalLayout(left, right);
        answers.setWidthFull();
        rationale.setId("rationale");
        rationale.setWidthFull();
        rationale.setMaxLength(RecordJudgment.MAX_RATIONALE);

        Button a = verdictButton("A better (1)", DisplayedVerdict.LEFT, "verdict-a");
        Button b = verdictButton("B better (2)", DisplayedVerdict.RIGHT, "verdict-b");
        Button tie = verdictButton("Tie (3)", DisplayedVerdict.TIE, "verdict-tie");
        Button bad = verdictButton("Both bad (4)", DisplayedVerdict.BOTH_BAD, "verdict-both-bad");
        Button skip = new Button("Skip (S)", e -> skip());
        skip.setId("skip");
        undo.setId("undo");
        undo.addClickListener(e -> undo());
        undo.setEnabled(false);
        flag.setId("flag");
        flag.addClickListener(e -> openFlag());
        status.setId("status");
        actionButtons.add(a, b, tie, bad, skip, undo, flag);
        actionButtons.setSpacing(true);
        HorizontalLayout actions = new HorizontalLayout(actionButtons, status);
        actions.setId("action-bar");
        actions.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
        actions.setWidthFull();
        actions.expand(status);
        // The action bar is the view's last row and never scrolls: the item scrolls above it.
        actions.getStyle().set("flex-shrink", "0").set("border-top", "1px solid var(--lumo-contrast-10pct)")
                .set("padding-top", "var(--lumo-space-s)").set("background", "var(--lumo-base-color)");

        VerticalLayout judging = new VerticalLayout(prompt, answers, rationale);
        judging.setPadding(false);
        HorizontalLayout body = new HorizontalLayout(imageColumn, judging);
        body.setWidthFull();
        body.expand(judging);
        task.add(body, nextImage);
        task.setWidthFull();
        done.setId("all-done");
        done.setVisible(false);
        Div scrolled = new Div(task, done);
        scrolled.setId("annotate-item");
        scrolled.setWidthFull();
        scrolled.getStyle().set("overflow", "auto").set("min-height", "0");
        add(top, guidelines, scrolled, actions);
        expand(scrolled);
    }

    private boolean dialogOpen() {
        return keysDialog.isOpened() || flagDialog.isOpened() || recentDialog.isOpened();
    }

    private void openFlag() {
        if (current != null && !dialogOpen()) {
            flagDialog.open(current);
        }
    }

    private void openRecent() {
        if (!dialogOpen()) {
            recentDialog.open(pending != null);
        }
    }

    private Button verdictButton(String label, DisplayedVerdict verdict, String id) {
        Button button = new Button(label, e -> judge(verdict, 1));
        button.setId(id);
        button.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        return button;
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        DomListenerRegistration reg = ui.getElement().addEventListener("keydown", e -> onKey(
                        e.getEventData().getString("event.code"), e.getEventData().getString("event.key"),
                        e.getEventData().getBoolean("event.shiftKey")))
                .addEventData("event.code").addEventData("event.key").addEventData("event.shiftKey").setFilter(KEY_FILTER)
                .preventDefault();
        keys = reg;
        poll = ui.addPollListener(e -> recordIfDue());
        ui.getPage().executeJs(GUIDELINES_SEEN_JS, user.username()).then(Boolean.class, seen -> guidelines.setOpened(!seen));
        if (current == null) {
            refreshProgress();
            showNext();
        }
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (keys != null) {
            keys.remove();
        }
        if (poll != null) {
            poll.remove();
        }
        recordPending();
        event.getUI().setPollInterval(-1);
    }

    private void onKey(String code, String key, boolean shift) {
        if (dialogOpen()) {
            return; // the dialog has the keyboard; Esc closes it
        }
        if ("?".equals(key)) {
            keysDialog.open();
            return;
        }
        switch (code) {
            case "Digit1", "Numpad1" -> judge(DisplayedVerdict.LEFT, shift ? 2 : 1);
            case "Digit2", "Numpad2" -> judge(DisplayedVerdict.RIGHT, shift ? 2 : 1);
            case "Digit3", "Numpad3" -> judge(DisplayedVerdict.TIE, 1);
            case "Digit4", "Numpad4" -> judge(DisplayedVerdict.BOTH_BAD, 1);
            case "KeyS" -> skip();
            case "KeyU" -> undo();
            case "KeyF" -> openFlag();
            case "KeyR" -> openRecent();
            default -> { }
        }
    }

    private void judge(DisplayedVerdict verdict, int strength) {
        if (current == null) {
            return;
        }
        List<RecordJudgment.TagInput> tags = new ArrayList<>();
        left.tags.forEach(t -> tags.add(new RecordJudgment.TagInput(current.left().responseId(), t.type(), t.start(), t.end())));
        right.tags.forEach(t -> tags.add(new RecordJudgment.TagInput(current.right().responseId(), t.type(), t.start(), t.end())));
        String text = rationale.getValue().isBlank() ? null : rationale.getValue().strip();
        long spent = Math.max(0, (System.nanoTime() - shownAt) / 1_000_000);
        RecordJudgment command;
        try {
            command = new RecordJudgment(current.comparisonId(), JudgeKind.HUMAN, user.subject(), current.stored(verdict),
                    strength, tags, text, spent, "ui-assignment-" + current.assignmentId());
        } catch (JudgmentRejectedException e) {
            error(e.getMessage());
            return;
        }
        recordPending();
        pending = new Pending(current, command, System.nanoTime(), rationale.getValue(), List.copyOf(left.tags),
                List.copyOf(right.tags));
        undo.setEnabled(true);
        showProgress();
        status.setText("Saved in " + UNDO_WINDOW.toSeconds() + " s unless you undo: " + describe(verdict, strength));
        UI.getCurrent().setPollInterval(1000);
        showNext();
    }

    /** A verdict as the annotator saw it, e.g. "A better (strong)". */
    static String describe(DisplayedVerdict verdict, int strength) {
        String what = switch (verdict) {
            case LEFT -> "A better";
            case RIGHT -> "B better";
            case TIE -> "tie";
            case BOTH_BAD -> "both bad";
        };
        return strength == 2 ? what + " (strong)" : what;
    }

    private void skip() {
        if (current != null) {
            status.setText("Skipped; it comes back in your next session.");
            showNext();
        }
    }

    private void undo() {
        if (pending == null) {
            status.setText("Nothing to undo: the last verdict is already saved.");
            return;
        }
        if (current != null) {
            upcoming.addFirst(current);
        }
        Pending p = pending;
        pending = null;
        undo.setEnabled(false);
        show(p.task());
        rationale.setValue(p.rationale());
        left.restore(p.leftTags());
        right.restore(p.rightTags());
        showProgress();
        status.setText("Undone: judge this item again.");
    }

    private void recordIfDue() {
        if (pending != null && System.nanoTime() - pending.madeAt() >= UNDO_WINDOW.toNanos()) {
            recordPending();
        }
    }

    /**
     * Records the held verdict, if any, on the worker (in order, after this view's earlier ones), so
     * that the next item does not wait for the database. The outcome reaches the screen with the next
     * round trip (the view polls while a verdict is held).
     */
    private void recordPending() {
        if (pending == null) {
            return;
        }
        Pending p = pending;
        pending = null;
        writing++;
        undo.setEnabled(false);
        UI ui = UI.getCurrent();
        writes = writes.thenRunAsync(() -> {
            String outcome;
            boolean saved;
            try {
                judgments.record(p.command());
                saved = true;
                outcome = "Saved.";
            } catch (RuntimeException e) {
                saved = false;
                outcome = "Not saved: " + e.getMessage();
            }
            boolean ok = saved;
            String message = outcome;
            access(ui, () -> {
                writing--;
                if (ok) {
                    recordedHere++;
                    if (pending == null) {
                        status.setText(message);
                    }
                } else {
                    error(message);
                }
                refreshProgress();
                if (pending == null) {
                    ui.setPollInterval(-1);
                }
            });
        }, worker.executor());
    }

    /** Runs {@code change} on the UI when it is still open; the change travels with the next round trip. */
    private static void access(UI ui, Runnable change) {
        if (ui == null) {
            return;
        }
        try {
            ui.access(change::run);
        } catch (com.vaadin.flow.component.UIDetachedException ignored) {
            // the annotator left; the verdict is recorded all the same
        }
    }

    private void showNext() {
        if (upcoming.isEmpty() && !exhausted) {
            // Nothing prefetched (first item, or faster than the worker): fetch now.
            addTasks(queue.next(user.subject(), PREFETCH, seen));
        }
        Task next = upcoming.pollFirst();
        if (next == null) {
            current = null;
            task.setVisible(false);
            actionButtons.setVisible(false);
            done.setVisible(true);
            done.setText("All done: nothing left to judge for now" + (recordedHere > 0 ? " (" + recordedHere + " judged here)." : "."));
            return;
        }
        show(next);
        prefetch();
    }

    /** Fetches the next assignments on the worker while few are left. */
    private void prefetch() {
        if (fetching || exhausted || upcoming.size() > PREFETCH / 2) {
            return;
        }
        fetching = true;
        UI ui = UI.getCurrent();
        List<Long> excluding = List.copyOf(seen);
        String subject = user.subject();
        CompletableFuture.supplyAsync(() -> queue.next(subject, PREFETCH, excluding), worker.executor())
                .whenComplete((tasks, failure) -> access(ui, () -> {
                    fetching = false;
                    if (failure == null) {
                        addTasks(tasks);
                    }
                }));
    }

    private void addTasks(List<Task> tasks) {
        if (tasks.isEmpty()) {
            exhausted = true;
        }
        for (Task t : tasks) {
            if (seen.add(t.comparisonId())) {
                upcoming.addLast(t);
            }
        }
        Task after = upcoming.peekFirst();
        if (after != null && current != null) {
            nextImage.setSrc("/images/" + after.imageSha256());
        }
    }

    private void show(Task t) {
        current = t;
        seen.add(t.comparisonId());
        task.setVisible(true);
        actionButtons.setVisible(true);
        done.setVisible(false);
        task.getElement().setAttribute("data-comparison", Long.toString(t.comparisonId()));
        itemInfo.setText(t.dataset() + " · " + t.itemExternalId());
        image.setSrc("/images/" + t.imageSha256());
        setZoom(1);
        prompt.setText(t.prompt());
        left.show(t.left().text());
        right.show(t.right().text());
        rationale.clear();
        Task after = upcoming.peekFirst();
        if (after != null) {
            nextImage.setSrc("/images/" + after.imageSha256());
        }
        shownAt = System.nanoTime();
    }

    private void setZoom(int level) {
        zoom = Math.max(1, Math.min(8, level));
        if (current != null) {
            int base = Math.max(256, Math.min(512, current.imageWidth()));
            image.setWidth(base * zoom + "px");
        }
    }

    private void refreshProgress() {
        lastProgress = queue.progress(user.subject());
        showProgress();
    }

    /** The last counts from the database, with this view's held verdicts counted as done. */
    private void showProgress() {
        HeldProgress p = new HeldProgress(lastProgress.done(), lastProgress.assigned(), writing + (pending == null ? 0 : 1));
        progressText.setText(p.text());
        progress.setValue(p.fraction());
    }

    private static void error(String message) {
        Notification n = Notification.show(message, 6000, Notification.Position.MIDDLE);
        n.addThemeVariants(NotificationVariant.LUMO_ERROR);
    }

    private static Div guidelines() {
        Div d = new Div();
        d.add(new Paragraph("Compare the two answers to the prompt about the image. Judge what the image shows, "
                + "not what is plausible."));
        d.add(new Paragraph("1: A is better · 2: B is better · 3: tie (equally good) · 4: both bad. "
                + "Shift+1 / Shift+2: strongly better. S: skip · U: undo the last verdict (within "
                + UNDO_WINDOW.toSeconds() + " s) · F: flag the item for the reviewers · R: change one of your last "
                + RecentDialog.LIMIT + " verdicts · ?: all keys."));
        d.add(new Paragraph("Tag hallucinations in an answer: O object (mentions something not there), "
                + "A attribute (wrong colour, size, …), R relation (wrong position or relation), C count (wrong number). "
                + "Select words in the answer first to tag just that span."));
        return d;
    }

    /** One answer: its text (always as text, never HTML) and its hallucination tags. */
    private final class AnswerPanel extends VerticalLayout {
        private final Div text = new Div();
        private final Span chosen = new Span();
        private final List<TagChoice> tags = new ArrayList<>();
        private final List<Button> buttons = new ArrayList<>();

        AnswerPanel(String label, String side) {
            setId("answer-" + side);
            getStyle().set("border", "1px solid var(--lumo-contrast-20pct)").set("border-radius", "var(--lumo-border-radius-m)");
            text.setId("answer-" + side + "-text");
            text.getStyle().set("white-space", "pre-wrap").set("user-select", "text").set("min-height", "4em");
            chosen.setId("answer-" + side + "-tags");
            chosen.getStyle().set("color", "var(--lumo-error-text-color)");
            HorizontalLayout tagRow = new HorizontalLayout();
            for (HallucinationType type : List.of(HallucinationType.OBJECT, HallucinationType.ATTRIBUTE,
                    HallucinationType.RELATION, HallucinationType.COUNT)) {
                Button b = new Button(String.valueOf(type.name().charAt(0)), e -> toggle(type));
                b.setId("tag-" + side + "-" + type.name().toLowerCase());
                b.setTooltipText("Tag a " + type.name().toLowerCase() + " hallucination (select words first for a span)");
                b.addThemeVariants(ButtonVariant.LUMO_SMALL);
                buttons.add(b);
                tagRow.add(b);
            }
            tagRow.add(chosen);
            tagRow.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.CENTER);
            add(new H3("Answer " + label), text, tagRow);
            setWidth("50%");
        }

        void show(String answer) {
            text.setText(answer);
            tags.clear();
            render();
        }

        void restore(List<TagChoice> earlier) {
            tags.clear();
            tags.addAll(earlier);
            render();
        }

        private void toggle(HallucinationType type) {
            if (tags.removeIf(t -> t.type() == type)) {
                render();
                return;
            }
            text.getElement().executeJs(SELECTION_JS, text.getElement()).then(String.class, span -> {
                Integer start = null;
                Integer end = null;
                if (span != null && !span.isEmpty()) {
                    String[] parts = span.split(",");
                    start = Integer.valueOf(parts[0]);
                    end = Integer.valueOf(parts[1]);
                }
                tags.add(new TagChoice(type, start, end));
                render();
            });
        }

        private void render() {
            chosen.setText(tags.isEmpty() ? "" : "Tagged: " + String.join(", ", tags.stream().map(TagChoice::label).toList()));
            for (Button b : buttons) {
                boolean on = tags.stream().anyMatch(t -> b.getText().charAt(0) == t.type().name().charAt(0));
                if (on == b.getThemeNames().contains(ButtonVariant.LUMO_ERROR.getVariantName())) {
                    continue; // unchanged: nothing to send
                }
                if (on) {
                    b.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_PRIMARY);
                } else {
                    b.removeThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_PRIMARY);
                }
            }
        }
    }
}
