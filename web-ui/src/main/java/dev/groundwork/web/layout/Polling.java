package dev.groundwork.web.layout;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.shared.Registration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Runs an action on every poll of the browser while a component is attached: on attach it adds one poll listener to
 * the UI and asks for polls at its interval, on detach it removes that listener again. A view that adds a listener
 * on each attach and never removes it would run its refresh once more after every visit, and keep the detached
 * view's components alive.
 *
 * <p>Several components may poll in one UI (two views while the router swaps them, a view and a dialog): the UI
 * polls at the shortest interval any attached one asks for, and stops polling when the last one detaches.
 */
public final class Polling {

    /** The intervals the attached pollers of a UI ask for, kept on the UI. */
    private static final class Pollers {
        final Map<Polling, Integer> intervals = new IdentityHashMap<>();

        void apply(UI ui) {
            ui.setPollInterval(intervals.values().stream().mapToInt(Integer::intValue).min().orElse(-1));
        }
    }

    private final int intervalMillis;
    private final Runnable action;
    private UI ui;
    private Registration listener;

    private Polling(int intervalMillis, Runnable action) {
        this.intervalMillis = intervalMillis;
        this.action = action;
    }

    /**
     * Calls {@code action} on each poll, every {@code intervalMillis}, while {@code component} is attached. The
     * returned registration stops it for good.
     */
    public static Registration whileAttached(Component component, int intervalMillis, Runnable action) {
        if (intervalMillis <= 0) {
            throw new IllegalArgumentException("a poll interval is a positive number of milliseconds, was " + intervalMillis);
        }
        Polling polling = new Polling(intervalMillis, Objects.requireNonNull(action, "action"));
        Registration attach = component.addAttachListener(e -> polling.start(e.getUI()));
        Registration detach = component.addDetachListener(e -> polling.stop());
        component.getUI().ifPresent(polling::start);
        return () -> {
            attach.remove();
            detach.remove();
            polling.stop();
        };
    }

    private void start(UI attachedTo) {
        stop();
        ui = attachedTo;
        listener = ui.addPollListener(e -> action.run());
        pollers(ui).intervals.put(this, intervalMillis);
        pollers(ui).apply(ui);
    }

    private void stop() {
        if (ui == null) {
            return;
        }
        listener.remove();
        Pollers pollers = pollers(ui);
        pollers.intervals.remove(this);
        pollers.apply(ui);
        listener = null;
        ui = null;
    }

    private static Pollers pollers(UI ui) {
        Pollers pollers = ComponentUtil.getData(ui, Pollers.class);
        if (pollers == null) {
            pollers = new Pollers();
            ComponentUtil.setData(ui, Pollers.class, pollers);
        }
        return pollers;
    }
}
