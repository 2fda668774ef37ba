package dev.groundwork.web.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.PollEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.html.Div;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollingTest {

    @Test
    void aViewShownThreeTimesRefreshesOncePerPollAndNotAtAllWhenGone() {
        UI ui = new UI();
        Div view = new Div();
        AtomicInteger refreshes = new AtomicInteger();
        Polling polling = Polling.every(view, 2000, refreshes::incrementAndGet);
        for (int visit = 0; visit < 3; visit++) {
            ui.add(view);
            assertThat(ui.getPollInterval()).isEqualTo(2000);
            assertThat(polling.active()).isTrue();
            ui.remove(view);
            assertThat(ui.getPollInterval()).isEqualTo(-1);
            assertThat(polling.active()).isFalse();
        }
        poll(ui);
        assertThat(refreshes).hasValue(0);
        ui.add(view);
        poll(ui);
        assertThat(refreshes).hasValue(1);
    }

    @Test
    void aViewAlreadyShownStartsPollingAtOnce() {
        UI ui = new UI();
        Div view = new Div();
        ui.add(view);
        AtomicInteger refreshes = new AtomicInteger();
        Polling.every(view, 500, refreshes::incrementAndGet);
        poll(ui);
        assertThat(refreshes).hasValue(1);
        assertThat(ui.getPollInterval()).isEqualTo(500);
    }

    @Test
    void aNonPositiveIntervalIsRefused() {
        assertThatThrownBy(() -> Polling.every(new Div(), 0, () -> {})).hasMessageContaining("at least 1 ms");
    }

    private static void poll(UI ui) {
        ComponentUtil.fireEvent(ui, new PollEvent(ui, true));
    }
}
