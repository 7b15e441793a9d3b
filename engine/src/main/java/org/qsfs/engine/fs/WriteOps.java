package org.qsfs.engine.fs;

import java.nio.ByteBuffer;
import org.qsfs.engine.volume.Inode;

/**
 * Writes through a handle: within a writing session the transaction-free paths of
 * {@link FastWrites} first, else a transaction that starts the session (keeping a version);
 * and fallocate.
 */
final class WriteOps {
    private final FsContext ctx;
    private final FastWrites fast;

    WriteOps(FsContext ctx) {
        this.ctx = ctx;
        this.fast = new FastWrites(ctx);
    }

    int write(long fh, long offset, byte[] buf, int bufOff, int len) throws FsException {
        Handles.Handle h = writableChecked(fh, offset, len);
        return len == 0 ? 0 : write(h, offset, ByteBuffer.wrap(buf, bufOff, len).slice());
    }

    /** The bytes of {@code src} from its position to its limit (a direct buffer is not copied). */
    int write(long fh, long offset, ByteBuffer src) throws FsException {
        int len = src.remaining();
        Handles.Handle h = writableChecked(fh, offset, len);
        return len == 0 ? 0 : write(h, offset, src.slice());
    }

    private Handles.Handle writableChecked(long fh, long offset, int len) throws FsException {
        Handles.Handle h = ctx.handles.get(fh);
        if (!h.writable()) {
            throw new FsException(Errno.EBADF, "handle not open for writing");
        }
        if (offset < 0 || len < 0) {
            throw new FsException(Errno.EINVAL, "negative offset or length");
        }
        return h;
    }

    /** Writes all of {@code data} (position 0, nothing else uses it: its indexes are the write's). */
    private int write(Handles.Handle h, long offset, ByteBuffer data) throws FsException {
        int len = data.remaining();
        if (offset + len > FileContent.MAX_FILE_SIZE) {
            throw new FsException(Errno.EFBIG, "file too large");
        }
        long reserve = ctx.content.worstGrowth(len);
        ctx.cache.reserve(reserve);
        try {
            if (h.session) {
                int n;
                try {
                    n = fast.write(h, offset, data);
                } catch (FsException e) {
                    if (e.errno() != Errno.ENOSPC || !ctx.deletionsPending()) {
                        throw e;
                    }
                    ctx.freeDeleted(); // files of deleted blocks go at the next commit: commit now, then the slow path
                    n = -1;
                }
                if (n >= 0) {
                    return n;
                }
            }
            return ctx.withFetch(() -> {
                Inode i = ctx.t.inodes.get(h.ino);
                if (i == null) {
                    throw new FsException(Errno.EBADF, "the file is gone");
                }
                long now = Clock.nowNs();
                boolean start = !h.session;
                if (start) {
                    ctx.keeper.beforeChange(i, now);
                } else {
                    i.vstate = Inode.CHANGED;
                }
                long pos = h.append() ? i.size : offset;
                ctx.content.write(i, pos, data, now);
                i.mtime = i.ctime = now;
                ctx.t.inodes.put(i);
                if (start) {
                    ctx.db.afterCommit(() -> h.session = true);
                }
                return len;
            });
        } finally {
            ctx.cache.unreserve(reserve);
        }
    }

    void fallocate(long fh, int mode, long offset, long length) throws FsException {
        Handles.Handle h = ctx.handles.get(fh);
        if (!h.writable()) {
            throw new FsException(Errno.EBADF, "handle not open for writing");
        }
        if (offset < 0 || length <= 0) {
            throw new FsException(Errno.EINVAL, "bad range");
        }
        boolean keepSize = (mode & OpenFlags.FALLOC_FL_KEEP_SIZE) != 0;
        boolean punch = (mode & OpenFlags.FALLOC_FL_PUNCH_HOLE) != 0;
        if ((mode & ~(OpenFlags.FALLOC_FL_KEEP_SIZE | OpenFlags.FALLOC_FL_PUNCH_HOLE)) != 0 || (punch && !keepSize)) {
            throw new FsException(Errno.ENOTSUP, "fallocate mode " + mode + " is not supported");
        }
        if (offset + length > FileContent.MAX_FILE_SIZE) {
            throw new FsException(Errno.EFBIG, "file too large");
        }
        long reserve = punch ? 2L * ctx.content.blockSize() : 0;
        if (reserve > 0) {
            ctx.cache.reserve(reserve);
        }
        try {
            ctx.withFetch(() -> {
                Inode i = ctx.t.inodes.get(h.ino);
                long now = Clock.nowNs();
                if (punch) {
                    if (!h.session) {
                        ctx.keeper.beforeChange(i, now);
                        ctx.db.afterCommit(() -> h.session = true);
                    }
                    ctx.content.punchHole(i, offset, length, now);
                    i.mtime = i.ctime = now;
                    ctx.t.inodes.put(i);
                } else if (!keepSize && offset + length > i.size) {
                    // space is not reserved ahead in a cache; the size is what callers rely on
                    i.size = offset + length;
                    i.mtime = i.ctime = now;
                    i.vstate = Inode.CHANGED;
                    ctx.t.inodes.put(i);
                }
                return null;
            });
        } finally {
            if (reserve > 0) {
                ctx.cache.unreserve(reserve);
            }
        }
    }
}
