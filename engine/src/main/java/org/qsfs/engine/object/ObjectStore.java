package org.qsfs.engine.object;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import org.qsfs.engine.block.BlockId;
import org.qsfs.engine.codec.BlockFormatException;
import org.qsfs.engine.codec.NotEnoughShardsException;
import org.qsfs.engine.crypto.IntegrityException;
import org.qsfs.engine.meta.MetadataRecord;
import org.qsfs.engine.meta.MetadataStore;
import org.qsfs.engine.store.BlockRef;
import org.qsfs.engine.store.BlockStore;
import org.qsfs.engine.store.NotEnoughBackendsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whole objects (files) by path, on top of the block and metadata stores: {@code store}
 * streams the input in blocks with a bounded number in flight; {@code retrieve} streams
 * them back with bounded read-ahead and verifies the SHA-256. Each object's manifest is
 * the metadata record {@code obj/<path>}.
 *
 * <p>Memory is bounded by {@link ObjectStoreOptions#blocksInFlight()} blocks whatever the
 * object's size (the manifest, one reference per block, grows with it). Thread-safe.
 */
public final class ObjectStore implements AutoCloseable {
    /** Record name prefix of object manifests in the metadata store. */
    public static final String RECORD_PREFIX = "obj/";
    /**
     * Replaced and deleted contents stay readable (DESIGN.md invariant 3): their manifests are
     * kept as records {@code objver/<path>@<version>} and their blocks are not deleted.
     */
    public static final String VERSION_PREFIX = "objver/";

    private static final Logger log = LoggerFactory.getLogger(ObjectStore.class);

    private final BlockStore blocks;
    private final MetadataStore metadata;
    private final ObjectStoreOptions options;
    private final ExecutorService pipeline;
    private final TransferStats stats = new TransferStats();
    private final Object[] commitLocks = new Object[64];

    public ObjectStore(BlockStore blocks, MetadataStore metadata, ObjectStoreOptions options) {
        this.blocks = blocks;
        this.metadata = metadata;
        this.options = options;
        for (int i = 0; i < commitLocks.length; i++) {
            commitLocks[i] = new Object();
        }
        AtomicInteger n = new AtomicInteger();
        // Block-level work (encode + write, read + decode); shard I/O runs on the block store's
        // own executor, so these threads never wait for a slot they themselves hold.
        this.pipeline = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "qsfs-object-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public ObjectStoreOptions options() {
        return options;
    }

    /** Blocks in memory now and at most, across all transfers. */
    public TransferStats stats() {
        return stats;
    }

    public BlockStore blockStore() {
        return blocks;
    }

    public MetadataStore metadataStore() {
        return metadata;
    }

    /** Stores {@code in} at {@code path} with the current time as its mtime. */
    public ObjectInfo store(String path, InputStream in) throws IOException {
        return store(path, in, -1, Instant.now(), ProgressListener.NONE);
    }

    /**
     * Stores everything {@code in} yields at {@code path}, replacing what was there (which
     * stays readable as an older version, see {@link #history}). Reads the stream to its end;
     * does not close it.
     *
     * @param sizeHint the expected size for progress, or -1
     * @return what was stored; {@link ObjectInfo#safe()} is false when some block or the
     *     manifest was written degraded (readable, but not yet surviving the configured losses)
     * @throws NotEnoughBackendsException a block could not be written to enough backends;
     *     nothing of this store remains and the old object (if any) is untouched
     */
    public ObjectInfo store(String path, InputStream in, long sizeHint, Instant modified, ProgressListener progress)
            throws IOException {
        checkPath(path);
        ProgressListener report = serialized(progress);
        MessageDigest sha = ContentCheck.sha256();
        CRC32C crc = new CRC32C();
        int blockSize = options.blockSize();
        int window = options.blocksInFlight();
        // The buffers are the only block-sized allocations of the read side: at most `window`.
        BlockingQueue<byte[]> buffers = new ArrayBlockingQueue<>(window);
        int allocated = 0;
        Deque<Future<BlockRef>> running = new ArrayDeque<>();
        List<BlockRef> refs = new ArrayList<>();
        AtomicLong done = new AtomicLong();
        long size = 0;
        boolean ok = false;
        try {
            while (true) {
                byte[] buf = buffers.poll();
                if (buf == null && allocated < window) {
                    buf = new byte[blockSize];
                    allocated++;
                }
                while (buf == null) {
                    // Window full: wait for the oldest block, which also keeps refs in order.
                    refs.add(await(running.removeFirst(), path, refs.size()));
                    buf = buffers.poll();
                }
                int n = in.readNBytes(buf, 0, blockSize);
                if (n == 0 && size > 0) {
                    buffers.offer(buf);
                    break;
                }
                if (n == 0) { // empty object: no blocks at all
                    buffers.offer(buf);
                    break;
                }
                sha.update(buf, 0, n);
                crc.update(buf, 0, n);
                size += n;
                byte[] data = buf;
                stats.enter();
                running.addLast(pipeline.submit(() -> {
                    try {
                        BlockRef ref = blocks.put(BlockId.random(), data, 0, n);
                        report.progress(done.addAndGet(n), sizeHint);
                        return ref;
                    } finally {
                        stats.leave();
                        buffers.offer(data);
                    }
                }));
                if (n < blockSize) {
                    break;
                }
            }
            while (!running.isEmpty()) {
                refs.add(await(running.removeFirst(), path, refs.size()));
            }
            boolean allSafe = refs.stream().allMatch(BlockRef::safe);
            Manifest m = new Manifest(path, size, sha.digest(), crc.getValue(), modified, blockSize, refs, allSafe);
            MetadataRecord previous;
            MetadataStore.PutResult put;
            synchronized (commitLock(path)) { // repair rewrites manifests too (replaceBlockRefs)
                previous = metadata.get(recordName(path));
                if (previous != null) {
                    keepVersion(path, previous); // before the new manifest: never a moment without it
                }
                put = metadata.put(recordName(path), m.encode());
            }
            ok = true;
            ObjectInfo info = ObjectInfo.of(m, put.safe(), put.record().version());
            if (!info.safe()) {
                log.warn("{} stored but not safe yet: some shards could not be placed as the policy asks;"
                        + " repair will complete them when backends return", path);
            }
            return info;
        } finally {
            if (!ok) {
                abandon(running, refs);
            }
        }
    }

    /**
     * Writes the object at {@code path} to {@code out} and verifies it (every block's GCM tag,
     * then the whole against the manifest's CRC32C, or SHA-256 for a format-1 manifest). Does not
     * close {@code out}, and reuses each array it passes to {@code out.write} once that call
     * returns: {@code out} must copy what it keeps (every JDK stream does).
     *
     * @throws ObjectNotFoundException nothing is stored at {@code path}
     * @throws BlockUnreadableException a block lacks {@code k} good shards now (names them)
     * @throws WrongKeyException the blocks do not authenticate with this key
     * @throws ObjectCorruptException the content does not match the manifest's digest
     */
    public ObjectInfo retrieve(String path, OutputStream out, ProgressListener progress) throws IOException {
        MetadataRecord rec = record(path);
        return retrieve(path, Manifest.decode(rec.value()), rec.version(), out, progress);
    }

    private ObjectInfo retrieve(String path, Manifest m, long version, OutputStream out, ProgressListener progress)
            throws IOException {
        ProgressListener report = serialized(progress);
        ContentCheck check = new ContentCheck(m);
        List<BlockRef> refs = m.blocks();
        Deque<Future<byte[]>> ahead = new ArrayDeque<>();
        // Blocks written out go back here for the next reads (a read whose block has another
        // length decodes into a new array); a read abandoned on failure keeps its buffer.
        java.util.Queue<byte[]> written = new java.util.concurrent.ConcurrentLinkedQueue<>();
        int next = 0;
        long done = 0;
        try {
            for (int i = 0; i < refs.size(); i++) {
                while (next < refs.size() && ahead.size() < options.blocksInFlight()) {
                    BlockRef ref = refs.get(next++);
                    byte[] into = written.poll();
                    stats.enter();
                    ahead.addLast(pipeline.submit(() -> blocks.get(ref, into)));
                }
                byte[] data;
                try {
                    data = awaitRead(ahead.removeFirst(), path, i, refs.size());
                } finally {
                    stats.leave();
                }
                if (data.length != refs.get(i).length()) {
                    throw new ObjectCorruptException(path + ": block " + i + " has " + data.length
                            + " bytes, its reference says " + refs.get(i).length());
                }
                check.update(data);
                out.write(data);
                done += data.length;
                report.progress(done, m.size());
                written.offer(data); // the stream is done with it once write returns
            }
        } finally {
            while (!ahead.isEmpty()) {
                ahead.removeFirst().cancel(true);
                stats.leave();
            }
        }
        if (!check.matches()) {
            throw new ObjectCorruptException(path + ": the retrieved content does not match the "
                    + check.checksumName() + " recorded when it was stored; do not trust the output and report this");
        }
        return ObjectInfo.of(m, true, version);
    }

    public ObjectInfo retrieve(String path, OutputStream out) throws IOException {
        return retrieve(path, out, ProgressListener.NONE);
    }

    /** Paths of all stored objects, sorted. Works from the key and backend lists alone. */
    public List<String> list() throws IOException {
        List<String> names = metadata.list(RECORD_PREFIX);
        List<String> out = new ArrayList<>(names.size());
        for (String n : names) {
            out.add(n.substring(RECORD_PREFIX.length()));
        }
        return out;
    }

    /** @throws ObjectNotFoundException nothing is stored at {@code path} */
    public ObjectInfo stat(String path) throws IOException {
        MetadataRecord rec = record(path);
        return ObjectInfo.of(Manifest.decode(rec.value()), true, rec.version());
    }

    /** The full manifest of {@code path} (block references included), for check and repair. */
    public Manifest manifest(String path) throws IOException {
        return Manifest.decode(record(path).value());
    }

    /**
     * Deletes the object at {@code path}: its last content is kept as a version (see
     * {@link #history}), then a tombstone hides the path. No block is deleted.
     *
     * @throws ObjectNotFoundException nothing is stored at {@code path}
     */
    public void delete(String path) throws IOException {
        synchronized (commitLock(path)) {
            MetadataRecord rec = record(path);
            keepVersion(path, rec);
            if (!metadata.delete(recordName(path))) {
                throw new ObjectNotFoundException("no object at " + path);
            }
        }
    }

    /** The kept older contents of {@code path}, oldest first (the current one is not listed). */
    public List<ObjectInfo> history(String path) throws IOException {
        checkPath(path);
        String prefix = VERSION_PREFIX + path + "@";
        List<ObjectInfo> out = new ArrayList<>();
        for (String name : metadata.list(prefix)) {
            MetadataRecord rec = metadata.get(name);
            if (rec != null) {
                long version = Long.parseLong(name.substring(prefix.length()));
                out.add(ObjectInfo.of(Manifest.decode(rec.value()), true, version));
            }
        }
        out.sort(java.util.Comparator.comparingLong(ObjectInfo::version));
        return out;
    }

    /**
     * Writes an older content of {@code path} (a version from {@link #history}) to {@code out}
     * and verifies its SHA-256.
     *
     * @throws ObjectNotFoundException no such version is kept
     */
    public ObjectInfo retrieveVersion(String path, long version, OutputStream out) throws IOException {
        checkPath(path);
        MetadataRecord rec = metadata.get(versionName(path, version));
        if (rec == null) {
            throw new ObjectNotFoundException("no version " + version + " of " + path + "; history lists the kept ones");
        }
        return retrieve(path, Manifest.decode(rec.value()), version, out, ProgressListener.NONE);
    }

    /**
     * Every kept older content of every path (deleted paths included), sorted by path, then
     * version: what scrub, rebuild and drain walk besides {@link #list()}. Works from the key
     * and backend lists alone.
     */
    public List<ObjectVersion> versions() throws IOException {
        List<String> names = metadata.list(VERSION_PREFIX);
        List<ObjectVersion> out = new ArrayList<>(names.size());
        for (String n : names) {
            int at = n.lastIndexOf('@');
            try {
                if (at > VERSION_PREFIX.length()) {
                    out.add(new ObjectVersion(n.substring(VERSION_PREFIX.length(), at),
                            Long.parseLong(n.substring(at + 1))));
                    continue;
                }
            } catch (NumberFormatException e) {
                // not one of ours: fall through
            }
            log.warn("metadata record {} is not a version name (objver/PATH@VERSION); skipped", n);
        }
        java.util.Collections.sort(out);
        return out;
    }

    /**
     * The full manifest of a kept older content, for check and repair.
     *
     * @throws ObjectNotFoundException no such version is kept
     */
    public Manifest versionManifest(String path, long version) throws IOException {
        checkPath(path);
        MetadataRecord rec = metadata.get(versionName(path, version));
        if (rec == null) {
            throw new ObjectNotFoundException("no version " + version + " of " + path
                    + "; history lists the kept ones");
        }
        return Manifest.decode(rec.value());
    }

    private void keepVersion(String path, MetadataRecord current) throws IOException {
        metadata.put(versionName(path, current.version()), current.value());
    }

    static String versionName(String path, long version) {
        return VERSION_PREFIX + path + "@" + String.format("%019d", version);
    }

    /**
     * For repair: replaces the references of the given blocks in the newest manifest of
     * {@code path} and writes it as a new version (newest version wins). Blocks that are no
     * longer in the manifest (the object was overwritten or deleted meanwhile) are skipped, so
     * a repair never resurrects old content. The manifest's safe flag is recomputed.
     *
     * @return the ids of the blocks whose references were replaced (empty: nothing written)
     */
    public java.util.Set<BlockId> replaceBlockRefs(String path, java.util.Map<BlockId, BlockRef> updated)
            throws IOException {
        checkPath(path);
        return replaceIn(path, recordName(path), updated);
    }

    /**
     * For repair: {@link #replaceBlockRefs} for a kept older content of {@code path} (a version
     * from {@link #versions()} or {@link #history}). The version keeps its number and content;
     * only where its shards are changes. Nothing is written when the version is not kept.
     *
     * @return the ids of the blocks whose references were replaced (empty: nothing written)
     */
    public java.util.Set<BlockId> replaceVersionBlockRefs(String path, long version,
            java.util.Map<BlockId, BlockRef> updated) throws IOException {
        checkPath(path);
        return replaceIn(path, versionName(path, version), updated);
    }

    /** Read-modify-write of one manifest record of {@code path}, under the path's commit lock. */
    private java.util.Set<BlockId> replaceIn(String path, String record, java.util.Map<BlockId, BlockRef> updated)
            throws IOException {
        synchronized (commitLock(path)) {
            MetadataRecord rec = metadata.get(record);
            java.util.Set<BlockId> replaced = new java.util.HashSet<>();
            if (rec == null) {
                return replaced;
            }
            Manifest m = Manifest.decode(rec.value());
            List<BlockRef> refs = new ArrayList<>(m.blocks());
            for (int i = 0; i < refs.size(); i++) {
                BlockRef r = updated.get(refs.get(i).blockId());
                if (r != null) {
                    refs.set(i, r);
                    replaced.add(r.blockId());
                }
            }
            if (!replaced.isEmpty()) {
                boolean allSafe = refs.stream().allMatch(BlockRef::safe);
                metadata.put(record, m.withBlocks(refs, allSafe).encode());
            }
            return replaced;
        }
    }

    /** Serialises read-modify-write of one path's manifest within this process. */
    private Object commitLock(String path) {
        return commitLocks[Math.floorMod(path.hashCode(), commitLocks.length)];
    }

    private MetadataRecord record(String path) throws IOException {
        checkPath(path);
        MetadataRecord rec = metadata.get(recordName(path));
        if (rec == null) {
            throw new ObjectNotFoundException("no object at " + path + "; list shows what is stored");
        }
        return rec;
    }


    private BlockRef await(Future<BlockRef> f, String path, int index) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while storing " + path);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof NotEnoughBackendsException nb) {
                throw new NotEnoughBackendsException(path + ": block " + index + ": " + nb.getMessage(),
                        nb.failedShards());
            }
            if (c instanceof IOException io) {
                throw io;
            }
            throw new IOException(path + ": block " + index + " could not be stored: " + c, c);
        }
    }

    private byte[] awaitRead(Future<byte[]> f, String path, int index, int count) throws IOException {
        String where = path + ": block " + index + " of " + count;
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while retrieving " + path);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof NotEnoughShardsException ns) {
                throw new BlockUnreadableException(where + ": " + ns.getMessage(), ns);
            }
            if (c instanceof IntegrityException ie) {
                throw new WrongKeyException(where + " does not authenticate: it was written under another key (load"
                        + " the volume's own key file) or its shards were forged", ie);
            }
            if (c instanceof BlockFormatException bf) {
                throw new ObjectCorruptException(where + ": " + bf.getMessage(), bf);
            }
            if (c instanceof IOException io) {
                throw io;
            }
            throw new IOException(where + " could not be read: " + c, c);
        }
    }

    /** Stops the blocks of a failed store and deletes what was written of them. */
    private void abandon(Deque<Future<BlockRef>> running, List<BlockRef> refs) {
        for (Future<BlockRef> f : running) {
            try {
                refs.add(f.get());
            } catch (ExecutionException e) {
                // already failed: nothing stored for it
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (BlockRef ref : refs) {
            try {
                blocks.delete(ref);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static String recordName(String path) {
        return RECORD_PREFIX + path;
    }

    private static void checkPath(String path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("an object path cannot be empty");
        }
    }

    /** One call at a time, never going backwards (the callers are the pipeline's threads). */
    private static ProgressListener serialized(ProgressListener p) {
        ProgressListener target = p == null ? ProgressListener.NONE : p;
        return new ProgressListener() {
            private long reported = -1;

            @Override
            public synchronized void progress(long done, long total) {
                if (done < reported) {
                    return; // blocks finish on several threads: a later total was reported first
                }
                reported = done;
                try {
                    target.progress(done, total);
                } catch (RuntimeException e) {
                    log.debug("progress listener failed: {}", e.toString());
                }
            }
        };
    }

    /** Stops the pipeline threads; the stores underneath belong to the caller. */
    @Override
    public void close() {
        pipeline.shutdownNow();
    }
}
