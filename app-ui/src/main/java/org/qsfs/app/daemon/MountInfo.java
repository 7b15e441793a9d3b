package org.qsfs.app.daemon;

/**
 * The drive's mount as the status shows it.
 *
 * @param point where the drive is mounted, or null when it is not
 * @param problem why it is not mounted (null when it is)
 * @param transport how the OS hands the drive its requests ("io_uring", "/dev/fuse"), or null
 * @param hint a setting of this machine that would make the drive faster, or null
 */
record MountInfo(String point, String problem, String transport, String hint) {
    static MountInfo mounted(String point, String transport, String hint) {
        return new MountInfo(point, null, transport, hint);
    }

    static MountInfo notMounted(String problem) {
        return new MountInfo(null, problem, null, null);
    }
}
