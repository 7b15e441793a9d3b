package org.qsfs.engine.fs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.qsfs.engine.volume.Dirents;
import org.qsfs.engine.volume.Inode;
import org.qsfs.engine.volume.VersionRow;

/** The names of the tree: lookup, listing, making, linking, removing and renaming entries. */
final class NameOps {
    private static final int MAX_LINKS = 65000;

    private final FsContext ctx;

    NameOps(FsContext ctx) {
        this.ctx = ctx;
    }

    /** Creates the root directory of a new volume. */
    void initRoot(int uid, int gid, int perm) throws FsException {
        ctx.db.run(() -> {
            if (ctx.t.inodes.get(FsOperations.ROOT_INO) == null) {
                Inode r = new Inode();
                r.ino = FsOperations.ROOT_INO;
                r.type = FileType.DIRECTORY;
                r.perm = perm;
                r.uid = uid;
                r.gid = gid;
                r.nlink = 2;
                long now = Clock.nowNs();
                r.atime = r.mtime = r.ctime = r.btime = now;
                ctx.t.inodes.put(r);
                ctx.t.counters.atLeast(org.qsfs.engine.volume.Counters.INO, FsOperations.ROOT_INO);
            }
            return null;
        });
    }

    Attr lookup(Caller c, long parent, byte[] name) throws FsException {
        Names.check(name);
        return ctx.db.read(() -> {
            Inode d = ctx.tree.dir(parent);
            Permissions.check(c, d, OpenFlags.X_OK);
            Inode i = ctx.tree.child(d, name);
            if (i == null) {
                throw new FsException(Errno.ENOENT, "no entry " + show(name));
            }
            return i.attr();
        });
    }

    List<DirEntry> readdir(Caller c, long dir, long offset, int max) throws FsException {
        return ctx.db.read(() -> {
            Inode d = ctx.tree.dir(dir);
            Permissions.check(c, d, OpenFlags.R_OK);
            List<DirEntry> out = new ArrayList<>();
            if (offset < 1 && out.size() < max) {
                out.add(new DirEntry(new byte[] {'.'}, d.ino, FileType.DIRECTORY, 1));
            }
            if (offset < 2 && out.size() < max) {
                Dirents.Entry up = ctx.t.dirents.parentOf(d.ino);
                out.add(new DirEntry(new byte[] {'.', '.'}, up == null ? d.ino : up.parent(), FileType.DIRECTORY, 2));
            }
            if (out.size() < max) {
                for (Object[] e : ctx.t.dirents.listTyped(d.ino, Math.max(0, offset - 2), max - out.size())) {
                    out.add(new DirEntry((byte[]) e[0], (Long) e[1], FileType.ofId((Integer) e[3]), (Long) e[2] + 2));
                }
            }
            return out;
        });
    }

    List<DirEntryPlus> readdirPlus(Caller c, long dir, long offset, int max) throws FsException {
        return ctx.db.read(() -> {
            List<DirEntryPlus> out = new ArrayList<>();
            for (DirEntry e : readdir(c, dir, offset, max)) {
                out.add(new DirEntryPlus(e, e.isDot() ? null : ctx.tree.inode(e.ino()).attr()));
            }
            return out;
        });
    }

    Attr mknod(Caller c, long parent, byte[] name, FileType type, int perm, long rdev) throws FsException {
        if (type == FileType.DIRECTORY || type == FileType.SYMLINK) {
            throw new FsException(Errno.EINVAL, "mknod makes files, FIFOs, sockets and devices; use mkdir or symlink");
        }
        if ((type == FileType.CHAR_DEVICE || type == FileType.BLOCK_DEVICE) && !c.isRoot()) {
            throw new FsException(Errno.EPERM, "only root may create device nodes");
        }
        long dev = type == FileType.CHAR_DEVICE || type == FileType.BLOCK_DEVICE ? rdev : 0;
        return make(c, parent, name, type, perm, dev, null);
    }

    Attr mkdir(Caller c, long parent, byte[] name, int perm) throws FsException {
        return make(c, parent, name, FileType.DIRECTORY, perm, 0, null);
    }

    Attr symlink(Caller c, long parent, byte[] name, byte[] target) throws FsException {
        if (target == null || target.length == 0) {
            throw new FsException(Errno.ENOENT, "a symlink needs a target");
        }
        if (target.length > Names.MAX_TARGET) {
            throw new FsException(Errno.ENAMETOOLONG, "a symlink target is at most 4095 bytes");
        }
        for (byte b : target) {
            if (b == 0) {
                throw new FsException(Errno.EINVAL, "a symlink target cannot contain NUL");
            }
        }
        return make(c, parent, name, FileType.SYMLINK, 0777, 0, target.clone());
    }

    private Attr make(Caller c, long parent, byte[] name, FileType type, int perm, long rdev, byte[] target)
            throws FsException {
        Names.checkNew(name);
        return ctx.db.tx(() -> {
            Inode d = ctx.tree.dir(parent);
            Permissions.check(c, d, OpenFlags.W_OK | OpenFlags.X_OK);
            return ctx.tree.create(c, d, name, type, perm, rdev, target, Clock.nowNs()).attr();
        });
    }

    byte[] readlink(Caller c, long ino) throws FsException {
        return ctx.db.read(() -> {
            Inode i = ctx.tree.inode(ino);
            if (i.type != FileType.SYMLINK) {
                throw new FsException(Errno.EINVAL, "not a symlink");
            }
            return i.target.clone();
        });
    }

    Attr link(Caller c, long ino, long newParent, byte[] newName) throws FsException {
        Names.checkNew(newName);
        return ctx.db.tx(() -> {
            Inode i = ctx.tree.inode(ino);
            if (i.isDir()) {
                throw new FsException(Errno.EPERM, "cannot hard-link a directory");
            }
            if (i.nlink == 0) {
                throw new FsException(Errno.ENOENT, "the file was deleted");
            }
            if (i.nlink >= MAX_LINKS) {
                throw new FsException(Errno.EMLINK, "too many links");
            }
            Inode d = ctx.tree.dir(newParent);
            Permissions.check(c, d, OpenFlags.W_OK | OpenFlags.X_OK);
            if (ctx.t.dirents.get(d.ino, newName) != null) {
                throw new FsException(Errno.EEXIST, "the name exists");
            }
            long now = Clock.nowNs();
            ctx.t.dirents.add(d.ino, newName, i.ino, now);
            i.nlink++;
            i.ctime = now;
            ctx.t.inodes.put(i);
            d.mtime = d.ctime = now;
            ctx.t.inodes.put(d);
            return i.attr();
        });
    }

    void unlink(Caller c, long parent, byte[] name) throws FsException {
        Names.check(name);
        ctx.db.run(() -> {
            Inode d = ctx.tree.dir(parent);
            Permissions.check(c, d, OpenFlags.W_OK | OpenFlags.X_OK);
            Dirents.Entry e = Names.isDot(name) || Names.isDotDot(name) ? null : ctx.t.dirents.get(d.ino, name);
            if (e == null) {
                throw new FsException(Names.isDot(name) || Names.isDotDot(name) ? Errno.EISDIR : Errno.ENOENT,
                        "no entry " + show(name));
            }
            Inode victim = ctx.t.inodes.get(e.ino());
            if (victim.isDir()) {
                throw new FsException(Errno.EISDIR, "unlink of a directory; use rmdir");
            }
            Permissions.checkSticky(c, d, victim);
            ctx.tree.removeLink(c, d, e, victim, VersionRow.DELETED, Clock.nowNs());
            return null;
        });
    }

    void rmdir(Caller c, long parent, byte[] name) throws FsException {
        Names.check(name);
        if (Names.isDot(name)) {
            throw new FsException(Errno.EINVAL, "rmdir of '.'");
        }
        if (Names.isDotDot(name)) {
            throw new FsException(Errno.ENOTEMPTY, "rmdir of '..'");
        }
        ctx.db.run(() -> {
            Inode d = ctx.tree.dir(parent);
            Permissions.check(c, d, OpenFlags.W_OK | OpenFlags.X_OK);
            Dirents.Entry e = ctx.t.dirents.get(d.ino, name);
            if (e == null) {
                throw new FsException(Errno.ENOENT, "no entry " + show(name));
            }
            Inode victim = ctx.t.inodes.get(e.ino());
            if (!victim.isDir()) {
                throw new FsException(Errno.ENOTDIR, "rmdir of a non-directory");
            }
            Permissions.checkSticky(c, d, victim);
            ctx.tree.removeDir(d, e, victim, Clock.nowNs());
            return null;
        });
    }

    void rename(Caller c, long parent, byte[] name, long newParent, byte[] newName, int flags)
            throws FsException {
        ctx.db.run(() -> {
            ctx.tree.rename(c, parent, name, newParent, newName, flags, Clock.nowNs());
            return null;
        });
    }

    private static String show(byte[] name) {
        return "'" + new String(name, StandardCharsets.UTF_8) + "'";
    }
}
