package org.qsfs.engine.fs;

import org.qsfs.engine.volume.Db;
import org.qsfs.engine.volume.Inode;

/** Attributes of inodes: getattr, setattr (chmod, chown, truncate, utimens), access, statfs. */
final class AttrOps {
    private final FsContext ctx;

    AttrOps(FsContext ctx) {
        this.ctx = ctx;
    }

    Attr getattr(long ino) throws FsException {
        return ctx.db.read(() -> ctx.tree.inode(ino).attr());
    }

    Attr setattr(Caller c, long ino, SetAttr a) throws FsException {
        if (ctx.isGone(ino)) {
            // the writeback cache's time update right after every unlink: no lock needed
            throw new FsException(Errno.ENOENT, "no inode " + ino);
        }
        Db.Body<Attr> body = () -> {
            Inode i = ctx.tree.inode(ino);
            long now = Clock.nowNs();
            boolean changed = false;
            if (a.uid() != null || a.gid() != null) {
                boolean uidChange = a.uid() != null && a.uid() != i.uid;
                boolean gidChange = a.gid() != null && a.gid() != i.gid;
                if (!c.isRoot() && (uidChange || (gidChange && (c.uid() != i.uid || !c.inGroup(a.gid()))))) {
                    throw new FsException(Errno.EPERM, "only root may give a file away, and an owner may only"
                            + " choose one of their groups");
                }
                if (a.uid() != null) {
                    i.uid = a.uid();
                }
                if (a.gid() != null) {
                    i.gid = a.gid();
                }
                if (!i.isDir() && (uidChange || gidChange || !c.isRoot())) {
                    i.perm &= ~Permissions.S_ISUID;
                    if ((i.perm & 010) != 0) {
                        i.perm &= ~Permissions.S_ISGID;
                    }
                }
                changed = true;
            }
            if (a.perm() >= 0) {
                if (!Permissions.isOwner(c, i)) {
                    throw new FsException(Errno.EPERM, "only the owner may change the mode");
                }
                int p = a.perm() & 07777;
                if (!c.isRoot() && !c.inGroup(i.gid)) {
                    p &= ~Permissions.S_ISGID;
                }
                i.perm = p;
                changed = true;
            }
            if (a.size() >= 0) {
                if (i.isDir()) {
                    throw new FsException(Errno.EISDIR, "truncate of a directory");
                }
                if (i.type != FileType.REGULAR) {
                    throw new FsException(Errno.EINVAL, "truncate of a special file");
                }
                if (a.size() > FileContent.MAX_FILE_SIZE) {
                    throw new FsException(Errno.EFBIG, "file too large");
                }
                Permissions.check(c, i, OpenFlags.W_OK);
                if (a.size() != i.size) {
                    ctx.keeper.beforeChange(i, now);
                    ctx.content.truncate(i, a.size(), now);
                }
                i.mtime = now;
                changed = true;
            }
            if (a.changesTimes()) {
                boolean bothNow = (a.atimeNs() == SetAttr.NOW || a.atimeNs() == SetAttr.OMIT)
                        && (a.mtimeNs() == SetAttr.NOW || a.mtimeNs() == SetAttr.OMIT);
                if (!Permissions.isOwner(c, i) && !(bothNow && Permissions.allowed(c, i, OpenFlags.W_OK))) {
                    throw new FsException(bothNow ? Errno.EACCES : Errno.EPERM, "only the owner may set times");
                }
                if (a.atimeNs() != SetAttr.OMIT) {
                    i.atime = a.atimeNs() == SetAttr.NOW ? now : a.atimeNs();
                }
                if (a.mtimeNs() != SetAttr.OMIT) {
                    i.mtime = a.mtimeNs() == SetAttr.NOW ? now : a.mtimeNs();
                }
                changed = true;
            }
            if (changed) {
                i.ctime = now;
                ctx.t.inodes.putLater(i); // written once per commit, however many setattrs (unzip: 3 a file)
            }
            return i.attr();
        };
        return a.size() >= 0 ? ctx.withFetch(body) : ctx.db.inMemory(body); // only a truncate writes rows now
    }

    void access(Caller c, long ino, int mask) throws FsException {
        ctx.db.read(() -> {
            Permissions.check(c, ctx.tree.inode(ino), mask);
            return null;
        });
    }

    StatFs statfs() throws FsException {
        return ctx.db.read(() -> {
            long bsize = 4096;
            long files = ctx.t.inodes.count();
            long used = ctx.t.inodes.allocated();
            long total = ctx.capacityBytes / bsize;
            long free = Math.max(0, total - (used + bsize - 1) / bsize);
            return new StatFs(bsize, total, free, free, files + (1L << 32), 1L << 32, Names.MAX_NAME);
        });
    }
}
