package dev.groundwork.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code ./gw bench ui}: key press → next item displayed, in headless Chromium against the real
 * application, database, Keycloak session and broker. Timed inside the page: from the keydown event
 * (capture phase, before Vaadin sees it) to the animation frame after the next item's DOM is in
 * place. Each verdict also records the previous one (database transaction + outbox row) in the same
 * round trip, as in real use. Not part of the test suite (the name does not end in IT).
 */
class UiLatencyBench {

    private static final String PROBE = """
            window.__gw = {t0: 0, samples: [], server: []};
            performance.setResourceTimingBufferSize(10000);
            document.addEventListener('keydown', () => { window.__gw.t0 = performance.now(); }, true);
            const task = document.querySelector('#annotate [data-comparison]');
            new MutationObserver(() => {
              const t0 = window.__gw.t0;
              if (!t0) return;
              window.__gw.t0 = 0;
              requestAnimationFrame(() => {
                window.__gw.samples.push(performance.now() - t0);
                const uidl = performance.getEntriesByType('resource').filter(e => e.name.includes('v-r=uidl') && e.startTime >= t0);
                window.__gw.server.push(uidl.length ? uidl[0].responseEnd - uidl[0].startTime : -1);
              });
            }).observe(task, {attributes: true, attributeFilter: ['data-comparison']});""";

    @Test
    void key_press_to_next_item() {
        int items = Integer.getInteger("gw.bench.items", 100);
        int warmup = Integer.getInteger("gw.bench.warmup", 10);
        Workbench workbench = Workbench.get();
        try (Browser browser = new Browser(workbench.appUrl)) {
            browser.login("/annotate", "annotator2", "annotator2");
            browser.waitFor(By.cssSelector("#annotate [data-comparison]"));
            browser.js(PROBE);
            List<Double> samples = new ArrayList<>();
            for (int i = 0; i < warmup + items; i++) {
                int expected = i + 1;
                new Actions(browser.driver).sendKeys(i % 4 == 3 ? "2" : "1").perform();
                new WebDriverWait(browser.driver, Duration.ofSeconds(10)).until(d ->
                        ((Number) browser.js("return window.__gw.samples.length")).intValue() >= expected
                                || !browser.driver.findElements(By.cssSelector("#all-done:not([hidden])")).isEmpty());
                @SuppressWarnings("unchecked")
                List<Number> all = (List<Number>) browser.js("return window.__gw.samples");
                if (all.size() < expected) {
                    break;
                }
                if (i >= warmup) {
                    samples.add(all.get(i).doubleValue());
                }
            }
            browser.screenshot("bench-ui-last");
            @SuppressWarnings("unchecked")
            List<Number> server = (List<Number>) browser.js("return window.__gw.server");
            List<Double> roundTrips = server.subList(Math.min(warmup, server.size()), server.size()).stream()
                    .map(Number::doubleValue).filter(v -> v >= 0).sorted().toList();
            assertThat(samples).as("timed items (the annotator ran out of work?)").hasSizeGreaterThanOrEqualTo(Math.min(items, 20));
            List<Double> sorted = samples.stream().sorted().toList();
            double mean = sorted.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            System.out.printf("%n[bench ui] key press -> next item displayed, %d items after %d warm-up, Chromium %s%n",
                    sorted.size(), warmup, browser.driver.getCapabilities().getBrowserVersion());
            System.out.printf("[bench ui] p50 %.1f ms   p95 %.1f ms   max %.1f ms   mean %.1f ms   (target p95 <= 50 ms)%n",
                    percentile(sorted, 50), percentile(sorted, 95), sorted.get(sorted.size() - 1), mean);
            if (!roundTrips.isEmpty()) {
                System.out.printf("[bench ui] of which the request (send -> response received): p50 %.1f ms   p95 %.1f ms%n",
                        percentile(roundTrips, 50), percentile(roundTrips, 95));
            }
        }
    }

    /** Nearest-rank percentile of a sorted list. */
    static double percentile(List<Double> sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
