package dev.groundwork.web.deadletter;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.data.renderer.ComponentRenderer;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import dev.groundwork.web.layout.MainLayout;
import dev.groundwork.web.layout.Polling;
import dev.groundwork.web.security.CurrentUser;
import dev.groundwork.web.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The dead-letter topic (admin): every record a service could not use, newest first, with its reason, source, key and
 * a preview of its payload (the whole payload in the row's details); each new one can be replayed to the topic it came
 * from or discarded ({@link DeadLetters}; both audited). A letter that cannot be replayed says why on its disabled
 * Replay button. The view reads the database every {@link #POLL_MS} ms while open.
 */
@Route(value = "dead-letters", layout = MainLayout.class)
@PageTitle("Dead letters · Groundwork")
@RolesAllowed({Roles.ADMIN})
public class DeadLettersView extends VerticalLayout {

    static final int POLL_MS = 3000;
    private static final int SHOWN = 200;

    private final DeadLetters letters;
    private final Grid<DeadLetters.Letter> grid = new Grid<>();
    private final Span counts = new Span();
    private final Span status = new Span();
    private List<String> shown = List.of();

    public DeadLettersView(DeadLetters letters) {
        this.letters = letters;
        setId("dead-letters");
        setSizeFull();
        Polling.every(this, POLL_MS, this::refresh);

        counts.setId("dead-letter-counts");
        status.setId("dead-letter-status");
        grid.setId("dead-letter-grid");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(l -> time(l.receivedAt())).setHeader("Received (UTC)").setWidth("11em").setFlexGrow(0);
        // Every column has a fixed width (auto widths, measured when the first rows arrive, left the headers out of
        // line with the cells); long sources, reasons, keys and payloads show the whole text as a tooltip, and the
        // buttons stay at the right edge, so that neither scrolls out of sight.
        grid.addColumn(l -> l.source().orElse("–")).setHeader("Source").setWidth("16em").setFlexGrow(0)
                .setTooltipGenerator(l -> l.source().orElse(""));
        grid.addColumn(l -> l.reason().orElse("–")).setHeader("Reason").setWidth("14em").setFlexGrow(1)
                .setTooltipGenerator(l -> l.reason().orElse(""));
        grid.addColumn(l -> l.key().orElse("–")).setHeader("Key").setWidth("7em").setFlexGrow(0)
                .setTooltipGenerator(l -> l.key().orElse(""));
        grid.addColumn(l -> l.status().name() + l.decidedBy().map(by -> " by " + by).orElse(""))
                .setHeader("Status").setWidth("10em").setFlexGrow(0)
                .setTooltipGenerator(l -> l.status().name() + l.decidedBy().map(by -> " by " + by).orElse(""));
        grid.addColumn(l -> l.preview(80)).setHeader("Payload").setWidth("12em").setFlexGrow(1);
        grid.addComponentColumn(this::actions).setHeader("").setWidth("12em").setFlexGrow(0).setFrozenToEnd(true);
        grid.setItemDetailsRenderer(new ComponentRenderer<>(l -> new Pre(l.preview(4000))));
        grid.setSizeFull();

        add(new H2("Dead letters"), new Paragraph("Records the services could not use, from " + "groundwork.dead-letter.v1."
                + " Replay writes a record back to the topic it came from, through the outbox; discard keeps it here as"
                + " decided. Both are in the audit log. Click a row for its whole payload."), new HorizontalLayout(counts,
                status), grid);
        refresh();
    }

    private HorizontalLayout actions(DeadLetters.Letter l) {
        HorizontalLayout buttons = new HorizontalLayout();
        if (l.status() != DeadLetters.Status.NEW) {
            return buttons;
        }
        Button replay = button("Replay", "dead-letter-replay-" + l.id(), ButtonVariant.LUMO_PRIMARY, l, letters::replay,
                "replayed");
        l.replayRefusal().ifPresent(why -> {
            replay.setEnabled(false);
            replay.setTooltipText("Cannot be replayed: " + why);
        });
        buttons.add(replay, button("Discard", "dead-letter-discard-" + l.id(), ButtonVariant.LUMO_ERROR, l,
                letters::discard, "discarded"));
        return buttons;
    }

    private Button button(String text, String id, ButtonVariant variant, DeadLetters.Letter l,
            BiFunction<Long, String, DeadLetters.Letter> action, String done) {
        Button b = new Button(text, e -> {
            try {
                action.apply(l.id(), CurrentUser.require().username());
                show("Dead letter " + l.id() + " " + done, NotificationVariant.LUMO_SUCCESS);
            } catch (DeadLetters.RefusedException ex) {
                show(ex.getMessage(), NotificationVariant.LUMO_ERROR);
            }
            refresh();
        });
        b.setId(id);
        b.addThemeVariants(variant, ButtonVariant.LUMO_SMALL);
        return b;
    }

    private void show(String message, NotificationVariant variant) {
        status.setText(message);
        Notification.show(message).addThemeVariants(variant);
    }

    /**
     * Reads the letters and gives the grid new items only when a letter came or was decided: items given again redraw
     * the buttons, and a click on one being replaced would be lost.
     */
    private void refresh() {
        Map<DeadLetters.Status, Long> n = letters.counts();
        counts.setText(n.get(DeadLetters.Status.NEW) + " new · " + n.get(DeadLetters.Status.REPLAYED) + " replayed · "
                + n.get(DeadLetters.Status.DISCARDED) + " discarded.");
        List<DeadLetters.Letter> recent = letters.recent(SHOWN);
        List<String> now = recent.stream().map(l -> l.id() + ":" + l.status()).toList();
        if (!now.equals(shown)) {
            shown = now;
            grid.setItems(recent);
        }
    }

    private static String time(Instant at) {
        return at.toString().substring(0, 19).replace('T', ' ');
    }
}
