package org.qsfs.engine.fs;

/**
 * The changes of one {@code setattr} (chmod, chown, truncate and utimens in one call, as
 * FUSE's low-level API delivers them). Unset fields are left alone. Build with
 * {@code SetAttr.none().withMode(0644)...}.
 *
 * @param perm new permission bits, or -1
 * @param uid new owner, or null
 * @param gid new group, or null
 * @param size new size (truncate or extend), or -1
 * @param atimeNs new access time, {@link #NOW} or {@link #OMIT}
 * @param mtimeNs new modification time, {@link #NOW} or {@link #OMIT}
 */
public record SetAttr(int perm, Integer uid, Integer gid, long size, long atimeNs, long mtimeNs) {
    /** utimens' UTIME_NOW: the current time. */
    public static final long NOW = Long.MIN_VALUE;
    /** utimens' UTIME_OMIT: leave this time alone. */
    public static final long OMIT = Long.MIN_VALUE + 1;

    public static SetAttr none() {
        return new SetAttr(-1, null, null, -1, OMIT, OMIT);
    }

    public SetAttr withMode(int p) {
        return new SetAttr(p & 07777, uid, gid, size, atimeNs, mtimeNs);
    }

    public SetAttr withOwner(Integer u, Integer g) {
        return new SetAttr(perm, u, g, size, atimeNs, mtimeNs);
    }

    public SetAttr withSize(long s) {
        return new SetAttr(perm, uid, gid, s, atimeNs, mtimeNs);
    }

    public SetAttr withTimes(long atime, long mtime) {
        return new SetAttr(perm, uid, gid, size, atime, mtime);
    }

    boolean changesTimes() {
        return atimeNs != OMIT || mtimeNs != OMIT;
    }
}
