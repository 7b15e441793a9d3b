package org.qsfs.app.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Base of every leaf command: the global options, the environment, stdout and stderr. */
abstract class QsfsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions globals;

    @Override
    public final Integer call() throws Exception {
        return run();
    }

    /** Does the work; returns an {@link ExitCode} or throws (mapped by {@link ErrorHandler}). */
    abstract int run() throws Exception;

    CliEnvironment env() {
        return ((QsfsMain) spec.root().userObject()).environment();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** A note for the user on stderr, unless --quiet. */
    void note(String text) {
        if (!globals.quiet()) {
            err().println(text);
            err().flush();
        }
    }

    ConfigLocator configs() {
        return new ConfigLocator(globals, env());
    }

    Passphrases passphrases() {
        return new Passphrases(globals, env());
    }

    /** A progress bar on stderr when it is a terminal and not --quiet; otherwise silent. */
    ProgressBar progress(String label, long total) {
        boolean show = !globals.quiet() && env().terminal() != null;
        return new ProgressBar(err(), show, label, total);
    }
}
