package dev.groundwork.web.annotate;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import dev.groundwork.annotation.assignment.WorkQueue.Task;
import dev.groundwork.annotation.flag.FlagService;
import dev.groundwork.storage.judgment.ItemFlag;
import java.util.List;
import java.util.function.Consumer;

/**
 * Flags the current item for the reviewers with a comment. The flag is a note: the item stays on
 * screen to be judged or skipped as usual.
 */
final class FlagDialog extends Dialog {

    private final FlagService flags;
    private final String subject;
    private final Consumer<String> flagged;
    private final TextArea comment = new TextArea("What is wrong with this item?");
    private final Paragraph error = new Paragraph();
    private Task task;

    FlagDialog(FlagService flags, String subject, Consumer<String> flagged) {
        this.flags = flags;
        this.subject = subject;
        this.flagged = flagged;
        setId("flag-dialog");
        setHeaderTitle("Flag this item");
        comment.setId("flag-comment");
        comment.setWidth("28em");
        comment.setMaxLength(ItemFlag.MAX_COMMENT);
        HorizontalLayout suggestions = new HorizontalLayout();
        suggestions.getStyle().set("flex-wrap", "wrap");
        List<String> texts = FlagService.SUGGESTIONS;
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            Button b = new Button(text, e -> comment.setValue(text));
            b.setId("flag-suggestion-" + i);
            b.addThemeVariants(ButtonVariant.LUMO_SMALL);
            suggestions.add(b);
        }
        error.setId("flag-error");
        error.getStyle().set("color", "var(--lumo-error-text-color)");
        add(suggestions, comment, error,
                new Paragraph("Reviewers see the flag. The item stays in your queue: judge or skip it as usual."));
        Button save = new Button("Flag", e -> save());
        save.setId("flag-save");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button cancel = new Button("Cancel", e -> close());
        cancel.setId("flag-cancel");
        getFooter().add(cancel, save);
    }

    void open(Task item) {
        task = item;
        comment.clear();
        error.setText("");
        open();
        comment.focus();
    }

    private void save() {
        try {
            FlagService.Flag f = flags.flag(task.comparisonId(), subject, comment.getValue());
            close();
            flagged.accept(f.comment());
        } catch (IllegalArgumentException e) {
            error.setText(e.getMessage());
        }
    }
}
