package dev.groundwork.web.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.PollEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.shared.Registration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A poller's listener lives exactly as long as its component is attached; the UI polls while any poller is. */
class PollingTest {

    private static void poll(UI ui) {
        ComponentUtil.fireEvent(ui, new PollEvent(ui, true));
    }

    @Test
    void the_action_runs_on_polls_only_while_the_component_is_attached_however_often_it_is_attached() {
        UI ui = new UI();
        Div view = new Div();
        AtomicInteger runs = new AtomicInteger();
        Polling.whileAttached(view, 2000, runs::incrementAndGet);
        assertThat(ui.getPollInterval()).isEqualTo(-1);

        for (int visit = 1; visit <= 3; visit++) {
            ui.add(view);
            assertThat(ui.getPollInterval()).isEqualTo(2000);
            poll(ui);
            assertThat(runs).as("visit %d: one listener, not one per attach", visit).hasValue(visit);
            ui.remove(view);
            assertThat(ui.getPollInterval()).isEqualTo(-1);
            poll(ui);
            assertThat(runs).as("after detaching").hasValue(visit);
        }
    }

    @Test
    void the_ui_polls_at_the_shortest_interval_of_the_attached_pollers_and_stops_with_the_last() {
        UI ui = new UI();
        Div slow = new Div();
        Div fast = new Div();
        AtomicInteger runs = new AtomicInteger();
        Polling.whileAttached(slow, 5000, runs::incrementAndGet);
        Registration fastPolling = Polling.whileAttached(fast, 1000, runs::incrementAndGet);
        ui.add(slow, fast);
        assertThat(ui.getPollInterval()).isEqualTo(1000);
        poll(ui);
        assertThat(runs).hasValue(2);

        ui.remove(fast);
        assertThat(ui.getPollInterval()).as("the other poller keeps the UI polling").isEqualTo(5000);
        ui.add(fast);
        fastPolling.remove();
        assertThat(ui.getPollInterval()).isEqualTo(5000);
        poll(ui);
        assertThat(runs).as("a removed poller no longer runs").hasValue(3);
        ui.remove(slow);
        assertThat(ui.getPollInterval()).isEqualTo(-1);
    }

    @Test
    void an_interval_must_be_positive() {
        assertThatThrownBy(() -> Polling.whileAttached(new Div(), 0, () -> {})).hasMessageContaining("positive");
    }
}
