package org.qsfs.engine.fs;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.qsfs.engine.volume.BlockRow;
import org.qsfs.engine.volume.Inode;

/**
 * Reads through a handle: cached blocks without the volume lock, the rest in a transaction,
 * and prefetch ahead of a sequential reader.
 */
final class ReadOps {
    private final FsContext ctx;

    ReadOps(FsContext ctx) {
        this.ctx = ctx;
    }

    int read(long fh, long offset, byte[] buf, int bufOff, int len) throws FsException {
        if (len < 0) {
            throw new FsException(Errno.EINVAL, "negative length");
        }
        return read(fh, offset, ByteBuffer.wrap(buf, bufOff, len));
    }

    /**
     * Reads up to {@code dst.remaining()} bytes at {@code offset} into {@code dst}, advancing
     * its position. A direct {@code dst} (the FUSE reply) gets cached blocks straight from the
     * page cache: no copy through the heap.
     */
    int read(long fh, long offset, ByteBuffer dst) throws FsException {
        Handles.Handle h = ctx.handles.get(fh);
        if (!h.readable()) {
            throw new FsException(Errno.EBADF, "handle not open for reading");
        }
        if (offset < 0) {
            throw new FsException(Errno.EINVAL, "negative offset");
        }
        int start = dst.position();
        int n = fastRead(h.ino, offset, dst);
        if (n < 0) {
            dst.position(start);
            n = slowRead(h, offset, dst);
        }
        if (ctx.prefetchBlocks > 0 && n > 0 && h.lastReadEnd == offset) {
            long blockOfEnd = (offset + n - 1) / ctx.content.blockSize();
            if (blockOfEnd != h.prefetchedFrom) {
                h.prefetchedFrom = blockOfEnd; // once per block, not on every read of it
                prefetchAfter(h.ino, offset + n);
            }
        }
        h.lastReadEnd = offset + n;
        return n;
    }

    /**
     * A read of cached blocks without the volume lock or the database: the inode, the map and
     * the block rows come from the in-memory caches, and a safe block's copy read for the first
     * time is checked here too. Returns -1 when the locked path must run (something not cached,
     * a copy that fails its checksum, a block evicted or changed during the read); {@code dst}'s
     * position is then undefined.
     */
    private int fastRead(long ino, long offset, ByteBuffer dst) throws FsException {
        Inode i = ctx.t.inodes.peek(ino);
        if (i == null || i.type != FileType.REGULAR) {
            return -1;
        }
        int len = dst.remaining();
        if (offset >= i.size || len == 0) {
            return 0;
        }
        int bs = ctx.content.blockSize();
        int n = (int) Math.min(len, i.size - offset);
        int done = 0;
        int fetches = 0;
        while (done < n) {
            long p = offset + done;
            long idx = p / bs;
            int inOff = (int) (p - idx * bs);
            int cnt = Math.min(n - done, bs - inOff);
            Long id = ctx.t.blocks.peekMapped(ino, idx);
            if (id == null) {
                return -1;
            }
            int got = 0;
            if (id >= 0) {
                BlockRow b = ctx.t.blocks.peek(id);
                if (b == null) {
                    return -1;
                }
                if (!b.cached()) {
                    if (fetches++ > 2) {
                        return -1;
                    }
                    ctx.cache.fetch(b);
                    continue; // the row changed: look again
                }
                if (inOff < b.len()) {
                    int want = Math.min(cnt, b.len() - inOff);
                    ByteBuffer into = dst.slice(dst.position(), want);
                    try {
                        if (ctx.cache.needsCheck(b)) {
                            // the first read of a safe block's copy checks it, here without the lock;
                            // a copy that fails goes to the locked path, which drops and fetches it
                            got = ctx.cache.readVerifying(b, inOff, into);
                            if (got < 0) {
                                return -1;
                            }
                        } else {
                            got = ctx.cache.files().read(b.id(), inOff, into);
                        }
                    } catch (FsException e) {
                        return -1; // the locked path reports a real error
                    }
                    if (ctx.t.blocks.peek(id) != b) {
                        return -1; // evicted, dropped or rewritten meanwhile
                    }
                    ctx.cache.touch(b.id());
                }
            }
            dst.position(dst.position() + got);
            if (got < cnt) {
                zeros(dst, cnt - got);
            }
            done += cnt;
        }
        return n;
    }

    private static final byte[] ZEROS = new byte[64 * 1024];

    /** Puts {@code n} zero bytes: a hole, or a block shorter than the block size. */
    private static void zeros(ByteBuffer dst, int n) {
        for (int left = n; left > 0; left -= ZEROS.length) {
            dst.put(ZEROS, 0, Math.min(left, ZEROS.length));
        }
    }

    /** Starts fetching the blocks after {@code end} that a sequential reader needs next. */
    private void prefetchAfter(long ino, long end) throws FsException {
        Inode i = ctx.t.inodes.peek(ino);
        int bs = ctx.content.blockSize();
        List<BlockRow> next = null;
        if (i != null) {
            long first = (end - 1) / bs + 1;
            long last = Math.min((i.size - 1) / bs, first + ctx.prefetchBlocks - 1);
            for (long idx = first; idx <= last; idx++) {
                Long id = ctx.t.blocks.peekMapped(ino, idx);
                BlockRow b = id == null ? null : id < 0 ? null : ctx.t.blocks.peek(id);
                if (id == null || (id >= 0 && b == null)) {
                    next = null;
                    break; // not all cached in memory: ask the tables
                }
                if (b != null && !b.cached()) {
                    if (next == null) {
                        next = new ArrayList<>();
                    }
                    next.add(b);
                } else if (idx == last && next == null) {
                    return; // everything ahead is cached
                }
            }
            if (next != null) {
                ctx.cache.prefetch(next, i.size);
                return;
            }
        }
        long[] size = {0};
        List<BlockRow> ahead = ctx.db.read(() -> {
            Inode cur = ctx.t.inodes.get(ino);
            if (cur == null) {
                return List.<BlockRow>of();
            }
            size[0] = cur.size;
            return ctx.content.ahead(cur, end - 1, ctx.prefetchBlocks);
        });
        ctx.cache.prefetch(ahead, size[0]);
    }

    private int slowRead(Handles.Handle h, long offset, ByteBuffer dst) throws FsException {
        int len = dst.remaining();
        byte[] buf = dst.hasArray() ? dst.array() : new byte[len];
        int off = dst.hasArray() ? dst.arrayOffset() + dst.position() : 0;
        int n = ctx.withFetch(() -> {
            Inode i = ctx.t.inodes.get(h.ino);
            if (i == null) {
                throw new FsException(Errno.EBADF, "the file is gone");
            }
            if (i.isDir()) {
                throw new FsException(Errno.EISDIR, "read of a directory");
            }
            return ctx.content.read(i, offset, buf, off, len);
        });
        if (dst.hasArray()) {
            dst.position(dst.position() + n);
        } else {
            dst.put(buf, 0, n);
        }
        return n;
    }
}
