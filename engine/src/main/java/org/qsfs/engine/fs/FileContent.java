package org.qsfs.engine.fs;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.qsfs.engine.cache.BlockCache;
import org.qsfs.engine.cache.CacheFiles;
import org.qsfs.engine.volume.BlockRow;
import org.qsfs.engine.volume.Blocks;
import org.qsfs.engine.volume.Db;
import org.qsfs.engine.volume.Inode;

/**
 * The bytes of regular files as fixed-size blocks: reads, in-place and copy-on-write
 * writes, truncation, holes. Runs inside a volume transaction; a block that must first come
 * from the backends raises {@link BlockCache.NeedFetch} before anything was changed.
 *
 * <p>A block still dirty and referenced once is written in place; any other block (being
 * uploaded, safe, or shared with a kept version) is copied to a new block first, so what
 * is on the backends or in a version never changes.
 */
final class FileContent {
    private final int bs;
    private final Db db;
    private final Blocks blocks;
    private final CacheFiles files;
    private final BlockCache cache;

    FileContent(int blockSize, Db db, Blocks blocks, BlockCache cache) {
        this.bs = blockSize;
        this.db = db;
        this.blocks = blocks;
        this.files = cache.files();
        this.cache = cache;
    }

    int blockSize() {
        return bs;
    }

    /** The most the cache may grow by for a write of {@code len} bytes. */
    long worstGrowth(long len) {
        return len + 2L * bs;
    }

    int read(Inode i, long pos, byte[] buf, int off, int len) throws SQLException, FsException {
        if (pos >= i.size || len == 0) {
            return 0;
        }
        int n = (int) Math.min(len, i.size - pos);
        int done = 0;
        while (done < n) {
            long p = pos + done;
            long idx = p / bs;
            int inOff = (int) (p - idx * bs);
            int cnt = Math.min(n - done, bs - inOff);
            long id = blocks.mapped(i.ino, idx);
            int got = 0;
            if (id >= 0) {
                BlockRow b = blocks.get(id);
                if (inOff < b.len()) {
                    got = cache.read(b, inOff, buf, off + done, Math.min(cnt, b.len() - inOff));
                }
            }
            if (got < cnt) {
                Arrays.fill(buf, off + done + got, off + done + cnt, (byte) 0);
            }
            done += cnt;
        }
        return n;
    }

    /** Blocks after {@code pos} that are not cached: what a sequential reader needs next. */
    List<BlockRow> ahead(Inode i, long pos, int count) throws SQLException {
        List<BlockRow> out = new ArrayList<>();
        long first = pos / bs + 1;
        long last = Math.min((i.size - 1) / bs, first + count - 1);
        for (long idx = first; idx <= last; idx++) {
            long id = blocks.mapped(i.ino, idx);
            if (id >= 0) {
                BlockRow b = blocks.get(id);
                if (!b.cached()) {
                    out.add(b);
                }
            }
        }
        return out;
    }

    void write(Inode i, long pos, byte[] buf, int off, int len, long now) throws SQLException, FsException {
        if (len == 0) {
            return;
        }
        long firstIdx = pos / bs;
        long lastIdx = (pos + len - 1) / bs;
        // First the old content of partly written blocks that must be copied: it may have to
        // be fetched, and nothing may change before that is known.
        byte[] firstOld = oldContent(i.ino, firstIdx, pos, len);
        byte[] lastOld = lastIdx == firstIdx ? firstOld : oldContent(i.ino, lastIdx, pos, len);
        for (long idx = firstIdx; idx <= lastIdx; idx++) {
            long bStart = idx * bs;
            int inOff = (int) Math.max(0, pos - bStart);
            int end = (int) Math.min(bs, pos + len - bStart);
            int src = off + (int) (bStart + inOff - pos);
            long id = blocks.mapped(i.ino, idx);
            if (id < 0) {
                BlockRow nb = newBlock(end, now);
                files.write(nb.id(), inOff, buf, src, end - inOff);
                blocks.map(i.ino, idx, nb);
                i.alloc += end;
                continue;
            }
            BlockRow b = blocks.get(id);
            if (b.mutable() && b.cached()) {
                files.write(b.id(), inOff, buf, src, end - inOff);
                if (end > b.len()) {
                    blocks.setLength(b, end, now);
                    charge(end - b.len());
                    i.alloc += end - b.len();
                } else {
                    blocks.touchModified(b.id(), now);
                }
                continue;
            }
            int newLen = Math.max(b.len(), end);
            byte[] data = new byte[newLen];
            if (inOff > 0 || end < b.len()) {
                byte[] old = idx == firstIdx ? firstOld : idx == lastIdx ? lastOld : cache.readWhole(b);
                System.arraycopy(old, 0, data, 0, Math.min(old.length, newLen));
            }
            System.arraycopy(buf, src, data, inOff, end - inOff);
            BlockRow nb = newBlock(newLen, now);
            files.write(nb.id(), 0, data, 0, newLen);
            blocks.map(i.ino, idx, nb);
            i.alloc += newLen - b.len();
        }
        if (pos + len > i.size) {
            i.size = pos + len;
        }
    }

    /** The old bytes of block {@code idx} when a write covers it only partly and must copy it; else null. */
    private byte[] oldContent(long ino, long idx, long pos, int len) throws SQLException, FsException {
        long id = blocks.mapped(ino, idx);
        if (id < 0) {
            return null;
        }
        BlockRow b = blocks.get(id);
        if (b.mutable() && b.cached()) {
            return null;
        }
        long bStart = idx * bs;
        int inOff = (int) Math.max(0, pos - bStart);
        int end = (int) Math.min(bs, pos + len - bStart);
        if (inOff == 0 && end >= b.len()) {
            return null; // fully overwritten
        }
        return cache.readWhole(b);
    }

    private BlockRow newBlock(int len, long now) throws SQLException {
        BlockRow nb = blocks.create(len, now); // ids are not reused: no file of that name exists
        db.afterRollback(() -> files.delete(nb.id()));
        charge(len);
        return nb;
    }

    private void charge(long bytes) {
        db.afterCommit(() -> cache.limit().charge(bytes));
    }

    /** Sets the size; shrinking really drops the data beyond it. */
    void truncate(Inode i, long size, long now) throws SQLException, FsException {
        if (size < i.size) {
            long idx = size / bs;
            int keep = (int) (size - idx * bs);
            if (keep > 0) {
                long id = blocks.mapped(i.ino, idx);
                if (id >= 0) {
                    BlockRow b = blocks.get(id);
                    if (b.len() > keep) {
                        if (b.mutable() && b.cached()) {
                            files.truncate(b.id(), keep);
                            blocks.setLength(b, keep, now);
                            charge(keep - b.len());
                        } else {
                            byte[] old = cache.readWhole(b);
                            BlockRow nb = newBlock(keep, now);
                            files.write(nb.id(), 0, old, 0, keep);
                            blocks.map(i.ino, idx, nb);
                        }
                        i.alloc -= b.len() - keep;
                    }
                }
                idx++;
            }
            for (long k : blocks.indicesFrom(i.ino, idx)) {
                i.alloc -= blocks.unmap(i.ino, k);
            }
        }
        i.size = size;
    }

    /** Zeroes {@code [pos, pos+len)} and frees the blocks it covers completely. */
    void punchHole(Inode i, long pos, long len, long now) throws SQLException, FsException {
        long end = Math.min(pos + len, i.size);
        if (pos >= end) {
            return;
        }
        long firstFull = (pos + bs - 1) / bs;
        long lastFull = end / bs - 1; // inclusive
        for (long idx = firstFull; idx <= lastFull; idx++) {
            i.alloc -= blocks.unmap(i.ino, idx);
        }
        long headEnd = Math.min(end, firstFull * bs);
        if (pos < headEnd) {
            zero(i, pos, (int) (headEnd - pos), now);
        }
        long tailStart = Math.max(pos, (lastFull + 1) * bs);
        if (tailStart < end && tailStart >= headEnd) {
            zero(i, tailStart, (int) (end - tailStart), now);
        }
    }

    private void zero(Inode i, long pos, int len, long now) throws SQLException, FsException {
        long idx = pos / bs;
        if (blocks.mapped(i.ino, idx) < 0) {
            return; // already a hole
        }
        long size = i.size;
        write(i, pos, new byte[len], 0, len, now);
        i.size = size;
    }
}
