package org.qsfs.app.cli;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.qsfs.app.daemon.MountUnavailableException;
import org.qsfs.engine.codec.NotEnoughShardsException;
import org.qsfs.engine.config.ConfigException;
import org.qsfs.engine.crypto.InvalidRecoveryPhraseException;
import org.qsfs.engine.crypto.IntegrityException;
import org.qsfs.engine.crypto.KeyFileException;
import org.qsfs.engine.meta.MetadataUnavailableException;
import org.qsfs.engine.object.BlockUnreadableException;
import org.qsfs.engine.object.ObjectCorruptException;
import org.qsfs.engine.object.ObjectNotFoundException;
import org.qsfs.engine.object.WrongKeyException;
import org.qsfs.engine.placement.PlacementException;
import org.qsfs.engine.store.NotEnoughBackendsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The one place where failures become exit codes ({@link ExitCode}) and messages on stderr:
 * usage errors from picocli and every exception a command throws.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ErrorHandler.class);

    /** The exit code scripts see for {@code t}. */
    static int exitCodeOf(Throwable t) {
        if (t instanceof CliException c) {
            return c.exitCode();
        }
        if (t instanceof CommandLine.ParameterException) {
            return ExitCode.USAGE;
        }
        if (t instanceof MountUnavailableException) {
            return ExitCode.NOT_AVAILABLE;
        }
        if (t instanceof ConfigException) {
            return ExitCode.CONFIG;
        }
        if (t instanceof KeyFileException || t instanceof InvalidRecoveryPhraseException) {
            return ExitCode.KEY;
        }
        if (t instanceof WrongKeyException) {
            return ExitCode.KEY;
        }
        if (t instanceof ObjectNotFoundException) {
            return ExitCode.NOT_FOUND;
        }
        if (t instanceof org.qsfs.app.control.ControlException ce && ce.httpStatus() == 404) {
            return ExitCode.NOT_FOUND; // the daemon found nothing under that name
        }
        if (t instanceof org.qsfs.app.control.ControlException ce && ce.httpStatus() == 400) {
            return ExitCode.USAGE;
        }
        if (t instanceof NotEnoughBackendsException || t instanceof NotEnoughShardsException
                || t instanceof PlacementException || t instanceof BlockUnreadableException
                || t instanceof MetadataUnavailableException || t instanceof ObjectCorruptException
                || t instanceof IntegrityException) {
            return ExitCode.NOT_SAFE;
        }
        if (t instanceof NoSuchFileException || t instanceof FileNotFoundException) {
            return ExitCode.NOT_FOUND;
        }
        if (t instanceof InterruptedException || t instanceof InterruptedIOException
                && !(t instanceof java.net.SocketTimeoutException)) {
            return ExitCode.INTERRUPTED;
        }
        if (t instanceof IOException || t instanceof java.io.UncheckedIOException) {
            return ExitCode.IO;
        }
        return ExitCode.INTERNAL;
    }

    /** What the user reads for {@code t}: the typed exceptions' messages already say what to do. */
    static String messageOf(Throwable t) {
        if (t instanceof NoSuchFileException e) {
            return e.getFile() + ": no such file" + (e.getReason() == null ? "" : " (" + e.getReason() + ")");
        }
        if (t instanceof AccessDeniedException e) {
            return e.getFile() + ": permission denied; check the file's owner and mode";
        }
        if (t instanceof InterruptedException) {
            return "interrupted";
        }
        if (exitCodeOf(t) == ExitCode.INTERNAL) {
            return "internal error: " + t + " (run with --verbose for details and report it)";
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? t.toString() : m;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        Throwable t = ex;
        while ((t instanceof java.util.concurrent.ExecutionException || t instanceof java.io.UncheckedIOException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        int code = exitCodeOf(t);
        PrintWriter err = cl.getErr();
        err.println("qsfs: " + messageOf(t));
        err.flush();
        if (code == ExitCode.INTERNAL) {
            log.error("unexpected error in `{}`", cl.getCommandName(), t);
        } else {
            log.debug("`{}` failed with exit code {}", cl.getCommandName(), code, t);
        }
        if (t instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return code;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("qsfs: " + ex.getMessage());
        if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
            err.println("Run `" + cl.getCommandSpec().qualifiedName() + " --help` for usage.");
        }
        err.flush();
        return ExitCode.USAGE;
    }
}
