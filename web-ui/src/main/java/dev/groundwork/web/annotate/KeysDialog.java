package dev.groundwork.web.annotate;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import java.util.List;

/** The "?" overlay: every key of the annotate view. */
final class KeysDialog extends Dialog {

    /** A key and what it does, in the order the overlay lists them. */
    record Key(String keys, String action) {}

    static final List<Key> KEYS = List.of(
            new Key("1", "A (left answer) is better"),
            new Key("2", "B (right answer) is better"),
            new Key("Shift+1 / Shift+2", "A / B is strongly better"),
            new Key("3", "tie: equally good"),
            new Key("4", "both bad"),
            new Key("S", "skip: the item comes back in your next session"),
            new Key("U", "undo the last verdict (within " + AnnotateView.UNDO_WINDOW.toSeconds() + " s)"),
            new Key("F", "flag the item for the reviewers, with a comment"),
            new Key("R", "your recent judgments: change a verdict"),
            new Key("?", "this list"),
            new Key("Esc", "close a dialog"));

    KeysDialog() {
        setId("keys-dialog");
        setHeaderTitle("Keys");
        Div list = new Div();
        list.getStyle().set("display", "grid").set("grid-template-columns", "auto 1fr").set("gap", "var(--lumo-space-xs) var(--lumo-space-m)");
        for (Key k : KEYS) {
            Span keys = new Span(k.keys());
            keys.getStyle().set("font-family", "monospace").set("font-weight", "600");
            list.add(keys, new Span(k.action()));
        }
        add(list);
        Button close = new Button("Close", e -> close());
        close.setId("keys-close");
        getFooter().add(close);
    }
}
