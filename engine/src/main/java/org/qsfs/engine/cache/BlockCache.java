package org.qsfs.engine.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import org.qsfs.engine.fs.Errno;
import org.qsfs.engine.fs.FsException;
import org.qsfs.engine.volume.BlockRow;
import org.qsfs.engine.volume.Blocks;
import org.qsfs.engine.volume.Db;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded read-write cache of plaintext blocks: the files ({@link CacheFiles}), their
 * index (the block table) and the budget ({@link CacheLimit}). Evicts safe blocks, never dirty
 * ones: first those unused for {@link #STALE_AFTER_MS}, then blocks that bulk reads fetched
 * and read once ({@link BulkReadBlocks}), then the least recently used. Fetches misses from
 * the backends, verifies cached copies of safe blocks against their checksum once per open (a
 * bad copy is dropped and fetched again), and prefetches ahead of sequential reads.
 */
public final class BlockCache implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BlockCache.class);
    /**
     * Blocks unused this long are outside the working set: evicted before a bulk read reuses
     * its own blocks (else a bulk read could never displace data nobody uses any more).
     */
    static final long STALE_AFTER_MS = 10 * 60_000L;
    /** How long after its first read a bulk read's block must be read again to count as in use. */
    static final long REREAD_AFTER_MS = 1_000L;
    /** Eviction candidates asked for at once, from each source. */
    private static final int VICTIM_BATCH = 256;

    private final Db db;
    private final Blocks blocks;
    private final CacheFiles files;
    private final CacheLimit limit;
    private final BlockBackend backend;
    private final Map<Long, Long> touched = new ConcurrentHashMap<>();
    private final Set<Long> verified = ConcurrentHashMap.newKeySet();
    private final Set<Long> fetching = ConcurrentHashMap.newKeySet();
    /** Blocks marked safe by calls not committed yet: not evicted until they are ({@link #markedSafe}). */
    private final Set<Long> safeNotCommitted = ConcurrentHashMap.newKeySet();
    private final BulkReadBlocks bulk = new BulkReadBlocks(REREAD_AFTER_MS);
    private final AtomicLong fetched = new AtomicLong();
    /** Prefetches submitted and not yet finished (a sequential reader asks again on every read). */
    private final Set<Long> queued = ConcurrentHashMap.newKeySet();
    private final Object fetchDone = new Object();
    private final ExecutorService prefetcher;
    private volatile Runnable pressure = () -> { };

    public BlockCache(Db db, Blocks blocks, CacheFiles files, CacheLimit limit, BlockBackend backend,
            int prefetchThreads) {
        this.db = db;
        this.blocks = blocks;
        this.files = files;
        this.limit = limit;
        this.backend = backend;
        this.prefetcher = Executors.newFixedThreadPool(Math.max(1, prefetchThreads), r -> {
            Thread t = new Thread(r, "qsfs-prefetch");
            t.setDaemon(true);
            return t;
        });
        blocks.setListener((id, len, cached) -> {
            if (cached) {
                db.afterCommit(() -> {
                    verified.remove(id);
                    bulk.forget(id);
                    limit.charge(-len);
                });
                // a crash before the commit brings the row back: its file must still be there
                // (in the background: the row is gone, so no file of that name is written again)
                db.afterDurable(() -> files.deleteLater(id));
            }
        });
    }

    /** Whether block {@code id}'s cached copy counts as checked (tests). */
    boolean isVerified(long id) {
        return verified.contains(id);
    }

    /** The volume's database (tests: whether the volume lock is held). */
    Db db() {
        return db;
    }

    public CacheFiles files() {
        return files;
    }

    public CacheLimit limit() {
        return limit;
    }

    /** Called when writers wait for space: the upload queue stops waiting for blocks to settle. */
    public void onPressure(Runnable r) {
        this.pressure = r;
    }

    /** Reserves room for an operation that may add {@code bytes}; may wait. Not with the volume lock held. */
    public void reserve(long bytes) throws FsException {
        if (db.heldByCurrentThread()) {
            throw new IllegalStateException("reserving cache space while holding the volume lock would deadlock");
        }
        try {
            limit.reserve(bytes, this::evict, pressure);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FsException(Errno.EIO, "interrupted while waiting for cache space");
        }
    }

    public void unreserve(long bytes) {
        limit.unreserve(bytes);
    }

    /** Records a read of block {@code id} (written to the index lazily). */
    public void touch(long id) {
        long now = System.currentTimeMillis();
        touched.put(id, now);
        bulk.read(id, now);
    }

    /** Blocks fetched from the backends since open. */
    public long fetchedBlocks() {
        return fetched.get();
    }

    /**
     * Evicts safe blocks until {@code wanted} bytes are freed: stale ones (unused for {@link
     * #STALE_AFTER_MS}) oldest first, then bulk reads' blocks read once ({@link
     * BulkReadBlocks#recyclable}), then the least recently used.
     */
    public long evict(long wanted) throws FsException {
        long freed = evictOnce(wanted);
        if (freed < wanted && !safeNotCommitted.isEmpty()) {
            // the rest is safe only in the open group transaction: commit it, then evict a good
            // share at once (a commit per block evicted would cost a large write its speed)
            db.commitNow();
            freed += evictOnce(Math.max(wanted - freed, limit.limit() / 32));
        }
        return freed;
    }

    /**
     * Block {@code id} was marked safe in the current call (the upload queue, under the lock): its
     * file is not evicted until that is committed. Evicted sooner, a kill before the commit would
     * bring its row back as not safe with its only copy deleted, and it would be sent as zeros
     * (CrashTest lost fsync'ed blocks that way once uploads waited while the writer was busy).
     * {@code checksummedFromFile}: the uploader computed its checksum from this file in this
     * process, so its cached copy counts as checked (from the end of the call, before anyone can
     * see the block safe: a drain, a reader).
     */
    public void markedSafe(long id, boolean checksummedFromFile) {
        safeNotCommitted.add(id);
        db.afterDurable(() -> safeNotCommitted.remove(id));
        db.afterRollback(() -> safeNotCommitted.remove(id));
        if (checksummedFromFile) {
            db.afterCommit(() -> verified.add(id));
        }
    }

    private long evictOnce(long wanted) throws FsException {
        // victims are claimed in 'fetching' until their files are gone: a fetch of the same block
        // meanwhile would write a file that this eviction then deletes under a row saying cached
        Victims v = new Victims(wanted);
        List<BlockRow> victims = List.of();
        long freed = 0;
        try {
            victims = db.tx(() -> {
                flushAtimes();
                long now = System.currentTimeMillis();
                if (!claim(blocks.evictableBefore(now - STALE_AFTER_MS, VICTIM_BATCH), v, now)
                        && !claim(recyclableRows(), v, now)) {
                    claim(blocks.evictable(VICTIM_BATCH), v, now);
                }
                return v.rows;
            });
            for (BlockRow b : victims) {
                files.delete(b.id());
                verified.remove(b.id());
                bulk.forget(b.id());
                limit.charge(-b.len());
                freed += b.len();
            }
        } finally {
            for (Long id : v.claimed) {
                fetching.remove(id);
            }
            if (!v.claimed.isEmpty()) {
                signalFetched();
            }
        }
        if (freed > 0) {
            log.debug("evicted {} blocks, {} bytes", victims.size(), freed);
        }
        return freed;
    }

    /** The victims of one eviction: claimed in {@code fetching}, and the bytes they free. */
    private static final class Victims {
        final long wanted;
        final List<BlockRow> rows = new ArrayList<>();
        final List<Long> claimed = new ArrayList<>();
        long bytes;

        Victims(long wanted) {
            this.wanted = wanted;
        }

        boolean enough() {
            return bytes >= wanted && !rows.isEmpty();
        }
    }

    /** Claims candidates in order until {@code v} is enough; returns whether it is. */
    private boolean claim(List<BlockRow> candidates, Victims v, long now) throws SQLException {
        for (BlockRow b : candidates) {
            if (v.enough()) {
                break;
            }
            if (safeNotCommitted.contains(b.id())) {
                continue; // safe only in the open group transaction (see markedSafe)
            }
            if (!fetching.add(b.id())) {
                continue; // being fetched, or already a victim of this eviction
            }
            v.claimed.add(b.id());
            blocks.setCached(b.id(), false, null, now);
            v.rows.add(b);
            v.bytes += b.len();
        }
        return v.enough();
    }

    /** The rows of bulk reads' recyclable blocks that are still cached and safe. */
    private List<BlockRow> recyclableRows() throws SQLException {
        List<BlockRow> out = new ArrayList<>();
        for (long id : bulk.recyclable(VICTIM_BATCH)) {
            BlockRow b = blocks.get(id);
            if (b != null && b.cached() && b.state() == BlockRow.SAFE) {
                out.add(b);
            } else {
                bulk.forget(id);
            }
        }
        return out;
    }

    private void flushAtimes() throws SQLException {
        if (touched.isEmpty()) {
            return;
        }
        for (Map.Entry<Long, Long> e : touched.entrySet()) {
            blocks.setAtime(e.getKey(), e.getValue());
        }
        touched.clear();
    }

    /** Whether a read of this cached block must first verify the copy (a safe block not checked since open). */
    public boolean needsCheck(BlockRow b) {
        return b.state() == BlockRow.SAFE && b.crc() != null && !verified.contains(b.id());
    }

    /**
     * Reads {@code len} bytes at {@code pos} of a cached block, under the volume lock. A safe
     * block's copy not yet verified raises {@link NeedFetch} (the caller rolls back and {@link
     * #resolve} checks it without the lock: a bad copy is dropped and fetched again).
     */
    public int read(BlockRow b, int pos, byte[] buf, int off, int len) throws FsException {
        checkReadable(b);
        touch(b.id());
        return files.read(b.id(), pos, buf, off, len);
    }

    /** Per reader thread: the whole block, for the first read of part of a block to verify. */
    private static final ThreadLocal<byte[]> SCRATCH = new ThreadLocal<>();

    private static byte[] scratch(int len) {
        byte[] all = SCRATCH.get();
        if (all == null || all.length < len) {
            all = new byte[len];
            SCRATCH.set(all);
        }
        return all;
    }

    /**
     * The first read of a safe block's cached copy, which checks the copy against its checksum
     * with one read of the file and no lock: a request for the whole block is read straight
     * into {@code dst} and checked there; part of a block reads the whole file into a per-thread
     * buffer and copies the range from it. Returns the bytes of the range, put into {@code dst}
     * (as {@link CacheFiles#read}), or -1 when the copy does not match (or is short): the caller
     * then takes the locked path, which checks again and drops a bad copy ({@link
     * #checkReadable}). A match counts the block as verified; the id names one content forever,
     * so a match says the copy is good whatever happens to the row meanwhile.
     */
    public int readVerifying(BlockRow b, int pos, ByteBuffer dst) throws FsException {
        int bl = b.len();
        if (pos == 0 && dst.remaining() >= bl) {
            ByteBuffer whole = dst.slice(dst.position(), bl);
            int n = files.read(b.id(), 0, whole);
            if (n != bl || crc(whole.flip()) != b.crc()) {
                return -1;
            }
            verified.add(b.id());
            dst.position(dst.position() + n);
            return n;
        }
        byte[] all = scratch(bl);
        int n = files.read(b.id(), 0, all, 0, bl);
        if (n != bl || crc(all, 0, bl) != b.crc()) {
            return -1;
        }
        verified.add(b.id());
        int cnt = Math.max(0, Math.min(dst.remaining(), bl - pos));
        dst.put(all, pos, cnt);
        return cnt;
    }

    /**
     * Makes sure the cached copy of {@code b} may be read or copied, under the volume lock:
     * {@link NeedFetch} when it is not cached, or is a safe block's copy not checked against its
     * checksum yet (once per open, unless the uploader computed it from this file): the check
     * then runs in {@link #resolve}, outside the lock, so readers of other blocks do not wait
     * behind a 1 MiB read and its checksum.
     */
    public void checkReadable(BlockRow b) throws FsException {
        if (!b.cached()) {
            throw new NeedFetch(b, false);
        }
        if (needsCheck(b)) {
            throw new NeedFetch(b, false, true);
        }
    }

    /** Checks a safe block's cached copy without the volume lock; true when it matches (then verified). */
    private boolean verifyCopy(BlockRow b) throws FsException {
        if (b.crc() == null || verified.contains(b.id())) {
            return true;
        }
        byte[] all = scratch(b.len());
        int n = files.read(b.id(), 0, all, 0, b.len());
        if (n != b.len() || crc(all, 0, n) != b.crc()) {
            return false;
        }
        verified.add(b.id());
        return true;
    }

    /** The whole plaintext of a cached block (for copy-on-write), verified like {@link #read}. */
    public byte[] readWhole(BlockRow b) throws FsException {
        byte[] out = new byte[b.len()];
        int n = read(b, 0, out, 0, b.len());
        if (n < b.len()) {
            java.util.Arrays.fill(out, n, b.len(), (byte) 0);
        }
        return out;
    }

    /** Drops a cached copy that failed its checksum. Not with the volume lock held. */
    private void dropCopy(BlockRow b) throws FsException {
        boolean dropped = db.tx(() -> {
            BlockRow now = blocks.get(b.id());
            if (now == null || !now.cached()) {
                return false;
            }
            blocks.setCached(b.id(), false, null, System.currentTimeMillis());
            return true;
        });
        if (dropped) {
            files.delete(b.id());
            verified.remove(b.id());
            bulk.forget(b.id());
            limit.charge(-b.len());
        }
    }

    /**
     * Thrown inside a volume transaction when a block must first be fetched (or a bad cached
     * copy replaced): the caller rolls back, calls {@link #resolve}, and retries.
     */
    public static final class NeedFetch extends RuntimeException {
        public final BlockRow block;
        public final boolean corrupt;
        /** The cached copy is there but must be checked against its checksum first. */
        public final boolean check;

        NeedFetch(BlockRow block, boolean corrupt) {
            this(block, corrupt, false);
        }

        NeedFetch(BlockRow block, boolean corrupt, boolean check) {
            super(null, null, false, false);
            this.block = block;
            this.corrupt = corrupt;
            this.check = check;
        }
    }

    /** Makes the block of a {@link NeedFetch} available. Not with the volume lock held. */
    public void resolve(NeedFetch nf) throws FsException {
        if (nf.check) {
            if (verifyCopy(nf.block)) {
                return; // good: the caller retries and finds it verified
            }
            log.warn("cached block {} fails its checksum: dropping it and fetching it again", nf.block.id());
            dropCopy(nf.block);
        } else if (nf.corrupt) {
            dropCopy(nf.block);
        }
        BlockRow now = db.tx(() -> blocks.get(nf.block.id()));
        if (now != null && !now.cached()) {
            fetch(now);
        }
    }

    /** Fetches a block from the backends into the cache. Not with the volume lock held. */
    public void fetch(BlockRow b) throws FsException {
        fetch(b, false);
    }

    /** Fetches a block; a bulk read's block is recycled first once read ({@link BulkReadBlocks}). */
    private void fetch(BlockRow b, boolean forBulkRead) throws FsException {
        if (b.state() == BlockRow.MISSING || b.ref() == null) {
            throw new FsException(Errno.EIO, "block " + b.id() + " was never stored on the backends and its"
                    + " cached copy is gone");
        }
        if (backend == null) {
            throw new FsException(Errno.EIO, "block " + b.id() + " is not cached and no backends are configured");
        }
        reserve(b.len());
        try {
            if (!fetching.add(b.id())) {
                waitFetched(b.id());
                return;
            }
            try {
                BlockRow known = blocks.peek(b.id());
                if (known != null && known.cached()) {
                    return; // fetched since the caller looked
                }
                byte[] data;
                try {
                    data = backend.get(b.ref());
                } catch (IOException e) {
                    throw new FsException(Errno.EIO, "block " + b.id() + " cannot be read from the backends: "
                            + e.getMessage(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new FsException(Errno.EIO, "interrupted while fetching block " + b.id());
                }
                int crc = crc(data, data.length);
                db.run(() -> {
                    BlockRow now = blocks.get(b.id());
                    if (now == null || now.cached()) {
                        return null; // deleted, or fetched meanwhile
                    }
                    files.writeWhole(b.id(), data, Math.min(data.length, now.len()));
                    blocks.setCached(b.id(), true, crc, System.currentTimeMillis());
                    db.afterCommit(() -> {
                        limit.charge(now.len());
                        verified.add(b.id());
                        fetched.incrementAndGet();
                        if (forBulkRead) {
                            bulk.fetched(b.id());
                        }
                    });
                    return null;
                });
            } finally {
                fetching.remove(b.id());
                signalFetched();
            }
        } finally {
            unreserve(b.len());
        }
    }

    private void signalFetched() {
        synchronized (fetchDone) {
            fetchDone.notifyAll();
        }
    }

    private void waitFetched(long id) throws FsException {
        synchronized (fetchDone) {
            while (fetching.contains(id)) {
                try {
                    fetchDone.wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new FsException(Errno.EIO, "interrupted");
                }
            }
        }
    }

    /**
     * Fetches these blocks of a file of {@code fileBytes} that a sequential reader needs next, in
     * the background, skipping those cached or in flight. A file larger than a quarter of the
     * cache makes this a bulk read ({@link BulkReadBlocks}).
     */
    public void prefetch(List<BlockRow> rows, long fileBytes) {
        boolean forBulkRead = BulkReadBlocks.isBulk(fileBytes, limit.limit());
        for (BlockRow b : rows) {
            if (b.cached() || b.ref() == null || fetching.contains(b.id()) || backend == null
                    || !queued.add(b.id())) {
                continue; // cached, in flight, or already queued by an earlier read
            }
            prefetcher.execute(() -> {
                try {
                    fetch(b, forBulkRead);
                } catch (FsException e) {
                    log.debug("prefetch of block {} failed: {}", b.id(), e.getMessage());
                } finally {
                    queued.remove(b.id());
                }
            });
        }
    }

    public static int crc(byte[] data, int len) {
        return crc(data, 0, len);
    }

    static int crc(byte[] data, int off, int len) {
        return crc(ByteBuffer.wrap(data, off, len));
    }

    private static int crc(ByteBuffer data) {
        CRC32C c = new CRC32C();
        c.update(data);
        return (int) c.getValue();
    }

    @Override
    public void close() {
        prefetcher.shutdownNow();
    }
}
