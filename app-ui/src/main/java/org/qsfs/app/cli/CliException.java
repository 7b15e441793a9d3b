package org.qsfs.app.cli;

/** A command failed for a reason the CLI itself detected; carries its exit code and a message that says what to do. */
public class CliException extends Exception {
    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The command needs a part of the engine that this build does not have yet. */
    public static CliException notAvailable(String command, String missing) {
        return new CliException(ExitCode.NOT_AVAILABLE, "`qsfs " + command + "` is not available in this build yet: "
                + missing);
    }
}
