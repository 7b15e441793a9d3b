package org.qsfs.app.control;

import java.io.IOException;

/** The daemon could not be reached, refused the request, or answered with an error; the message says what to do. */
public class ControlException extends IOException {
    private final int httpStatus;

    public ControlException(String message, int httpStatus) {
        super(message);
        this.httpStatus = httpStatus;
    }

    public ControlException(String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = -1;
    }

    /** The HTTP status, or -1 when there was no answer. */
    public int httpStatus() {
        return httpStatus;
    }

    /** No daemon answered at all (not running, or its endpoint file is stale). */
    public boolean notRunning() {
        return httpStatus < 0;
    }
}
