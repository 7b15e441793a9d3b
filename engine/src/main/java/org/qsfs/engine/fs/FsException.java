package org.qsfs.engine.fs;

import java.io.IOException;

/** A filesystem operation failed with a POSIX error; nothing was changed unless stated. */
public final class FsException extends IOException {
    private final Errno errno;

    public FsException(Errno errno, String message) {
        super(errno.name() + ": " + message);
        this.errno = errno;
    }

    public FsException(Errno errno, String message, Throwable cause) {
        super(errno.name() + ": " + message, cause);
        this.errno = errno;
    }

    public Errno errno() {
        return errno;
    }
}
