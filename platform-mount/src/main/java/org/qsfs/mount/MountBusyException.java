package org.qsfs.mount;

import java.util.List;

/** An unmount was refused because files or directories on the drive are in use. */
public class MountBusyException extends MountException {
    private final List<String> holders;

    public MountBusyException(String message, List<String> holders) {
        super(message);
        this.holders = List.copyOf(holders);
    }

    /** The processes found using the drive ("1234 (vim)"), as far as they could be found. */
    public List<String> holders() {
        return holders;
    }
}
