package org.qsfs.app.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.qsfs.engine.config.Sizes;

/**
 * A one-line progress bar on stderr, redrawn at most ten times a second:
 * {@code store  [##########..........]  50%  12 MiB / 24 MiB  8.0 MiB/s}. When disabled (not a
 * terminal, or --quiet) it prints nothing at all. Thread-safe.
 */
final class ProgressBar implements AutoCloseable {
    private static final int WIDTH = 24;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean enabled;
    private final String label;
    private final long total;
    private final long started = System.nanoTime();
    private long done;
    private long lastDraw;
    private boolean drawn;

    ProgressBar(PrintWriter err, boolean enabled, String label, long total) {
        this.err = err;
        this.enabled = enabled;
        this.label = label;
        this.total = total;
    }

    synchronized void advance(long bytes) {
        done += bytes;
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw >= REDRAW_NANOS) {
            lastDraw = now;
            draw(now);
        }
    }

    /** Sets the bytes done so far (for listeners that report totals, not increments). */
    synchronized void update(long bytesDone) {
        advance(bytesDone - done);
    }

    synchronized long done() {
        return done;
    }

    /** The line as it would be drawn now (for tests and for logs). */
    synchronized String render(long now) {
        double seconds = Math.max(1e-3, (now - started) / 1e9);
        String rate = Sizes.human((long) (done / seconds)) + "/s";
        if (total <= 0) {
            return String.format(Locale.ROOT, "%s  %s  %s", label, Sizes.human(done), rate);
        }
        int pct = (int) Math.min(100, done * 100 / total);
        int filled = (int) Math.min(WIDTH, done * WIDTH / total);
        return String.format(Locale.ROOT, "%s  [%s%s] %3d%%  %s / %s  %s", label, "#".repeat(filled),
                ".".repeat(WIDTH - filled), pct, Sizes.human(done), Sizes.human(total), rate);
    }

    private void draw(long now) {
        err.print("\r" + render(now) + "\u001b[K");
        err.flush();
        drawn = true;
    }

    /** Draws the final state and ends the line. */
    @Override
    public synchronized void close() {
        if (enabled) {
            draw(System.nanoTime());
            err.println();
            err.flush();
        } else if (drawn) {
            err.println();
        }
    }
}
