package dev.groundwork.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.groundwork.storage.judgment.VoteTallies;
import dev.groundwork.web.cli.JudgmentSeed;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * {@code ./gw bench pages}: how long the review queue, the agreement tab, the audit log and the datasets page take
 * to show their first rows, at a small and at a large number of judgments ({@link JudgmentSeed}), in headless
 * Chromium against the real application, database and Keycloak session. Timed inside the page from the navigation's
 * start ({@code performance.now()} counts from it) to the first animation frame in which the page's grid shows a
 * body row with content; a script installed before each document loads watches for it. The agreement tab is opened
 * by that script as soon as its tab exists, so its time includes loading the review view. Not part of the test
 * suite (the name does not end in IT).
 */
class PageLoadBench {

    /** Page name to its path and the id of the grid whose first row counts. */
    private static final Map<String, String[]> PAGES = new LinkedHashMap<>();

    static {
        PAGES.put("review queue", new String[] {"/review", "review-queue"});
        PAGES.put("agreement tab", new String[] {"/review?gwBenchTab=agreement", "agreement-pairs"});
        PAGES.put("audit log", new String[] {"/audit", "audit-grid"});
        PAGES.put("datasets", new String[] {"/datasets", "dataset-grid"});
    }

    /** Runs in every new document: records when each watched grid first shows a body row with text. */
    private static final String PROBE = """
            (() => {
              window.__gwFirstRow = {};
              const ids = ['review-queue', 'agreement-pairs', 'audit-grid', 'dataset-grid'];
              const rendered = grid => {
                const root = grid.shadowRoot;
                if (!root) return false;
                for (const row of root.querySelectorAll('#items tr')) {
                  if (row.hidden || row.hasAttribute('loading')) continue;
                  for (const slot of row.querySelectorAll('td slot')) {
                    for (const node of slot.assignedNodes()) {
                      if (node.textContent && node.textContent.trim() !== '') return true;
                    }
                  }
                }
                return false;
              };
              let clicked = false;
              const check = () => {
                if (!clicked && location.search.includes('gwBenchTab=agreement')) {
                  const tab = document.getElementById('review-tab-agreement');
                  if (tab) { clicked = true; tab.click(); }
                }
                for (const id of ids) {
                  if (window.__gwFirstRow[id] !== undefined) continue;
                  const grid = document.getElementById(id);
                  if (grid && rendered(grid)) window.__gwFirstRow[id] = performance.now();
                }
              };
              const frame = () => { check(); requestAnimationFrame(frame); };
              requestAnimationFrame(frame);
              setInterval(check, 4);
            })();""";

    @Test
    void page_load_times_at_small_and_large_numbers_of_judgments() {
        long small = Long.getLong("gw.bench.small", 10_000);
        long large = Long.getLong("gw.bench.large", 1_000_000);
        int runs = Integer.getInteger("gw.bench.runs", 20);
        int warmup = Integer.getInteger("gw.bench.warmup", 3);
        Workbench workbench = Workbench.get();
        DataSource ds = workbench.web.getBean(DataSource.class);
        VoteTallies tallies = workbench.web.getBean(VoteTallies.class);
        PrintWriter out = new PrintWriter(System.out, true);
        Map<String, List<Double>> atSmall;
        Map<String, List<Double>> atLarge;
        String database;
        try (Browser browser = new Browser(workbench.appUrl)) {
            browser.login("/datasets", "admin", "admin");
            browser.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", PROBE));
            database = database(workbench);
            long judgmentsSmall = 0;
            atSmall = new LinkedHashMap<>();
            if (small > 0) { // 0: the database (-Dgw.workbench.db-url) was seeded before; time it as it is
                JudgmentSeed.seed(ds, tallies, small, 14, out);
                judgmentsSmall = judgments(workbench);
                atSmall = measure(browser, runs, warmup, "small");
            }
            if (large > judgments(workbench)) {
                JudgmentSeed.seed(ds, tallies, large - judgments(workbench), 15, out);
            }
            long judgmentsLarge = judgments(workbench);
            atLarge = measure(browser, runs, warmup, "large");
            System.out.printf("%n[bench pages] %s, Chromium %s, %d loads per page after %d warm-up, first rows after"
                            + " navigation start%n", database, browser.driver.getCapabilities().getBrowserVersion(), runs,
                    warmup);
            System.out.printf("[bench pages] %-14s %12s %12s %12s %12s %8s%n", "page", "p50 @" + shortCount(judgmentsSmall),
                    "p95 @" + shortCount(judgmentsSmall), "p50 @" + shortCount(judgmentsLarge),
                    "p95 @" + shortCount(judgmentsLarge), "p95 x");
            for (String page : PAGES.keySet()) {
                List<Double> s = atSmall.getOrDefault(page, List.of(Double.NaN));
                List<Double> l = atLarge.get(page);
                System.out.printf("[bench pages] %-14s %9.0f ms %9.0f ms %9.0f ms %9.0f ms %7.1fx%s%n", page,
                        UiLatencyBench.percentile(s, 50), UiLatencyBench.percentile(s, 95), UiLatencyBench.percentile(l, 50),
                        UiLatencyBench.percentile(l, 95), UiLatencyBench.percentile(l, 95) / UiLatencyBench.percentile(s, 95),
                        UiLatencyBench.percentile(l, 95) <= 500 ? "" : "   (over the 500 ms target)");
            }
            System.out.printf("[bench pages] judgments: %,d then %,d (total in the database)%n", judgmentsSmall, judgmentsLarge);
        }
    }

    private static Map<String, List<Double>> measure(Browser browser, int runs, int warmup, String label) {
        Map<String, List<Double>> times = new LinkedHashMap<>();
        PAGES.forEach((page, spec) -> {
            List<Double> samples = new ArrayList<>();
            for (int i = 0; i < warmup + runs; i++) {
                browser.open(spec[0]);
                Number t = new WebDriverWait(browser.driver, Duration.ofSeconds(60)).until(d ->
                        (Number) browser.js("return window.__gwFirstRow && window.__gwFirstRow[arguments[0]]", spec[1]));
                if (i >= warmup) {
                    samples.add(t.doubleValue());
                }
            }
            browser.screenshot("bench-pages-" + label + "-" + spec[1]);
            assertThat(samples).hasSize(runs);
            times.put(page, samples.stream().sorted().toList());
        });
        return times;
    }

    private static long judgments(Workbench workbench) {
        Long n = workbench.jdbc.queryForObject("select count(*) from judgment", Long.class);
        return n == null ? 0 : n;
    }

    private static String database(Workbench workbench) {
        return workbench.jdbc.execute((java.sql.Connection c) -> c.getMetaData().getDatabaseProductName() + " "
                + c.getMetaData().getDatabaseProductVersion());
    }

    private static String shortCount(long n) {
        return n >= 1_000_000 ? String.format("%.2fM", n / 1e6) : String.format("%.0fk", n / 1e3);
    }
}
