package org.qsfs.app.daemon;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.qsfs.app.control.ActivityDto;
import org.qsfs.engine.events.EngineEvent;
import org.qsfs.engine.events.EventListener;
import org.qsfs.engine.events.RebuildProgress;
import org.qsfs.engine.events.RepairFailed;
import org.qsfs.engine.events.ScrubFinished;
import org.qsfs.engine.events.ScrubProgress;
import org.qsfs.engine.events.ShardRepaired;
import org.qsfs.engine.object.StorageEngine;
import org.qsfs.engine.repair.RebuildReport;
import org.qsfs.engine.repair.RepairService;
import org.qsfs.engine.repair.ScrubAndRebuild;
import org.qsfs.engine.repair.ScrubOptions;
import org.qsfs.engine.repair.ScrubReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the daemon's {@link RepairService} does, for status and metrics: counters and progress
 * taken from its events (background scrubs and rebuilds included), and the scrub-and-rebuild
 * that {@code POST /v1/scrub} starts, one at a time, on a thread of its own.
 */
final class RepairActivity implements AutoCloseable {
    /** Whether a scrub was started. */
    enum Start { STARTED, BUSY }

    private static final Logger log = LoggerFactory.getLogger(RepairActivity.class);
    /** A rebuild without progress events for this long is over (the engine sends no "finished"). */
    private static final long REBUILD_QUIET_MILLIS = 5_000;
    /** Repair failures told to the event log at most once per this interval. */
    private static final long FAILURE_NOTE_MILLIS = 60_000;

    private final RepairService repair;
    private final StorageEngine engine;
    private final ScrubOptions scrubOptions;
    private final EventLog events;
    private final Clock clock;
    private final ExecutorService runner;
    private final AtomicBoolean requested = new AtomicBoolean();
    private final AtomicLong shardsRepaired = new AtomicLong();
    private final AtomicLong repairFailures = new AtomicLong();
    private final AtomicLong scrubsCompleted = new AtomicLong();
    private final AtomicLong shardsChecked = new AtomicLong();
    private final AtomicLong problemsFound = new AtomicLong();
    private volatile boolean scrubbing;
    private volatile ScrubProgress progress;
    private volatile ScrubFinished lastScrub;
    private volatile RebuildProgress rebuild;
    private volatile long rebuildAt;
    private volatile long failureNotedAt;
    private final AtomicLong failuresNotNoted = new AtomicLong();

    RepairActivity(RepairService repair, StorageEngine engine, ScrubOptions scrubOptions, EventLog events,
            Clock clock) {
        this.repair = repair;
        this.engine = engine;
        this.scrubOptions = scrubOptions;
        this.events = events;
        this.clock = clock;
        this.runner = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "qsfs-daemon-scrub");
            t.setDaemon(true);
            return t;
        });
        repair.events().subscribe(this::onEvent);
    }

    private void onEvent(EngineEvent e) {
        if (e instanceof ScrubProgress p) {
            scrubbing = p.objectsDone() < p.objectsTotal() || p.path() != null;
            progress = p;
        } else if (e instanceof ScrubFinished f) {
            scrubbing = false;
            lastScrub = f;
            shardsChecked.addAndGet(f.shardsChecked());
            problemsFound.addAndGet(f.problems());
            if (f.complete()) {
                scrubsCompleted.incrementAndGet();
            }
            if (!requested.get()) { // a background scrub: the one asked for is summed up when its rebuild ends
                String text = "Background scrub " + (f.complete() ? "finished" : "stopped") + ": " + f.objects()
                        + " objects, " + f.shardsChecked() + " shards checked, " + problems(f.problems())
                        + (f.problems() > 0 ? "; they are queued for repair." : ".");
                if (f.problems() > 0) {
                    events.warning(text);
                } else {
                    events.info(text);
                }
            }
        } else if (e instanceof ShardRepaired) {
            shardsRepaired.incrementAndGet();
        } else if (e instanceof RepairFailed f) {
            repairFailures.incrementAndGet();
            long now = clock.millis();
            if (now - failureNotedAt >= FAILURE_NOTE_MILLIS) {
                failureNotedAt = now;
                long more = failuresNotNoted.getAndSet(0);
                events.warning("A damaged block of " + f.path() + " could not be repaired yet (" + f.reason()
                        + "); it is retried" + (f.retryIn() == null ? "" : " in " + f.retryIn().toSeconds() + " s")
                        + (more > 0 ? ". " + more + " more failures since the last note." : "."));
            } else {
                failuresNotNoted.incrementAndGet();
            }
        } else if (e instanceof RebuildProgress r) {
            rebuild = r;
            rebuildAt = clock.millis();
        }
    }

    /**
     * Starts a scrub of every object (current and kept versions) followed by a rebuild of
     * what it found, in the background; {@link Start#BUSY} while a scrub runs already.
     */
    Start startScrub() {
        if (scrubbing || !requested.compareAndSet(false, true)) {
            return Start.BUSY;
        }
        scrubbing = true;
        progress = null;
        events.info("Scrub started: every shard of every file and kept version is checked, and bad ones rebuilt.");
        runner.execute(this::runScrub);
        return Start.STARTED;
    }

    private void runScrub() {
        try {
            ScrubAndRebuild r = repair.scrubAndRebuild(scrubOptions, EventListener.NONE);
            ScrubReport s = r.scrub();
            RebuildReport b = r.rebuild();
            String text = "Scrub " + (s.complete() ? "finished" : "stopped") + ": " + s.objects() + " objects, "
                    + s.shardsChecked() + " shards checked, " + problems(s.problems()) + "; " + b.shardsRebuilt()
                    + (b.shardsRebuilt() == 1 ? " shard" : " shards") + " rebuilt"
                    + (b.waiting() > 0 ? ", " + b.waiting() + " blocks wait for an unreachable backend" : "")
                    + (s.unreadableObjects().isEmpty() ? "" : ", " + s.unreadableObjects().size()
                    + " manifests could not be read")
                    + (r.metadata() == null ? "" : "; " + r.metadata().records() + " metadata records checked"
                    + (r.metadata().rewritten() > 0 ? ", " + r.metadata().rewritten() + " written again" : "")
                    + (r.metadata().degraded() > 0 ? ", " + r.metadata().degraded() + " still degraded" : "")) + ".";
            if (r.complete()) {
                events.info(text);
            } else {
                events.warning(text + (b.failures().isEmpty() ? "" : " Not repaired yet (retried automatically): "
                        + b.failures().get(0) + (b.failures().size() > 1 ? " and " + (b.failures().size() - 1)
                        + " more." : "")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.info("scrub interrupted (the daemon stops)");
        } catch (Exception e) {
            log.warn("scrub failed", e);
            events.error("Scrub failed: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        } finally {
            scrubbing = false;
            requested.set(false);
        }
    }

    private static String problems(long n) {
        return n == 0 ? "no problems" : n + (n == 1 ? " bad shard" : " bad shards") + " found";
    }

    /** A scrub is running (the one asked for, or a background one). */
    boolean scrubRunning() {
        return scrubbing || requested.get();
    }

    ActivityDto activity() {
        long waiting = repair.queue().size() + engine.repairQueue().size();
        ScrubProgress p = progress;
        ScrubFinished last = lastScrub;
        boolean running = scrubRunning();
        String scrub;
        long done = 0;
        long total = 0;
        long found = 0;
        if (running) {
            if (p == null) {
                scrub = "starting";
            } else {
                done = p.objectsDone();
                total = p.objectsTotal();
                found = p.problems();
                scrub = "checking " + done + " of " + total + " objects (" + p.shardsChecked() + " shards, "
                        + problems(p.problems()) + ")";
            }
        } else if (last != null) {
            done = last.objects();
            total = p == null ? last.objects() : p.objectsTotal();
            found = last.problems();
            scrub = "idle; the last scrub " + (last.complete() ? "checked " : "stopped after ") + last.shardsChecked()
                    + " shards of " + last.objects() + " objects and found " + (last.problems() == 0 ? "no problems"
                    : last.problems() + (last.problems() == 1 ? " bad shard" : " bad shards"));
        } else {
            scrub = "idle";
        }
        RebuildProgress r = rebuild;
        String repairing;
        if (r != null && r.blocksDone() < r.blocksTotal() && clock.millis() - rebuildAt < REBUILD_QUIET_MILLIS) {
            repairing = "rebuilding " + r.blocksDone() + " of " + r.blocksTotal() + " damaged blocks ("
                    + r.shardsRebuilt() + " shards so far)";
        } else if (waiting > 0) {
            repairing = waiting + (waiting == 1 ? " damaged block waits" : " damaged blocks wait") + " for repair";
        } else {
            repairing = "idle";
        }
        return new ActivityDto(repairing, scrub, shardsRepaired.get(), scrubsCompleted.get(), true, running, done,
                total, found, repairFailures.get(), waiting);
    }

    long shardsChecked() {
        return shardsChecked.get();
    }

    long problemsFound() {
        return problemsFound.get();
    }

    /** Stops a running scrub (its thread is interrupted); the repair service is closed by its owner. */
    @Override
    public void close() {
        runner.shutdownNow();
        try {
            runner.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
