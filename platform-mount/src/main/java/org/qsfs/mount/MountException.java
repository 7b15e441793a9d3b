package org.qsfs.mount;

import java.io.IOException;

/** Mounting or unmounting failed; the message says what to do. */
public class MountException extends IOException {
    public MountException(String message) {
        super(message);
    }

    public MountException(String message, Throwable cause) {
        super(message, cause);
    }
}
