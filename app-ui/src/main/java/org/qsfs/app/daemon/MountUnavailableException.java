package org.qsfs.app.daemon;

/** The drive cannot be mounted by this build or on this machine; the message says what is missing. */
public class MountUnavailableException extends Exception {
    public MountUnavailableException(String message) {
        super(message);
    }
}
