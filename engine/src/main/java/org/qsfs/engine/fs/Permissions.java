package org.qsfs.engine.fs;

import org.qsfs.engine.volume.Inode;

/** POSIX permission checks (owner, group, other; root passes all but execute without any x bit). */
final class Permissions {
    static final int S_ISUID = 04000;
    static final int S_ISGID = 02000;
    static final int S_ISVTX = 01000;

    private Permissions() {
    }

    static boolean allowed(Caller c, Inode i, int mask) {
        if (mask == 0) {
            return true;
        }
        if (c.isRoot()) {
            return (mask & OpenFlags.X_OK) == 0 || i.isDir() || (i.perm & 0111) != 0;
        }
        int bits;
        if (c.uid() == i.uid) {
            bits = (i.perm >> 6) & 7;
        } else if (c.inGroup(i.gid)) {
            bits = (i.perm >> 3) & 7;
        } else {
            bits = i.perm & 7;
        }
        return (bits & mask) == mask;
    }

    static void check(Caller c, Inode i, int mask) throws FsException {
        if (!allowed(c, i, mask)) {
            throw new FsException(Errno.EACCES, "permission denied on inode " + i.ino + " for " + c);
        }
    }

    static boolean isOwner(Caller c, Inode i) {
        return c.isRoot() || c.uid() == i.uid;
    }

    /** In a sticky directory only the owner of the entry, of the directory, or root may remove or rename it. */
    static void checkSticky(Caller c, Inode dir, Inode victim) throws FsException {
        if ((dir.perm & S_ISVTX) != 0 && !c.isRoot() && c.uid() != dir.uid && c.uid() != victim.uid) {
            throw new FsException(Errno.EPERM, "sticky directory: only the owner may remove or rename this entry");
        }
    }
}
