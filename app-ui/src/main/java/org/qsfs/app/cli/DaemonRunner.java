package org.qsfs.app.cli;

import org.qsfs.app.daemon.Daemon;

/** Runs a started daemon in the foreground until it is stopped; a signal (Ctrl-C, SIGTERM) stops it cleanly. */
final class DaemonRunner {
    private DaemonRunner() {
    }

    /** Serves until stopped; then closes {@code after} (e.g. the demo's backends), also on a signal. */
    static int serve(QsfsCommand c, Daemon d, String what, AutoCloseable... after) throws InterruptedException {
        Runnable stop = () -> {
            d.close();
            for (AutoCloseable a : after) {
                try {
                    a.close();
                } catch (Exception e) {
                    System.err.println("qsfs: stopping " + a + " failed: " + e);
                }
            }
        };
        Thread hook = new Thread(stop, "qsfs-signal");
        Runtime.getRuntime().addShutdownHook(hook);
        c.note(what + "; control API on " + d.endpoint().baseUrl() + " (token in the endpoint file)."
                + " Press Ctrl-C to stop.");
        try {
            d.awaitStop();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it closes the daemon
            }
            stop.run();
        }
        c.note("qsfs daemon stopped.");
        return ExitCode.OK;
    }
}
