package org.qsfs.engine.cache;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.qsfs.engine.fs.Errno;
import org.qsfs.engine.fs.FsException;
import org.qsfs.engine.volume.BlockRow;
import org.qsfs.engine.volume.Blocks;
import org.qsfs.engine.volume.Db;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Background dispersal: a bounded number of workers take dirty blocks from the block table
 * (the durable queue), encode and disperse them through the {@link BlockBackend}, and mark
 * them safe. A block is taken once it has not changed for the settle time (so a file being
 * written is not sent block by block while it grows) and is not held (a hot block, see
 * {@link HotBlocks}), or at once, oldest first, when writers wait for cache space or a
 * durable fsync or a drain waits. While the drive is busy serving its user ({@link BusyDrive}) and
 * the bytes not yet safe fill less than half the cache, a settled block waits for a pause, at most
 * {@value #BUSY_WAIT_SETTLES} settle times in all. Small blocks are claimed and sent several at a time
 * ({@link BlockBackend#putAll}). Failed uploads go back to the queue with backoff; a block
 * stored degraded (not all shards) is deleted and retried, never marked safe. So is a block whose
 * cache file cannot be read (after a backoff of its own, {@link UnreadableBlocks}); only a file a
 * crash took or cut short ({@link CacheCopyCutShort}) is sent as it reads, zeros for what it lost.
 * A claim whose work fails unexpectedly goes back to the queue with backoff too. After a restart,
 * blocks that were being sent are sent again.
 */
public final class UploadQueue implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UploadQueue.class);
    private static final long MAX_BACKOFF_NS = Duration.ofSeconds(5).toNanos();

    private final Db db;
    private final Blocks blocks;
    private final CacheFiles files;
    private final CacheLimit limit;
    private final BlockBackend backend;
    private final long settleNs;
    private final RateLimiter rate;
    private final List<Thread> workers = new ArrayList<>();
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private final List<UploadListener> listeners = new CopyOnWriteArrayList<>();
    private final Object wake = new Object();
    private final AtomicInteger urgent = new AtomicInteger();
    private final AtomicLong uploaded = new AtomicLong();
    private final UnreadableBlocks unreadable = new UnreadableBlocks();
    private volatile boolean paused;
    private volatile boolean closed;
    private volatile boolean degraded;
    private volatile String lastError;
    private volatile long backoffNs = Duration.ofMillis(200).toNanos();
    private volatile double rateEwma;
    private volatile long lastDone = System.nanoTime();
    /** Told each block marked safe, under the lock in the call that marks it. */
    private volatile SafeListener markedSafe = (id, checksummedFromFile) -> { };
    /** The drive's calls: uploads wait for a pause in them (null: they do not). */
    private volatile BusyDrive busy;
    /** The bytes not yet safe, counted at most every {@link #UNSAFE_RECOUNT_NS} while the drive is busy. */
    private volatile long unsafeBytes;
    private volatile long unsafeCountedNs = System.nanoTime() - 2 * UNSAFE_RECOUNT_NS;

    /** Told each block the queue marks safe, inside that call, under the volume lock. */
    public interface SafeListener {
        /**
         * {@code checksummedFromFile}: its checksum was just computed from its cache file (the
         * block could not change meanwhile: uploading blocks are immutable), so the cache need not
         * read the file again to check it.
         */
        void markedSafe(long id, boolean checksummedFromFile);
    }

    public UploadQueue(Db db, Blocks blocks, CacheFiles files, CacheLimit limit, BlockBackend backend,
            int workerCount, Duration settle, long bytesPerSecond) {
        this.db = db;
        this.blocks = blocks;
        this.files = files;
        this.limit = limit;
        this.backend = backend;
        this.settleNs = settle.toNanos();
        this.rate = new RateLimiter(bytesPerSecond);
        for (int i = 0; i < workerCount; i++) {
            Thread t = new Thread(this::work, "qsfs-upload-" + (i + 1));
            t.setDaemon(true);
            workers.add(t);
        }
    }

    /** Resets blocks that were being sent when the process stopped, and starts the workers. */
    public void start() throws FsException {
        int reset = db.tx(blocks::resetUploading);
        if (reset > 0) {
            log.info("{} uploads interrupted by the last stop are queued again", reset);
        }
        workers.forEach(Thread::start);
    }

    /** Tells {@code l} each block marked safe, inside that call. */
    public void onMarkedSafe(SafeListener l) {
        this.markedSafe = l;
    }

    /**
     * From now on settled blocks wait while {@code drive} is busy and the bytes not yet safe fill
     * less than half the cache, for at most {@value #BUSY_WAIT_SETTLES} settle times since their
     * last change (a steady stream of calls delays the backends' copy by that much, no more);
     * cache pressure, a durable fsync and a drain send them at once as before.
     */
    public void deferWhileBusy(BusyDrive drive) {
        this.busy = drive;
    }

    public void addListener(UploadListener l) {
        listeners.add(l);
    }

    public void pause() {
        paused = true;
        fire();
    }

    public void resume() {
        paused = false;
        nudge();
        fire();
    }

    public boolean paused() {
        return paused;
    }

    /** Bytes per second, 0 = unlimited. */
    public void setBandwidthLimit(long bytesPerSecond) {
        rate.setRate(bytesPerSecond);
    }

    /** Wakes the workers now (cache pressure, a durable fsync, new work). */
    public void nudge() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    /** The settle time: how long a dirty block stays unchanged before it is sent. */
    public java.time.Duration settle() {
        return java.time.Duration.ofNanos(settleNs);
    }

    /** Cache pressure: send without waiting for blocks to settle. */
    public void pressure() {
        urgent.incrementAndGet();
        nudge();
        urgent.decrementAndGet();
    }

    public UploadProgress progress() {
        long[] p;
        try {
            p = db.tx(blocks::pending);
        } catch (FsException e) {
            p = new long[] {-1, -1};
        }
        double r = rateEwma;
        long eta = r > 1 ? (long) (p[1] / r) : (p[1] == 0 ? 0 : -1);
        return new UploadProgress(p[0], p[1], r, eta, degraded, lastError, paused, uploaded.get());
    }

    /** Bytes of one file not yet safe on the backends. */
    public long pendingBytes(long ino) throws FsException {
        return db.tx(() -> blocks.pendingOf(ino));
    }

    /** Waits until the file's blocks are all safe (durable fsync). */
    public void awaitFile(long ino, Duration timeout) throws FsException {
        awaitUntil(() -> db.tx(() -> blocks.pendingOf(ino)) == 0, timeout, "file " + ino);
    }

    /** Waits until nothing is pending. */
    public void drain(Duration timeout) throws FsException {
        awaitUntil(() -> db.tx(blocks::pending)[0] == 0, timeout, "the upload queue");
    }

    private interface Check {
        boolean done() throws FsException;
    }

    private void awaitUntil(Check check, Duration timeout, String what) throws FsException {
        long deadline = System.nanoTime() + timeout.toNanos();
        urgent.incrementAndGet();
        try {
            while (!check.done()) {
                if (System.nanoTime() > deadline) {
                    throw new FsException(Errno.EIO, what + " is not safe on the backends after " + timeout
                            + (lastError == null ? "" : ": " + lastError));
                }
                nudge();
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FsException(Errno.EIO, "interrupted while waiting for " + what);
        } finally {
            urgent.decrementAndGet();
        }
    }

    private void work() {
        BackgroundPriority.lowerCurrentThread(); // the codec's CPU goes to the foreground first
        while (!closed) {
            List<BlockRow> batch = List.of();
            try {
                if (paused) {
                    sleep(100);
                    continue;
                }
                batch = claim();
                if (batch.isEmpty()) {
                    if (!collectGarbage()) {
                        sleep(backoffPending() ? 50 : 100);
                    }
                    continue;
                }
                try {
                    sendClaimed(batch);
                } finally {
                    for (BlockRow b : batch) {
                        inFlight.remove(b.id());
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | FsException e) {
                if (db.stopped() != null) {
                    log.error("upload worker stops: the volume stopped ({})", e.getMessage());
                    return; // nothing more can be marked safe until the volume is opened again
                }
                if (!closed) { // closing: the claim stays uploading, the next start queues it again
                    giveBack(batch, e);
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }
    }

    /** Sends the claimed blocks that are still there, unless the queue was paused meanwhile. */
    private void sendClaimed(List<BlockRow> batch) throws FsException, InterruptedException {
        if (paused) {
            unclaim(batch); // paused while claiming: nothing more goes out
            return;
        }
        List<BlockRow> live = new ArrayList<>(batch.size());
        for (BlockRow b : batch) {
            // dropped since it was claimed with others (its file deleted): nothing to send
            if (blocks.peek(b.id()) != null || db.read(() -> blocks.get(b.id())) != null) {
                live.add(b);
            }
        }
        if (!live.isEmpty()) {
            upload(live);
        }
    }

    /**
     * The work on a claim failed unexpectedly ({@code cause}: a RuntimeException, the database
     * failing half-way). Its blocks still marked uploading go back to the queue with the failed
     * uploads' backoff: left uploading, nothing would send them before the next start, and a drain
     * or a durable fsync would wait for them in vain. Those marked safe or put back already, and
     * those dropped meanwhile, are left alone ({@link Blocks#retryLater} sees to it). If that too
     * fails, the next start queues them again.
     */
    private void giveBack(List<BlockRow> batch, Exception cause) {
        if (batch.isEmpty()) {
            log.warn("upload worker: {}", cause.toString());
            return;
        }
        try {
            long retryAt = nextRetryAt();
            int back = putBack(batch, retryAt);
            log.warn("upload worker: {}; {} of its {} claimed blocks go back to the queue, retried in {} ms",
                    cause.toString(), back, batch.size(), Math.max(0, (retryAt - wallNs()) / 1_000_000));
            failing("upload failed: " + cause);
        } catch (RuntimeException | FsException e) {
            log.warn("upload worker: {}; putting its {} claimed blocks back in the queue failed too ({}): those"
                    + " still uploading wait for the next start", cause.toString(), batch.size(), e.toString());
        }
    }

    private boolean backoffPending() {
        return degraded;
    }

    private void sleep(long ms) throws InterruptedException {
        synchronized (wake) {
            wake.wait(ms);
        }
    }

    /** Small blocks claimed together: at most this many, and this many bytes. */
    static final int CLAIM_BLOCKS = 32;
    static final int CLAIM_BYTES = 512 * 1024;

    /**
     * Claims the next blocks to send (marked uploading, in flight): one, or up to
     * {@value #CLAIM_BLOCKS} small ones (together at most {@value #CLAIM_BYTES} bytes), so a tree
     * of small files pays one claim transaction, one batch of shard writes per backend and one
     * transaction marking them safe per few blocks instead of per block (a small file is a
     * block of its own).
     */
    private List<BlockRow> claim() throws FsException {
        long wall = wallNs();
        boolean hurry = urgent.get() > 0 || limit.underPressure();
        long settledBefore = hurry ? Long.MAX_VALUE : wall - (waitForPause() ? BUSY_WAIT_SETTLES * settleNs : settleNs);
        // in a hurry, hot blocks' holds are ignored too (oldest first); a failure's backoff is kept
        // while uploads fail (degraded), so a lost backend is not hammered, and while a block's
        // cache file cannot be read, so it is not read again and again
        long heldUntil = hurry && !degraded && !unreadable.anyWaiting(wall) ? Long.MAX_VALUE : wall;
        return db.tx(() -> {
            List<BlockRow> mine = new ArrayList<>();
            long bytes = 0;
            for (BlockRow b : blocks.uploadCandidates(settledBefore, heldUntil, 2 * CLAIM_BLOCKS)) {
                if (!mine.isEmpty() && (mine.size() >= CLAIM_BLOCKS || bytes + b.len() > CLAIM_BYTES)) {
                    break;
                }
                if (inFlight.add(b.id())) {
                    // a claim that rolls back must not keep the block from every later claim
                    db.afterRollback(() -> inFlight.remove(b.id()));
                    blocks.setState(b.id(), BlockRow.UPLOADING);
                    mine.add(b);
                    bytes += b.len();
                }
            }
            return mine;
        });
    }

    /** How many settle times a block waits at most for the busy drive to pause (30 s with the default 2 s). */
    static final int BUSY_WAIT_SETTLES = 15;

    /**
     * Uploads wait for a pause: the drive is busy and what waits (the bytes not yet safe) is less
     * than half the cache. Safe blocks are not counted: they can be evicted whenever room is needed.
     */
    private boolean waitForPause() throws FsException {
        BusyDrive b = busy;
        long now = System.nanoTime();
        if (b == null || !b.busy(now)) {
            return false;
        }
        if (now - unsafeCountedNs > UNSAFE_RECOUNT_NS) { // a sum over the queue: not at every claim
            unsafeBytes = db.read(blocks::pending)[1];
            unsafeCountedNs = now;
        }
        return unsafeBytes < limit.limit() / 2;
    }

    /** How often the bytes not yet safe are counted again while the drive is busy. */
    private static final long UNSAFE_RECOUNT_NS = 1_000_000_000L;

    /** Gives claimed blocks not sent yet back to the queue (paused: nothing more goes out). */
    private void unclaim(List<BlockRow> back) throws FsException {
        db.run(() -> {
            for (BlockRow b : back) {
                if (blocks.get(b.id()) != null) {
                    blocks.setState(b.id(), BlockRow.DIRTY);
                }
            }
            return null;
        });
    }

    /**
     * Sends the claimed blocks (one, or several small ones: the backend then writes each
     * backend's shards of all of them together) and records each one's outcome: safe ones are
     * marked safe in one transaction, the others go back to the queue with backoff. A block
     * whose cache file cannot be read is not sent ({@link #unreadable}); one whose file a crash
     * cut short is sent with zeros for the bytes it lost.
     */
    private void upload(List<BlockRow> claimed) throws FsException, InterruptedException {
        List<BlockRow> batch = new ArrayList<>(claimed.size());
        List<BlockBackend.Upload> uploads = new ArrayList<>(claimed.size());
        boolean[] fromFile = new boolean[claimed.size()];
        List<BlockRow> unread = new ArrayList<>();
        List<FsException> causes = new ArrayList<>();
        long bytes = 0;
        for (BlockRow b : claimed) {
            byte[] data;
            fromFile[batch.size()] = true;
            try {
                data = files.readWhole(b.id(), b.len());
                unreadable.read(b.id());
            } catch (CacheCopyCutShort e) {
                fromFile[batch.size()] = false;
                // a crash before the fsync took (some of) its bytes: what it lost reads as zeros, as
                // reads of the block showed it
                log.warn("dirty block {}: {}; the missing bytes read as zeros", b.id(), e.getMessage());
                data = e.bytes();
            } catch (FsException e) {
                unread.add(b);
                causes.add(e);
                continue;
            }
            batch.add(b);
            uploads.add(new BlockBackend.Upload(b.bid(), data, b.len()));
            bytes += b.len();
        }
        if (!batch.isEmpty()) {
            send(batch, uploads, fromFile, bytes);
        }
        if (!unread.isEmpty()) {
            unreadable(unread, causes);
        }
    }

    /** Stores the blocks read ({@code bytes} in all) and records each one's outcome. */
    private void send(List<BlockRow> batch, List<BlockBackend.Upload> uploads, boolean[] fromFile, long bytes)
            throws FsException, InterruptedException {
        rate.acquire(bytes);
        List<BlockBackend.Outcome> outcomes = backend.putAll(uploads);
        List<Integer> safe = new ArrayList<>(batch.size());
        List<BlockRow> retry = new ArrayList<>();
        String why = null;
        for (int i = 0; i < batch.size(); i++) {
            BlockBackend.Outcome o = outcomes.get(i);
            if (o.failure() != null) {
                why = o.failure().getMessage();
            } else if (!o.stored().safe()) {
                try {
                    backend.delete(o.stored().ref());
                } catch (IOException ignored) {
                    // orphan shards; repair's business
                }
                why = "stored degraded (not every shard could be placed); retrying later";
            } else {
                safe.add(i);
                continue;
            }
            retry.add(batch.get(i));
        }
        if (!safe.isEmpty()) {
            markSafe(batch, uploads, outcomes, safe, fromFile);
        }
        if (!retry.isEmpty()) {
            failed(retry, why);
        }
    }

    /**
     * The cache files of these claimed blocks could not be read (an I/O error that may pass, not a
     * file cut short): they are not sent, and go back to the queue, each after a backoff of its own
     * ({@link UnreadableBlocks}), so one that keeps failing neither spins nor holds up the others.
     */
    private void unreadable(List<BlockRow> unread, List<FsException> causes) throws FsException {
        long now = wallNs();
        long[] retryAt = new long[unread.size()];
        for (int i = 0; i < unread.size(); i++) {
            long id = unread.get(i).id();
            retryAt[i] = unreadable.failed(id, now);
            log.warn("dirty block {} cannot be read from its cache file, trying again in {} ms: {}", id,
                    (retryAt[i] - now) / 1_000_000, causes.get(i).toString());
        }
        db.run(() -> {
            for (int i = 0; i < unread.size(); i++) {
                blocks.retryLater(unread.get(i).id(), retryAt[i]);
            }
            return null;
        });
        lastError = "block " + unread.get(0).id() + " cannot be read from the cache: " + causes.get(0).getMessage();
        fire();
    }

    /** Marks the blocks at {@code safe} safe, in one transaction; a block dropped meanwhile has its copy collected. */
    private void markSafe(List<BlockRow> batch, List<BlockBackend.Upload> uploads, List<BlockBackend.Outcome> outcomes,
            List<Integer> safe, boolean[] fromFile) throws FsException {
        int[] crcs = new int[batch.size()];
        long bytes = 0;
        for (int i : safe) {
            crcs[i] = BlockCache.crc(uploads.get(i).data(), batch.get(i).len());
            bytes += batch.get(i).len();
        }
        long counted = bytes;
        db.tx(() -> {
            for (int i : safe) {
                byte[] ref = outcomes.get(i).stored().ref();
                BlockRow now = blocks.get(batch.get(i).id());
                if (now != null) {
                    blocks.markSafe(now, ref, crcs[i]);
                    markedSafe.markedSafe(now.id(), fromFile[i]);
                } else {
                    var p = db.ps("INSERT INTO gc(ref) VALUES (?)");
                    p.setBytes(1, ref);
                    p.executeUpdate();
                }
            }
            // counted before the lock is let go: whoever sees these blocks safe sees them counted
            db.afterCommit(() -> uploaded.addAndGet(counted));
            return null;
        });
        succeeded(bytes);
    }

    /** The blocks go back to the queue, retried after the backoff (which grows once per failed upload). */
    private void failed(List<BlockRow> retry, String why) throws FsException {
        putBack(retry, nextRetryAt());
        if (!degraded) {
            log.warn("uploads are failing, retrying with backoff: {}", why);
        }
        failing(why);
    }

    /**
     * Puts the blocks still uploading back in the queue, tried again at {@code retryAt}, in one
     * transaction; returns how many went back (see {@link Blocks#retryLater}).
     */
    private int putBack(List<BlockRow> rows, long retryAt) throws FsException {
        return db.tx(() -> {
            int n = 0;
            for (BlockRow b : rows) {
                n += blocks.retryLater(b.id(), retryAt) ? 1 : 0;
            }
            return n;
        });
    }

    /** When blocks put back now are tried again: after the backoff, which grows once per failure. */
    private long nextRetryAt() {
        long retryAt = wallNs() + backoffNs;
        backoffNs = Math.min(MAX_BACKOFF_NS, backoffNs * 2);
        return retryAt;
    }

    /** Uploads fail: reported as degraded, and a hurry keeps the backoff (what fails is not tried again and again). */
    private void failing(String why) {
        degraded = true;
        lastError = why;
        fire();
    }

    private void succeeded(long len) {
        long now = System.nanoTime();
        double dt = Math.max(1e-3, (now - lastDone) / 1e9);
        lastDone = now;
        double inst = len / dt;
        rateEwma = rateEwma == 0 ? inst : 0.8 * rateEwma + 0.2 * inst;
        backoffNs = Duration.ofMillis(200).toNanos();
        if (degraded) {
            log.info("uploads succeed again");
        }
        degraded = false;
        lastError = null;
        limit.signal();
        fire();
    }

    /** Unreferenced blocks deleted per pass (each pass begins with one durable commit). */
    static final int GC_BATCH = 64;

    /**
     * Deletes backend copies of blocks that are no longer referenced. Returns whether it did any.
     * Only rows that are committed: a row comes with the call that dropped its block, and a kill
     * before that call is committed brings the block back, mapped and safe under this very
     * reference (its shards must still be there). So the group transaction is committed first,
     * under the same hold of the lock as the rows are read (no call adds rows in between), and
     * durably (an fsync of the WAL, as repair does before it deletes replaced shards): with
     * {@code synchronous=NORMAL} a power loss can also take back the last commits, and with them
     * the drop. Up to {@value #GC_BATCH} references per pass share that fsync.
     */
    private boolean collectGarbage() throws FsException, InterruptedException {
        List<Object[]> g;
        java.util.concurrent.locks.ReentrantLock lock = db.lock();
        lock.lock();
        try {
            g = db.read(() -> blocks.garbage(GC_BATCH));
            if (!g.isEmpty()) {
                db.syncCommit();
            }
        } finally {
            lock.unlock();
        }
        for (Object[] row : g) {
            try {
                backend.delete((byte[]) row[1]);
            } catch (IOException e) {
                return false;
            }
            db.run(() -> {
                blocks.garbageDone((Long) row[0]);
                return null;
            });
        }
        return !g.isEmpty();
    }

    private void fire() {
        if (listeners.isEmpty()) {
            return;
        }
        UploadProgress p = progress();
        for (UploadListener l : listeners) {
            try {
                l.progress(p);
            } catch (RuntimeException e) {
                log.debug("upload listener failed: {}", e.toString());
            }
        }
    }

    /** Wall-clock nanoseconds, the unit of the block table's times. */
    static long wallNs() {
        java.time.Instant n = java.time.Instant.now();
        return n.getEpochSecond() * 1_000_000_000L + n.getNano();
    }

    @Override
    public void close() {
        closed = true;
        for (Thread t : workers) {
            t.interrupt();
        }
        for (Thread t : workers) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
