package org.qsfs.engine.fs;

import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.qsfs.engine.cache.BlockCache;
import org.qsfs.engine.cache.CacheFiles;
import org.qsfs.engine.cache.HotBlocks;
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
 * uploaded, safe, or shared with a kept version) is copied to a new block first (cache file
 * to cache file, {@link CacheFiles#copy}), so what is on the backends or in a version never
 * changes. A copy of a block that was being sent or was safe may be held back from the
 * upload queue ({@link HotBlocks}).
 */
final class FileContent {
    /** The largest size a write, truncate or fallocate may give a file. */
    static final long MAX_FILE_SIZE = 1L << 52;

    private final int bs;
    private final Db db;
    private final Blocks blocks;
    private final CacheFiles files;
    private final BlockCache cache;
    private volatile HotBlocks hot;

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

    /** Writes all of {@code data} (its bytes from index 0 to its limit) at {@code pos}. */
    void write(Inode i, long pos, ByteBuffer data, long now) throws SQLException, FsException {
        int len = data.limit();
        if (len == 0) {
            return;
        }
        long firstIdx = pos / bs;
        long lastIdx = (pos + len - 1) / bs;
        // First the partly written blocks that must be copied: they may have to be fetched (or
        // their cached copy verified), and nothing may change before that is known.
        checkCopySource(i.ino, firstIdx, pos, len);
        if (lastIdx != firstIdx) {
            checkCopySource(i.ino, lastIdx, pos, len);
        }
        for (long idx = firstIdx; idx <= lastIdx; idx++) {
            long bStart = idx * bs;
            int inOff = (int) Math.max(0, pos - bStart);
            int end = (int) Math.min(bs, pos + len - bStart);
            int src = (int) (bStart + inOff - pos);
            long id = blocks.mapped(i.ino, idx);
            if (id < 0) {
                BlockRow nb = newBlock(end, now);
                files.write(nb.id(), inOff, data.slice(src, end - inOff));
                blocks.map(i.ino, idx, nb);
                i.alloc += end;
                continue;
            }
            BlockRow b = blocks.get(id);
            if (b.mutable() && b.cached()) {
                files.write(b.id(), inOff, data.slice(src, end - inOff));
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
            // a block rewritten soon after it was sent is held back from the next upload
            long hold = hot != null && b.state() != BlockRow.DIRTY ? hot.copied(i.ino, idx, now) : 0;
            BlockRow nb = newBlock(newLen, now, hold == 0 ? 0 : now + hold);
            if (inOff > 0 || end < b.len()) {
                // file to file in the kernel, no trip through the heap; past the old end: a hole (zeros)
                copyBlock(b, nb.id(), Math.min(newLen, b.len()));
            }
            files.write(nb.id(), inOff, data.slice(src, end - inOff));
            blocks.map(i.ino, idx, nb);
            i.alloc += newLen - b.len();
        }
        if (pos + len > i.size) {
            i.size = pos + len;
        }
    }

    /**
     * When a write covers block {@code idx} only partly and must copy it: makes sure its cached
     * copy can be copied (raises {@link BlockCache.NeedFetch} when it must be fetched, or was
     * found bad and must be fetched again).
     */
    private void checkCopySource(long ino, long idx, long pos, int len) throws SQLException, FsException {
        long id = blocks.mapped(ino, idx);
        if (id < 0) {
            return;
        }
        BlockRow b = blocks.get(id);
        if (b.mutable() && b.cached()) {
            return;
        }
        long bStart = idx * bs;
        int inOff = (int) Math.max(0, pos - bStart);
        int end = (int) Math.min(bs, pos + len - bStart);
        if (inOff == 0 && end >= b.len()) {
            return; // fully overwritten
        }
        cache.checkReadable(b);
    }

    /**
     * Fills the new block file {@code to} with the first {@code len} bytes of block {@code b}
     * (zeros past its end), file to file. The source was checked by {@link #checkCopySource}
     * (or is checked here, for blocks between the first and the last of a write).
     */
    private void copyBlock(BlockRow b, long to, int len) throws FsException {
        cache.checkReadable(b);
        int n = Math.min(len, b.len());
        long got = files.copy(b.id(), to, n);
        if (got < len) {
            // a dirty block whose bytes never reached the disk before a crash reads as zeros:
            // the new file still gets its full length (an upload reads the whole block)
            byte[] zeros = new byte[(int) (len - got)];
            files.write(to, got, zeros, 0, zeros.length);
        }
        cache.touch(b.id());
    }

    /** Holds copies of hot blocks back from the upload queue (null: no uploads, no holds). */
    void setHotBlocks(HotBlocks h) {
        this.hot = h;
    }

    private BlockRow newBlock(int len, long now) throws SQLException {
        return newBlock(len, now, 0);
    }

    private BlockRow newBlock(int len, long now, long notBefore) throws SQLException {
        BlockRow nb = blocks.create(len, now, notBefore); // ids are not reused: no file of that name exists
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
                            cache.checkReadable(b);
                            BlockRow nb = newBlock(keep, now);
                            copyBlock(b, nb.id(), keep);
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
        write(i, pos, ByteBuffer.allocate(len), now);
        i.size = size;
    }
}
