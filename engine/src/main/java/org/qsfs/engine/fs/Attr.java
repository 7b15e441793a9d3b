package org.qsfs.engine.fs;

/**
 * What {@code stat} reports about an inode. Times are nanoseconds since the Unix epoch;
 * {@code uid}/{@code gid} are unsigned 32-bit values held in an int (use
 * {@link Integer#toUnsignedLong(int)}).
 *
 * @param perm the permission bits (07777: setuid, setgid, sticky, rwx); {@link #mode()} adds the type
 * @param blocks 512-byte units of data actually held (sparse holes count nothing)
 * @param rdev device number of a device node (0 otherwise)
 * @param btimeNs creation (birth) time
 */
public record Attr(long ino, FileType type, int perm, int nlink, int uid, int gid, long size, long blocks,
                   long rdev, long atimeNs, long mtimeNs, long ctimeNs, long btimeNs) {

    /** {@code st_mode}: type bits | permission bits. */
    public int mode() {
        return type.bits() | (perm & 07777);
    }

    public boolean isDirectory() {
        return type == FileType.DIRECTORY;
    }

    public boolean isRegular() {
        return type == FileType.REGULAR;
    }

    public boolean isSymlink() {
        return type == FileType.SYMLINK;
    }
}
