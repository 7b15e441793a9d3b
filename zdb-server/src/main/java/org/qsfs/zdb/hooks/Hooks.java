package org.qsfs.zdb.hooks;

import java.nio.file.Path;
import java.util.List;

/**
 * Runs the external --hook executable (libzdb/hook.c): argv = [path, event, args...].
 * {@link #fire} starts it and returns at once (hook_execute, the child is reaped in the background);
 * {@link #fireAndWait} blocks until it exits and returns its exit status (hook_execute_wait).
 */
public interface Hooks {
    /** No --hook configured: every call is a no-op. */
    Hooks NONE = new NoHooks();

    static Hooks executable(Path program) {
        return new ExecutableHooks(program);
    }

    /** True when a hook program is configured (zdb_rootsettings.hook != NULL). */
    boolean enabled();

    /** Starts the hook and returns without waiting. */
    void fire(String event, String... args);

    /**
     * Runs the hook and waits; returns its exit status, or -1 when it could not be started.
     * With {@link #NONE} returns 1, like data_open_notfound_hook treats "no hook" as failure.
     */
    int fireAndWait(String event, String... args);

    /** Children started by {@link #fire} that have not exited yet (stats.childwait). */
    int pending();

    /**
     * Hooks started recently, oldest first, for the HOOKS command (upstream keeps each one until
     * a minute after it finished). {@code arguments} are the arguments after the event name.
     */
    List<Execution> executions();

    /** One hook run; finished is 0 and exitStatus -1 while it is still running. */
    record Execution(String event, List<String> arguments, long pid, long createdEpochSeconds,
            long finishedEpochSeconds, int exitStatus) {
    }
}
