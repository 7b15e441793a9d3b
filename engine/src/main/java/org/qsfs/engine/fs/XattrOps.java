package org.qsfs.engine.fs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.qsfs.engine.volume.Inode;

/** Extended attributes: get, set, list, remove ({@link XattrNames} has the rules of names and access). */
final class XattrOps {
    private final FsContext ctx;

    XattrOps(FsContext ctx) {
        this.ctx = ctx;
    }

    byte[] getxattr(Caller c, long ino, String name) throws FsException {
        byte[] n = XattrNames.checked(name);
        Inode cached = ctx.t.inodes.peek(ino);
        if (cached != null && cached.nlink > 0 && !ctx.t.xattrs.mayHave(ino)) {
            // none: answered without the volume lock (the kernel asks each file before its first write)
            XattrNames.checkAccess(c, cached, name, false);
            throw new FsException(Errno.ENODATA, "no attribute " + name);
        }
        return ctx.db.read(() -> {
            Inode i = ctx.tree.inode(ino);
            XattrNames.checkAccess(c, i, name, false);
            byte[] v = ctx.t.xattrs.get(ino, n);
            if (v == null) {
                throw new FsException(Errno.ENODATA, "no attribute " + name);
            }
            return v;
        });
    }

    void setxattr(Caller c, long ino, String name, byte[] value, int flags) throws FsException {
        byte[] n = XattrNames.checked(name);
        if (value.length > XattrNames.MAX_VALUE) {
            throw new FsException(Errno.ERANGE, "an attribute value is at most 64 KiB");
        }
        ctx.db.run(() -> {
            Inode i = ctx.tree.inode(ino);
            XattrNames.checkAccess(c, i, name, true);
            boolean exists = ctx.t.xattrs.get(ino, n) != null;
            if ((flags & OpenFlags.XATTR_CREATE) != 0 && exists) {
                throw new FsException(Errno.EEXIST, "attribute exists: " + name);
            }
            if ((flags & OpenFlags.XATTR_REPLACE) != 0 && !exists) {
                throw new FsException(Errno.ENODATA, "no attribute " + name);
            }
            ctx.t.xattrs.put(ino, n, value.clone());
            i.ctime = Clock.nowNs();
            ctx.t.inodes.put(i);
            return null;
        });
    }

    List<String> listxattr(Caller c, long ino) throws FsException {
        return ctx.db.read(() -> {
            ctx.tree.inode(ino);
            List<String> out = new ArrayList<>();
            for (byte[] n : ctx.t.xattrs.names(ino)) {
                String s = new String(n, StandardCharsets.UTF_8);
                if (XattrNames.listable(c, s)) {
                    out.add(s);
                }
            }
            return out;
        });
    }

    void removexattr(Caller c, long ino, String name) throws FsException {
        byte[] n = XattrNames.checked(name);
        ctx.db.run(() -> {
            Inode i = ctx.tree.inode(ino);
            XattrNames.checkAccess(c, i, name, true);
            if (!ctx.t.xattrs.remove(ino, n)) {
                throw new FsException(Errno.ENODATA, "no attribute " + name);
            }
            i.ctime = Clock.nowNs();
            ctx.t.inodes.put(i);
            return null;
        });
    }
}
