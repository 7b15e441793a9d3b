package org.qsfs.mount;

/** What a {@link MountService}'s mounts can do, for the UI and the CLI to show and choose. */
public enum MountCapability {
    /** Mounts on a directory path. */
    DIRECTORY_MOUNT_POINT,
    /** Mounts on a drive letter ("Q:"). */
    DRIVE_LETTER,
    /** Owner, group and mode bits are shown and enforced. */
    POSIX_PERMISSIONS,
    SYMLINKS,
    HARD_LINKS,
    EXTENDED_ATTRIBUTES,
    /** A busy drive can be unmounted anyway (open files then fail). */
    FORCED_UNMOUNT,
    /** A mount left behind by a crashed process is detected and cleared on the next mount. */
    STALE_MOUNT_RECOVERY,
    /** Past versions are visible under a read-only {@code .snapshots/} directory. */
    SNAPSHOTS_VIEW
}
