package org.qsfs.app.cli;

/**
 * The exit codes of {@code qsfs}, stable for scripts (docs/CLI.md). Exceptions are mapped to
 * them in one place: {@link ErrorHandler#exitCodeOf(Throwable)}.
 */
public final class ExitCode {
    /** Done. */
    public static final int OK = 0;
    /** Bad command line: unknown command or option, missing argument. */
    public static final int USAGE = 1;
    /** The configuration file is missing, not TOML, or not valid. */
    public static final int CONFIG = 2;
    /** Key file or passphrase: wrong passphrase, corrupt or missing key file, bad recovery phrase. */
    public static final int KEY = 3;
    /** The object, file or path asked for does not exist. */
    public static final int NOT_FOUND = 4;
    /** Not enough backends: data could not be stored safely, or cannot be read, or is not safe. */
    public static final int NOT_SAFE = 5;
    /** Input/output failed: local files, network, a backend refused. */
    public static final int IO = 6;
    /** The command is not available in this build yet. */
    public static final int NOT_AVAILABLE = 7;
    /** Interrupted (Ctrl-C). */
    public static final int INTERRUPTED = 8;
    /** A bug: an unexpected error; run with --verbose and report it. */
    public static final int INTERNAL = 9;

    private ExitCode() {
    }
}
