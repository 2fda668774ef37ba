package dev.groundwork.web.layout;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.shared.Registration;
import java.util.Objects;

/**
 * Refreshes a view from the database while it is shown: on attach the view's UI polls every {@code intervalMs} and
 * each poll calls the refresh; on detach the poll listener is removed and polling stops. A view that added a poll
 * listener on every attach without removing it would, after navigating back and forth, refresh once per visit on
 * every poll, from listeners whose view is no longer shown.
 */
public final class Polling {

    private final Runnable refresh;
    private final int intervalMs;
    private Registration listener;

    private Polling(Runnable refresh, int intervalMs) {
        this.refresh = refresh;
        this.intervalMs = intervalMs;
    }

    /** Polls for {@code view} while it is attached; returns the polling, for tests. */
    public static Polling every(Component view, int intervalMs, Runnable refresh) {
        Objects.requireNonNull(refresh, "refresh");
        if (intervalMs < 1) {
            throw new IllegalArgumentException("the poll interval must be at least 1 ms, not " + intervalMs);
        }
        Polling polling = new Polling(refresh, intervalMs);
        view.addAttachListener(e -> polling.start(e.getUI()));
        view.addDetachListener(e -> polling.stop(e.getUI()));
        view.getUI().ifPresent(polling::start);
        return polling;
    }

    private void start(UI ui) {
        stopListening();
        ui.setPollInterval(intervalMs);
        listener = ui.addPollListener(e -> refresh.run());
    }

    private void stop(UI ui) {
        stopListening();
        ui.setPollInterval(-1);
    }

    private void stopListening() {
        if (listener != null) {
            listener.remove();
            listener = null;
        }
    }

    /** Whether a poll listener is registered now (the view is attached). */
    public boolean active() {
        return listener != null;
    }
}
