package org.qsfs.mount;

/** No mount service can run here, or the one asked for cannot. */
public class MountUnavailableException extends MountException {
    public MountUnavailableException(String message) {
        super(message);
    }
}
