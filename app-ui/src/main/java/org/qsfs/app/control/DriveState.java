package org.qsfs.app.control;

/** The one-word state of the drive, as the tray shows it. */
public enum DriveState {
    /** Everything is uploaded and every backend answers. */
    OK,
    /** Data is being uploaded (or waits while paused); every backend answers. */
    SYNCING,
    /** Some backends are down or slow, but data is still stored safely. */
    DEGRADED,
    /** Data can no longer be stored safely, or the daemon is not running. */
    ERROR;

    public static DriveState parse(String s) {
        if (s == null) {
            return ERROR;
        }
        try {
            return valueOf(s);
        } catch (IllegalArgumentException e) {
            return ERROR;
        }
    }
}
