package org.qsfs.engine.fs;

import java.io.IOException;

/**
 * A filesystem operation failed with a POSIX error; nothing was changed unless stated.
 *
 * <p>Only failures (EIO, ENOSPC, EBUSY, ...) carry a stack trace. The errors that answer a
 * question ("no such name", "exists", "no such attribute") are part of normal traffic: unzip
 * looks every new name up first, the kernel asks each written file for
 * {@code security.capability}, and walking the stack for those was ~3% of the mount's CPU.
 */
public final class FsException extends IOException {
    private final Errno errno;

    public FsException(Errno errno, String message) {
        super(errno.name() + ": " + message);
        this.errno = errno;
        traceFailures();
    }

    public FsException(Errno errno, String message, Throwable cause) {
        super(errno.name() + ": " + message, cause);
        this.errno = errno;
        traceFailures();
    }

    public Errno errno() {
        return errno;
    }

    /** Runs from Throwable's constructor, before {@link #errno} is set: the constructor decides instead. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    private void traceFailures() {
        if (!isAnswer(errno)) {
            super.fillInStackTrace();
        }
    }

    /** Errors that answer a request rather than report a failure. */
    static boolean isAnswer(Errno e) {
        return switch (e) {
            case ENOENT, EEXIST, ENODATA, ENOTDIR, EISDIR, ENOTEMPTY, EACCES, EPERM, ENAMETOOLONG, ELOOP, ERANGE,
                    ENOSYS, ENOTSUP, EXDEV, EMLINK, EROFS -> true;
            default -> false;
        };
    }
}
