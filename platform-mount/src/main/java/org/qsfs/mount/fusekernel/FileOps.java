package org.qsfs.mount.fusekernel;

import org.qsfs.engine.fs.Attr;
import org.qsfs.engine.fs.Caller;
import org.qsfs.engine.fs.Errno;
import org.qsfs.engine.fs.FsException;
import org.qsfs.engine.fs.FsOperations;
import org.qsfs.engine.fs.OpenFlags;
import org.qsfs.mount.snapshots.SnapshotTree;

/** Requests on open files: OPEN, CREATE, READ, WRITE, FLUSH, FSYNC, RELEASE, FALLOCATE. */
final class FileOps {
    private final MountContext m;

    FileOps(MountContext m) {
        this.m = m;
    }

    private boolean snapFh(long fh) {
        return m.snapshots != null && SnapshotTree.isFh(fh);
    }

    /**
     * The flags the engine's handle is opened with. With the writeback cache the kernel writes
     * cached pages back through any writable handle of the inode and fills partly written pages
     * by reading through it, and it applies O_APPEND itself (every write carries its offset):
     * so a write-only open becomes read-write and O_APPEND is dropped (libfuse's passthrough
     * examples do the same).
     */
    int engineFlags(int flags) {
        if (!m.writeback) {
            return flags;
        }
        int f = flags & ~OpenFlags.O_APPEND;
        if ((f & OpenFlags.O_ACCMODE) == OpenFlags.O_WRONLY) {
            f = (f & ~OpenFlags.O_ACCMODE) | OpenFlags.O_RDWR;
        }
        return f;
    }

    /**
     * Opens with {@link #engineFlags}. A caller who may write the file but not read it (mode
     * 0200, say) still gets a read-write engine handle, opened as root: the kernel has already
     * checked the caller's write-only open ({@code default_permissions}) and reads through the
     * handle only to fill the pages that caller writes part of (its descriptor stays
     * write-only, so no byte reaches the caller). With the caller's own flags such a write
     * failed with EIO.
     */
    private long openLive(Caller c, long ino, int flags) throws FsException {
        int f = engineFlags(flags);
        try {
            return m.fs.open(c, ino, f);
        } catch (FsException e) {
            if (e.errno() != Errno.EACCES || f == flags) {
                throw e;
            }
            m.fs.access(c, ino, OpenFlags.W_OK); // the caller's own right to write, checked again
            return m.fs.open(Caller.ROOT, ino, f);
        }
    }

    /** fuse_open_in: flags@0 open_flags@4. Reply fuse_open_out: fh, open_flags. */
    void open(Request q, Reply r) throws FsException {
        long ino = q.nodeId();
        int flags = q.u32(0);
        if (m.snap(ino)) {
            if ((flags & OpenFlags.O_ACCMODE) != OpenFlags.O_RDONLY || (flags & OpenFlags.O_TRUNC) != 0) {
                throw MountContext.readOnly();
            }
            long fh = m.snapshots.open(m.snapshots.node(ino));
            r.u64(fh).u32(0).u32(0);
            return;
        }
        long fh = openLive(m.caller(q), ino, flags);
        m.handles.opened(fh, ino);
        if ((q.u32(4) & FuseKernelAbi.OPEN_KILL_SUIDGID) != 0) {
            KillPriv.apply(m.fs, ino, m.fs.getattr(ino));
        }
        // this process is the only writer of the volume: cached pages stay valid across opens
        r.u64(fh).u32(FuseKernelAbi.FOPEN_KEEP_CACHE).u32(0);
    }

    /** fuse_create_in: flags@0 mode@4 umask@8 open_flags@12, name@16. Reply: entry_out + open_out. */
    void create(Request q, Reply r) throws FsException {
        long parent = q.nodeId();
        byte[] name = q.name(16);
        if (m.readOnlyAt(parent, name)) {
            throw MountContext.readOnly();
        }
        int flags = q.u32(0);
        int perm = q.u32(4) & 07777;
        Caller c = m.caller(q);
        FsOperations.Created created;
        int f = engineFlags(flags);
        try {
            created = m.fs.create(c, parent, name, perm, f);
        } catch (FsException e) {
            if (e.errno() != Errno.EACCES || f == flags) {
                throw e;
            }
            created = m.fs.create(c, parent, name, perm, flags & ~OpenFlags.O_APPEND);
        }
        m.handles.opened(created.fh(), created.attr().ino());
        Attr a = created.attr();
        if ((q.u32(12) & FuseKernelAbi.OPEN_KILL_SUIDGID) != 0) {
            a = KillPriv.apply(m.fs, a.ino(), a);
        }
        m.enc.entry(r, a);
        r.u64(created.fh()).u32(FuseKernelAbi.FOPEN_KEEP_CACHE).u32(0);
    }

    /** fuse_read_in: fh@0 offset@8 size@16. Reply: the bytes (fewer only at the end of the file). */
    void read(Request q, Reply r) throws FsException {
        long fh = q.u64(0);
        long offset = q.u64(8);
        int size = Math.min(q.u32(16), r.room());
        if (!snapFh(fh)) {
            // straight into the reply: no copy of the data through the heap
            int n = m.fs.read(fh, offset, r.room(size));
            r.skip(Math.max(n, 0));
            return;
        }
        byte[] b = size <= q.data().length ? q.data() : new byte[size];
        int n = m.snapshots.read(fh, offset, b, size);
        if (n > 0) {
            r.bytes(b, 0, n);
        }
    }

    /** fuse_write_in: fh@0 offset@8 size@16 write_flags@20, data@40. Reply fuse_write_out: size. */
    void write(Request q, Reply r) throws FsException {
        long fh = q.u64(0);
        if (snapFh(fh)) {
            throw MountContext.readOnly();
        }
        long offset = q.u64(8);
        int size = q.u32(16);
        if (size > q.bodyLength() - 40) {
            throw new FsException(Errno.EINVAL, "write of " + size + " bytes with " + (q.bodyLength() - 40) + " sent");
        }
        int n = m.fs.write(fh, offset, q.slice(40, size));
        if ((q.u32(20) & FuseKernelAbi.WRITE_KILL_SUIDGID) != 0) {
            long ino = q.nodeId();
            KillPriv.apply(m.fs, ino, m.fs.getattr(ino));
        }
        r.u32(n).u32(0);
    }

    /**
     * FLUSH (every close(2)) is answered ENOSYS, and the kernel then sends no more: a
     * synchronous round trip saved per close. The engine's flush only reports earlier write
     * errors; without the writeback cache those came back with the write itself, with it the
     * kernel reports writeback errors at close on its own (filemap_check_errors). The metadata
     * is committed within a second or at fsync either way.
     */
    void flush(Request q, Reply r) throws FsException {
        throw new FsException(Errno.ENOSYS, "FLUSH is not needed");
    }

    /** fuse_fsync_in: fh@0 fsync_flags@8. */
    void fsync(Request q, Reply r) throws FsException {
        long fh = q.u64(0);
        if (!snapFh(fh)) {
            m.fs.fsync(fh, (q.u32(8) & FuseKernelAbi.FSYNC_FDATASYNC) != 0);
        }
    }

    /** fuse_release_in: fh@0. */
    void release(Request q, Reply r) throws FsException {
        long fh = q.u64(0);
        if (snapFh(fh)) {
            m.snapshots.release(fh);
            return;
        }
        try {
            m.fs.release(fh);
        } finally {
            m.handles.released(fh);
        }
    }

    /** fuse_fallocate_in: fh@0 offset@8 length@16 mode@24. */
    void fallocate(Request q, Reply r) throws FsException {
        long fh = q.u64(0);
        if (snapFh(fh)) {
            throw MountContext.readOnly();
        }
        m.fs.fallocate(fh, q.u32(24), q.u64(8), q.u64(16));
    }
}
