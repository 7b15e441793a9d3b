package org.qsfs.mount;

/** The mount point cannot be used: missing, not a directory, not empty, or already mounted. */
public class MountPointException extends MountException {
    public MountPointException(String message) {
        super(message);
    }
}
