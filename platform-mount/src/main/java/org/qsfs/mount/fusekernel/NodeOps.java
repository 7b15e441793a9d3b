package org.qsfs.mount.fusekernel;

import org.qsfs.engine.fs.Attr;
import org.qsfs.engine.fs.Caller;
import org.qsfs.engine.fs.Errno;
import org.qsfs.engine.fs.FileType;
import org.qsfs.engine.fs.FsException;
import org.qsfs.engine.fs.OpenFlags;
import org.qsfs.engine.fs.SetAttr;
import org.qsfs.mount.snapshots.SnapshotTree;

/**
 * Requests about names and inodes: LOOKUP, GETATTR, SETATTR, READLINK, SYMLINK, MKNOD,
 * MKDIR, UNLINK, RMDIR, RENAME(2), LINK, ACCESS, STATFS. Node ids are the engine's inode
 * numbers (the root is 1 in both), or {@link SnapshotTree} numbers under {@code /.snapshots}.
 */
final class NodeOps {
    private final MountContext m;

    NodeOps(MountContext m) {
        this.m = m;
    }

    void lookup(Request q, Reply r) throws FsException {
        long parent = q.nodeId();
        byte[] name = q.name(0);
        Attr a;
        boolean snapshotsDir = m.snapName(parent, name);
        AttrEncoder enc = m.enc(snapshotsDir ? SnapshotTree.TOP_INO : parent);
        try {
            if (snapshotsDir) {
                a = m.snapshots.getattr(m.snapshots.node(SnapshotTree.TOP_INO));
            } else if (m.snap(parent)) {
                a = m.snapshots.getattr(m.snapshots.lookup(parent, name));
            } else {
                a = m.fs.lookup(m.caller(q), parent, name);
            }
        } catch (FsException e) {
            if (e.errno() == Errno.ENOENT && enc.cachesNegative()) {
                // every change of names goes through this mount, and the kernel drops a negative
                // entry itself when the name is made: unzip/tar/git skip a lookup per new name
                enc.negativeEntry(r);
                return;
            }
            throw e;
        }
        enc.entry(r, a);
    }

    void getattr(Request q, Reply r) throws FsException {
        m.enc(q.nodeId()).attrOut(r, attrOf(q.nodeId()));
    }

    Attr attrOf(long ino) throws FsException {
        return m.snap(ino) ? m.snapshots.getattr(m.snapshots.node(ino)) : m.fs.getattr(ino);
    }

    /**
     * fuse_setattr_in: valid@0 fh@8 size@16 lock_owner@24 atime@32 mtime@40 ctime@48
     * atimensec@56 mtimensec@60 ctimensec@64 mode@68 uid@76 gid@80.
     */
    void setattr(Request q, Reply r) throws FsException {
        long ino = q.nodeId();
        if (m.snap(ino)) {
            throw MountContext.readOnly();
        }
        int valid = q.u32(0);
        SetAttr change = SetAttr.none();
        if ((valid & FuseKernelAbi.FATTR_MODE) != 0) {
            change = change.withMode(q.u32(68) & 07777);
        }
        if ((valid & (FuseKernelAbi.FATTR_UID | FuseKernelAbi.FATTR_GID)) != 0) {
            change = change.withOwner((valid & FuseKernelAbi.FATTR_UID) != 0 ? q.u32(76) : null,
                    (valid & FuseKernelAbi.FATTR_GID) != 0 ? q.u32(80) : null);
        }
        if ((valid & FuseKernelAbi.FATTR_SIZE) != 0) {
            change = change.withSize(q.u64(16));
        }
        long atime = SetAttr.OMIT;
        long mtime = SetAttr.OMIT;
        if ((valid & FuseKernelAbi.FATTR_ATIME) != 0) {
            atime = (valid & FuseKernelAbi.FATTR_ATIME_NOW) != 0 ? SetAttr.NOW : q.u64(32) * 1_000_000_000L
                    + Integer.toUnsignedLong(q.u32(56));
        }
        if ((valid & FuseKernelAbi.FATTR_MTIME) != 0) {
            mtime = (valid & FuseKernelAbi.FATTR_MTIME_NOW) != 0 ? SetAttr.NOW : q.u64(40) * 1_000_000_000L
                    + Integer.toUnsignedLong(q.u32(60));
        }
        Caller c = m.caller(q);
        Attr a = null;
        boolean times = atime != SetAttr.OMIT || mtime != SetAttr.OMIT;
        // FATTR_CTIME comes with the writeback cache: the kernel keeps a regular file's times
        // itself and sends them as explicit values, also for utimensat(UTIME_NOW) by a
        // non-owner who may write. The kernel already checked the caller against POSIX
        // (default_permissions), so those times are applied as root; the rest as the caller.
        boolean kernelTimes = times && (valid & FuseKernelAbi.FATTR_CTIME) != 0;
        if (change.perm() >= 0 || change.uid() != null || change.gid() != null || change.size() >= 0
                || (times && !kernelTimes)) {
            SetAttr s = kernelTimes ? change : change.withTimes(atime, mtime);
            a = m.fs.setattr(c, ino, s);
            if ((valid & FuseKernelAbi.FATTR_KILL_SUIDGID) != 0 && change.perm() < 0) {
                a = KillPriv.apply(m.fs, ino, a);
            }
        }
        if (kernelTimes) {
            a = m.fs.setattr(Caller.ROOT, ino, SetAttr.none().withTimes(atime, mtime));
        }
        if (a == null) {
            a = m.fs.getattr(ino);
        }
        m.enc.attrOut(r, a);
    }

    void readlink(Request q, Reply r) throws FsException {
        long ino = q.nodeId();
        byte[] target = m.snap(ino) ? m.snapshots.readlink(m.snapshots.node(ino)) : m.fs.readlink(m.caller(q), ino);
        r.bytes(target, 0, target.length);
    }

    /** Body: name, NUL, target, NUL. */
    void symlink(Request q, Reply r) throws FsException {
        byte[] name = q.name(0);
        byte[] target = q.name(q.after(0));
        if (m.readOnlyAt(q.nodeId(), name)) {
            throw MountContext.readOnly();
        }
        m.enc.entry(r, m.fs.symlink(m.caller(q), q.nodeId(), name, target));
    }

    /** fuse_mknod_in: mode@0 rdev@4 umask@8, name@16. */
    void mknod(Request q, Reply r) throws FsException {
        byte[] name = q.name(16);
        if (m.readOnlyAt(q.nodeId(), name)) {
            throw MountContext.readOnly();
        }
        int mode = q.u32(0);
        FileType type = FileType.ofMode(mode);
        if (type == null || (mode & FileType.S_IFMT) == 0) {
            type = FileType.REGULAR;
        }
        if (type == FileType.DIRECTORY || type == FileType.SYMLINK) {
            throw new FsException(Errno.EINVAL, "mknod cannot make a " + type);
        }
        m.enc.entry(r, m.fs.mknod(m.caller(q), q.nodeId(), name, type, mode & 07777,
                Integer.toUnsignedLong(q.u32(4))));
    }

    /** fuse_mkdir_in: mode@0 umask@4, name@8. */
    void mkdir(Request q, Reply r) throws FsException {
        byte[] name = q.name(8);
        if (m.readOnlyAt(q.nodeId(), name)) {
            throw MountContext.readOnly();
        }
        m.enc.entry(r, m.fs.mkdir(m.caller(q), q.nodeId(), name, q.u32(0) & 07777));
    }

    void unlink(Request q, Reply r) throws FsException {
        byte[] name = q.name(0);
        if (m.readOnlyAt(q.nodeId(), name)) {
            throw MountContext.readOnly();
        }
        m.fs.unlink(m.caller(q), q.nodeId(), name);
    }

    void rmdir(Request q, Reply r) throws FsException {
        byte[] name = q.name(0);
        if (m.readOnlyAt(q.nodeId(), name)) {
            throw MountContext.readOnly();
        }
        m.fs.rmdir(m.caller(q), q.nodeId(), name);
    }

    /** RENAME: newdir@0, names@8. RENAME2: newdir@0 flags@8, names@16. */
    void rename(Request q, Reply r, boolean two) throws FsException {
        long newDir = q.u64(0);
        int flags = two ? q.u32(8) : 0;
        int at = two ? 16 : 8;
        byte[] name = q.name(at);
        byte[] newName = q.name(q.after(at));
        if (m.readOnlyAt(q.nodeId(), name) || m.readOnlyAt(newDir, newName)) {
            throw MountContext.readOnly();
        }
        if ((flags & ~(OpenFlags.RENAME_NOREPLACE | OpenFlags.RENAME_EXCHANGE)) != 0) {
            throw new FsException(Errno.EINVAL, "rename flags " + flags); // RENAME_WHITEOUT: no overlayfs here
        }
        m.fs.rename(m.caller(q), q.nodeId(), name, newDir, newName, flags);
    }

    /** fuse_link_in: oldnodeid@0, new name@8; the header's node is the new parent. */
    void link(Request q, Reply r) throws FsException {
        long ino = q.u64(0);
        byte[] name = q.name(8);
        if (m.snap(ino) || m.readOnlyAt(q.nodeId(), name)) {
            throw MountContext.readOnly();
        }
        m.enc.entry(r, m.fs.link(m.caller(q), ino, q.nodeId(), name));
    }

    /** fuse_access_in: mask@0. Not sent with default_permissions, answered anyway. */
    void access(Request q, Reply r) throws FsException {
        long ino = q.nodeId();
        int mask = q.u32(0);
        if (m.snap(ino)) {
            if ((mask & OpenFlags.W_OK) != 0) {
                throw MountContext.readOnly();
            }
            m.snapshots.getattr(m.snapshots.node(ino));
            return;
        }
        m.fs.access(m.caller(q), ino, mask);
    }

    void statfs(Request q, Reply r) throws FsException {
        AttrEncoder.statfs(r, m.fs.statfs());
    }
}
