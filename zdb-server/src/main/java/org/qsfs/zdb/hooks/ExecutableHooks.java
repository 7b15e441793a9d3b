package org.qsfs.zdb.hooks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Forks the hook program like hook_execute(); stdio is inherited as with fork+execv. */
final class ExecutableHooks implements Hooks {
    private static final Logger LOG = LoggerFactory.getLogger(ExecutableHooks.class);
    // ZDB_HOOKS_EXPIRE_SECONDS: finished hooks stay listed this long
    private static final long EXPIRE_SECONDS = 60;

    private final Path program;
    private final AtomicInteger pending = new AtomicInteger();
    // touched from the caller thread and from process-exit callbacks
    private final List<Run> runs = new ArrayList<>();

    private static final class Run {
        final String event;
        final List<String> args;
        final long pid;
        final long created;
        volatile long finished;
        volatile int status = -1;
        Process process;

        Run(String event, List<String> args, long pid, long created) {
            this.event = event;
            this.args = args;
            this.pid = pid;
            this.created = created;
        }
    }

    ExecutableHooks(Path program) {
        this.program = program;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    private Run start(String event, String... args) throws IOException {
        List<String> argv = new ArrayList<>(args.length + 2);
        argv.add(program.toString());
        argv.add(event);
        for (String a : args) argv.add(a == null ? "" : a);
        LOG.debug("hook: executing {}", argv);
        Process p = new ProcessBuilder(argv).inheritIO().start();
        Run run = new Run(event, List.copyOf(argv.subList(2, argv.size())), p.pid(), now());
        synchronized (runs) {
            expire();
            runs.add(run);
        }
        pending.incrementAndGet();
        p.onExit().thenAccept(done -> {
            run.status = done.exitValue();
            run.finished = now();
            pending.decrementAndGet();
        });
        run.process = p;
        return run;
    }

    private void expire() {
        long limit = now() - EXPIRE_SECONDS;
        for (Iterator<Run> it = runs.iterator(); it.hasNext();) {
            Run r = it.next();
            if (r.finished != 0 && r.finished < limit) it.remove();
        }
    }

    @Override
    public void fire(String event, String... args) {
        try {
            start(event, args);
        } catch (IOException e) {
            LOG.warn("hook: cannot execute {} for {}: {}", program, event, e.getMessage());
        }
    }

    @Override
    public int fireAndWait(String event, String... args) {
        try {
            Run run = start(event, args);
            int status = run.process.waitFor();
            run.status = status;
            run.finished = now();
            return status;
        } catch (IOException e) {
            LOG.warn("hook: cannot execute {} for {}: {}", program, event, e.getMessage());
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public int pending() {
        return pending.get();
    }

    @Override
    public List<Execution> executions() {
        synchronized (runs) {
            expire();
            List<Execution> out = new ArrayList<>(runs.size());
            for (Run r : runs) out.add(new Execution(r.event, r.args, r.pid, r.created, r.finished, r.status));
            return out;
        }
    }

    @Override
    public String toString() {
        return "Hooks(" + program + ")";
    }
}
