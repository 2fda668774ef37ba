package dev.groundwork.web.review;

import dev.groundwork.storage.judgment.VoteTallies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Folds new judgments into the vote tallies in the background, a round at a time ({@link VoteTallies#foldRound}):
 * from the application's start (after an upgrade, every judgment ever written; about two minutes per million on two
 * cores), then once a second. Page reads fold only a short tail themselves ({@link VoteTallies#catchUpRecent}), so no
 * request pays for a backlog; while one is being folded, they show the tallies as of the last round. Stopping waits
 * for the round in progress (the thread is not interrupted: an interrupt closes an H2 file database).
 */
@Component
class VoteTallyFolding implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(VoteTallyFolding.class);
    private static final long PAUSE_MS = 1000;

    private final VoteTallies tallies;
    private final Object pause = new Object();
    private volatile boolean running;
    private Thread thread;

    VoteTallyFolding(VoteTallies tallies) {
        this.tallies = tallies;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        thread = new Thread(this::loop, "vote-tally-folding");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        long started = System.nanoTime();
        long backlog = 0;
        while (running) {
            try {
                VoteTallies.Round round = tallies.foldRound();
                backlog += round.judgments();
                if (round.full()) {
                    continue; // more waiting
                }
                if (backlog > VoteTallies.ROUND) {
                    log.info("vote tallies caught up: {} judgments folded in {} s", backlog,
                            (System.nanoTime() - started) / 1_000_000_000L);
                }
            } catch (RuntimeException e) {
                if (running) { // a database briefly away: try again after the pause
                    log.warn("folding new judgments into the vote tallies failed; retrying in {} ms", PAUSE_MS, e);
                }
            }
            backlog = 0;
            synchronized (pause) {
                try {
                    pause.wait(PAUSE_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
            started = System.nanoTime();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void stop() {
        Thread t;
        synchronized (this) {
            running = false;
            t = thread;
            thread = null;
        }
        synchronized (pause) {
            pause.notifyAll();
        }
        if (t != null) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
