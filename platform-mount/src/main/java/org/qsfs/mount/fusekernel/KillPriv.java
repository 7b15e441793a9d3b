package org.qsfs.mount.fusekernel;

import org.qsfs.engine.fs.Attr;
import org.qsfs.engine.fs.Caller;
import org.qsfs.engine.fs.Errno;
import org.qsfs.engine.fs.FsException;
import org.qsfs.engine.fs.FsOperations;
import org.qsfs.engine.fs.SetAttr;

/**
 * FUSE_HANDLE_KILLPRIV_V2 done here: when the kernel says a write, truncate or open with
 * O_TRUNC by a caller without CAP_FSETID must drop privileges, the setuid bit goes, the setgid
 * bit too when the group may execute (as the VFS does), and so does security.capability.
 * In exchange the kernel stops asking for security.capability before every write(2).
 */
final class KillPriv {
    private static final int S_ISUID = 04000;
    private static final int S_ISGID = 02000;

    private KillPriv() {
    }

    /** Returns the attributes after dropping what had to go. */
    static Attr apply(FsOperations fs, long ino, Attr a) throws FsException {
        int perm = a.perm();
        int kept = perm & ~S_ISUID;
        if ((perm & 010) != 0) {
            kept &= ~S_ISGID;
        }
        if (kept != perm) {
            a = fs.setattr(Caller.ROOT, ino, SetAttr.none().withMode(kept));
        }
        try {
            fs.removexattr(Caller.ROOT, ino, "security.capability");
        } catch (FsException e) {
            if (e.errno() != Errno.ENODATA && e.errno() != Errno.ENOTSUP) {
                throw e;
            }
        }
        return a;
    }
}
