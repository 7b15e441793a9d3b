package org.qsfs.engine.repair;

import java.io.IOException;

/** A repair operation could not run at all; the message says why and what to do. */
public class RepairException extends IOException {
    public RepairException(String message) {
        super(message);
    }

    public RepairException(String message, Throwable cause) {
        super(message, cause);
    }
}
