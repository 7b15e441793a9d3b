package org.qsfs.engine.volume;

import java.time.Duration;
import org.qsfs.engine.fs.FsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the age limit of the {@link Retention} in the background: at start, then every
 * quarter of the age (between 1 s and 1 h), so a version outlives its age by at most that
 * much. Each pass drops up to 1,000 versions per transaction until none is too old; the
 * blocks only they held are freed (and their shards deleted by the upload queue's
 * garbage collection).
 */
public final class VersionPruner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VersionPruner.class);
    private static final int PER_TX = 1000;

    private final Db db;
    private final VersionKeeper keeper;
    private final Duration period;
    private final Thread thread;
    private volatile boolean closed;

    public VersionPruner(Db db, VersionKeeper keeper) {
        Duration age = keeper.retention().maxAge();
        if (age == null) {
            throw new IllegalArgumentException("the retention has no age limit: nothing to prune");
        }
        this.db = db;
        this.keeper = keeper;
        Duration quarter = age.dividedBy(4);
        this.period = quarter.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : quarter.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : quarter;
        this.thread = new Thread(this::loop, "qsfs-version-pruner");
        this.thread.setDaemon(true);
    }

    /** How often a pass runs. */
    public Duration period() {
        return period;
    }

    public void start() {
        thread.start();
    }

    /** Drops every version older than the age limit now; returns how many. */
    public int pruneNow() throws FsException {
        int total = 0;
        while (true) {
            java.time.Instant i = java.time.Instant.now();
            long now = i.getEpochSecond() * 1_000_000_000L + i.getNano(); // versions are stamped in ns
            int n = db.tx(() -> keeper.pruneByAge(now));
            total += n;
            if (n < PER_TX) {
                return total;
            }
        }
    }

    private void loop() {
        while (!closed) {
            try {
                int n = pruneNow();
                if (n > 0) {
                    log.info("dropped {} versions older than {}", n, keeper.retention().maxAge());
                }
            } catch (FsException e) {
                if (closed) {
                    return;
                }
                log.warn("old versions could not be dropped now (tried again in {}): {}", period, e.getMessage());
            }
            try {
                Thread.sleep(period.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
