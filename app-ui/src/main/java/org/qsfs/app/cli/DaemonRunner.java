package org.qsfs.app.cli;

import org.qsfs.app.daemon.Daemon;

/** Runs a started daemon in the foreground until it is stopped; a signal (Ctrl-C, SIGTERM) stops it cleanly. */
final class DaemonRunner {
    private DaemonRunner() {
    }

    static int serve(QsfsCommand c, Daemon d, String what) throws InterruptedException {
        Thread hook = new Thread(d::close, "qsfs-signal");
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
            d.close();
        }
        c.note("qsfs daemon stopped.");
        return ExitCode.OK;
    }
}
