package org.qsfs.engine.fs;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.qsfs.engine.volume.BlockRow;
import org.qsfs.engine.volume.Inode;

/**
 * The writes of a writing session that take no transaction: into dirty blocks in place, and
 * into new blocks beyond the end of the file (their files written without the volume lock
 * when the write is large). Their rows, sizes and times stay in memory until the write-back.
 */
final class FastWrites {
    private static final int NOT_NEW = -2;
    /**
     * Writes from this size on make their new blocks without the lock; a smaller write's pwrite
     * costs less than taking the lock a second time (4 KiB into a new small file: one lock).
     */
    static final int UNLOCKED_WRITE_MIN = 64 * 1024;

    private final FsContext ctx;

    FastWrites(FsContext ctx) {
        this.ctx = ctx;
    }

    /**
     * A write that only changes dirty blocks in place (the common case of a file being written):
     * the bytes go to the blocks' cache files and the new size, times and block lengths stay in
     * memory until the next call that uses the tables, the next group commit or an fsync.
     * Returns -1 when the transactional path must run (a new block, a block to copy, an
     * uncached row). Under the volume lock, so an upload cannot take a block half written.
     * {@code data}: the bytes, from index 0 to its limit.
     */
    int write(Handles.Handle h, long offset, ByteBuffer data) throws FsException {
        int len = data.limit();
        // a hint without the lock (the map is concurrent): a write whose first block is already
        // mapped is not "wholly in new blocks", so skip the extra pass through the lock (most
        // writes of a sequential writer land in the block the previous write made)
        Long firstMapped = h.append() ? null : ctx.t.blocks.peekMapped(h.ino, offset / ctx.content.blockSize());
        if (!h.append() && len >= UNLOCKED_WRITE_MIN && (firstMapped == null || firstMapped < 0)) {
            int n = newBlocksWrite(h, offset, data);
            if (n != NOT_NEW) {
                return n;
            }
        }
        java.util.concurrent.locks.ReentrantLock lock = ctx.db.lock();
        lock.lock();
        try {
            Inode cur = ctx.t.inodes.peek(h.ino);
            if (cur == null || cur.type != FileType.REGULAR) {
                return -1;
            }
            long pos = h.append() ? cur.size : offset;
            if (pos + len > FileContent.MAX_FILE_SIZE) {
                return -1;
            }
            int bs = ctx.content.blockSize();
            long first = pos / bs;
            long last = (pos + len - 1) / bs;
            if (last - first >= 16) {
                return -1;
            }
            for (long idx = first; idx <= last; idx++) {
                Long id = ctx.t.blocks.peekMapped(h.ino, idx);
                if (id == null || id < 0) {
                    // no block mapped yet: a new one is made here when the index lies wholly beyond
                    // the end of the file (no block is ever mapped there: truncate unmaps them)
                    if ((id == null || id == org.qsfs.engine.volume.Blocks.HOLE) && idx * (long) bs >= cur.size) {
                        continue;
                    }
                    return -1;
                }
                BlockRow b = ctx.t.blocks.peek(id);
                if (b == null || !b.mutable() || !b.cached()) {
                    return -1;
                }
            }
            long now = Clock.nowNs();
            Inode n = cur.copy();
            List<Long> made = null;
            boolean ok = false;
            try {
            for (long idx = first; idx <= last; idx++) {
                long bStart = idx * bs;
                int inOff = (int) Math.max(0, pos - bStart);
                int end = (int) Math.min(bs, pos + len - bStart);
                int src = (int) (bStart + inOff - pos);
                Long mapped = ctx.t.blocks.peekMapped(h.ino, idx);
                if (mapped == null || mapped < 0) {
                    // a new block: its file first (made ahead, usually), then the row, in memory
                    // until the next write-back; no transaction
                    long id = ctx.t.blocks.takeId();
                    try {
                        ctx.cache.files().write(id, inOff, data.slice(src, end - inOff));
                    } catch (FsException e) {
                        ctx.cache.files().delete(id);
                        throw e;
                    }
                    ctx.t.blocks.createLater(id, h.ino, idx, end, now);
                    ctx.cache.limit().charge(end);
                    if (made == null) {
                        made = new ArrayList<>();
                    }
                    made.add(id);
                    n.alloc += end;
                    continue;
                }
                BlockRow b = ctx.t.blocks.peek(mapped);
                ctx.cache.files().write(b.id(), inOff, data.slice(src, end - inOff));
                if (end > b.len()) {
                    ctx.cache.limit().charge(end - b.len());
                    n.alloc += end - b.len();
                }
                ctx.t.blocks.writtenLater(b, Math.max(end, b.len()), now);
            }
            written(n, pos + len, now);
            ok = true;
            return len;
            } finally {
                if (!ok && made != null) {
                    // a later block failed (a full disk): the blocks made here go again, so no block
                    // is left mapped beyond the end of the file
                    for (long id : made) {
                        int l = ctx.t.blocks.dropLater(id);
                        ctx.cache.files().delete(id);
                        ctx.cache.limit().charge(-l);
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * A write wholly beyond the end of the file, into indexes with no block (appends, a
     * sequential write): the new blocks' files are written without the volume lock, so the
     * other writers and readers do not wait behind a 1 MiB pwrite. Under the lock, briefly, the
     * indexes are claimed ({@link org.qsfs.engine.volume.Blocks#claim}) and ids taken; the files
     * are written (nobody else knows these ids: no reader, upload, truncate or copy can see
     * them); under the lock again the claims are checked (nothing mapped those indexes
     * meanwhile: a transactional write, a restore, a truncate that unmapped) and the blocks,
     * the size and the times are published as on the locked path. A claim spoiled, or the file
     * gone, drops the files and returns -1 (the transactional path redoes the write). Writes
     * that finish out of order each publish their own blocks: the size only grows to the
     * furthest end. A crash before publishing leaves only orphan files (no row names them).
     * Returns {@link #NOT_NEW} when the write is not of this kind (the locked fast path then runs).
     */
    private int newBlocksWrite(Handles.Handle h, long offset, ByteBuffer data) throws FsException {
        int len = data.limit();
        int bs = ctx.content.blockSize();
        long first = offset / bs;
        long last = (offset + len - 1) / bs;
        if (last - first >= 16 || offset + len > FileContent.MAX_FILE_SIZE) {
            return NOT_NEW;
        }
        int count = (int) (last - first + 1);
        long[] ids = new long[count];
        int claimed = 0;
        java.util.concurrent.locks.ReentrantLock lock = ctx.db.lock();
        lock.lock();
        try {
            Inode cur = ctx.t.inodes.peek(h.ino);
            if (cur == null || cur.type != FileType.REGULAR) {
                return NOT_NEW;
            }
            for (long idx = first; idx <= last; idx++) {
                Long id = ctx.t.blocks.peekMapped(h.ino, idx);
                // no block is ever mapped wholly beyond the end of a file (truncate unmaps them)
                if ((id != null && id != org.qsfs.engine.volume.Blocks.HOLE) || idx * (long) bs < cur.size) {
                    return NOT_NEW;
                }
            }
            for (; claimed < count; claimed++) {
                if (!ctx.t.blocks.claim(h.ino, first + claimed)) {
                    break; // another write is making that block: the locked path
                }
            }
            if (claimed < count) {
                for (int k = 0; k < claimed; k++) {
                    ctx.t.blocks.release(h.ino, first + k);
                }
                return NOT_NEW;
            }
            for (int k = 0; k < count; k++) {
                ids[k] = ctx.t.blocks.takeId();
            }
        } finally {
            lock.unlock();
        }
        boolean published = false;
        boolean released = false;
        try {
            for (int k = 0; k < count; k++) {
                long bStart = (first + k) * bs;
                int inOff = (int) Math.max(0, offset - bStart);
                int end = (int) Math.min(bs, offset + len - bStart);
                ctx.cache.files().write(ids[k], inOff, data.slice((int) (bStart + inOff - offset), end - inOff));
            }
            lock.lock();
            try {
                boolean valid = true;
                for (int k = 0; k < count; k++) {
                    valid &= ctx.t.blocks.release(h.ino, first + k);
                }
                released = true;
                Inode cur = ctx.t.inodes.peek(h.ino);
                if (!valid || cur == null || cur.type != FileType.REGULAR) {
                    return -1; // something changed those indexes meanwhile: the transactional path
                }
                long now = Clock.nowNs();
                Inode n = cur.copy();
                for (int k = 0; k < count; k++) {
                    long bStart = (first + k) * bs;
                    int end = (int) Math.min(bs, offset + len - bStart);
                    ctx.t.blocks.createLater(ids[k], h.ino, first + k, end, now);
                    ctx.cache.limit().charge(end);
                    n.alloc += end;
                }
                written(n, offset + len, now);
                published = true;
                return len;
            } finally {
                lock.unlock();
            }
        } finally {
            if (!released) {
                lock.lock();
                try {
                    for (int k = 0; k < count; k++) {
                        ctx.t.blocks.release(h.ino, first + k);
                    }
                } finally {
                    lock.unlock();
                }
            }
            if (!published) {
                for (long id : ids) {
                    ctx.cache.files().delete(id); // ids are never reused: no block names these files
                }
            }
        }
    }

    /** Inode {@code n} after a write that ends at {@code end}: its size, times and "changed since the last version" (kept in memory, written at the commit). */
    private void written(Inode n, long end, long now) {
        if (end > n.size) {
            n.size = end;
        }
        n.mtime = n.ctime = now;
        n.vstate = Inode.CHANGED;
        ctx.t.inodes.putLater(n);
    }
}
