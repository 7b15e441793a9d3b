package org.qsfs.engine.meta;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import org.qsfs.engine.block.BlockId;
import org.qsfs.engine.codec.BlockCodec;
import org.qsfs.engine.codec.BlockFormatException;
import org.qsfs.engine.codec.Compressor;
import org.qsfs.engine.codec.CorruptShardException;
import org.qsfs.engine.codec.EncodedBlock;
import org.qsfs.engine.codec.NotEnoughShardsException;
import org.qsfs.engine.codec.ReedSolomonCodec;
import org.qsfs.engine.codec.ShardHeader;
import org.qsfs.engine.crypto.BlockCipher;
import org.qsfs.engine.crypto.IntegrityException;
import org.qsfs.engine.crypto.KeyPurpose;
import org.qsfs.engine.crypto.SubKey;
import org.qsfs.engine.placement.PlacementPolicy;
import org.qsfs.engine.store.BackendRegistry;
import org.qsfs.engine.store.BlockStoreOptions;
import org.qsfs.engine.store.CodecPool;
import org.qsfs.engine.store.ShardIo;
import org.qsfs.engine.store.ShardLocation;
import org.qsfs.engine.store.ShardWriter;
import org.qsfs.engine.store.StoreBackend;
import org.qsfs.engine.zdb.ScanPage;
import org.qsfs.engine.zdb.ZdbException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Layer 3: small versioned records, encrypted with the METADATA subkey and erasure coded
 * over the metadata backends (user-mode namespaces), stored under keys derived from the
 * name with the NAMES subkey (docs/FORMATS.md, "Metadata record storage").
 *
 * <p>Version {@code v} goes to slot {@code v mod 2}, so a write that fails half-way never
 * damages the newest complete version. A read fetches both slots from every backend,
 * decodes every write it finds enough shards of, and keeps the highest version. Listing
 * needs only the key and the backend list: it SCANs the namespaces and decodes each key.
 *
 * <p>Versions increase per name within this process (a lock per name); concurrent writers
 * on several devices are the volume journal's business, not this store's.
 */
public final class MetadataStore implements AutoCloseable {
    /** What a put achieved: the record written, and whether its shards meet the policy. */
    public record PutResult(MetadataRecord record, boolean safe) {
    }

    private static final Logger log = LoggerFactory.getLogger(MetadataStore.class);
    private static final int LOCK_STRIPES = 64;

    private final BackendRegistry backends;
    private final PlacementPolicy policy;
    private final SlotKeys slotKeys;
    private final CodecPool codecs;
    private final ShardIo io;
    private final ShardWriter writer;
    private final ExecutorService executor;
    private final BlockStoreOptions options;
    private final ReentrantLock[] locks = new ReentrantLock[LOCK_STRIPES];

    /**
     * @param backends the metadata backends (user-mode namespaces)
     * @param policy k, m and redundant groups for metadata records
     * @param executor runs backend requests; not shut down by {@link #close()}
     */
    public MetadataStore(BackendRegistry backends, PlacementPolicy policy, SubKey metadataKey, SubKey namesKey,
            ExecutorService executor, BlockStoreOptions options) {
        if (metadataKey.purpose() != KeyPurpose.METADATA) {
            throw new IllegalArgumentException("records are encrypted with the METADATA subkey, not "
                    + metadataKey.purpose());
        }
        this.backends = backends;
        this.policy = policy;
        this.slotKeys = new SlotKeys(namesKey);
        ReedSolomonCodec erasure = new ReedSolomonCodec();
        this.codecs = new CodecPool(() -> new BlockCodec(new BlockCipher(metadataKey), new Compressor(), erasure,
                policy.k(), policy.m()));
        this.io = new ShardIo(backends);
        this.writer = new ShardWriter(io, policy, executor, options);
        this.executor = executor;
        this.options = options;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    public BackendRegistry backends() {
        return backends;
    }

    /**
     * Writes a new version of {@code name}.
     *
     * @throws MetadataUnavailableException fewer than k metadata backends took the record, or
     *     the current version could not be read to number the new one
     */
    public PutResult put(String name, byte[] value) throws MetadataException {
        return write(name, value, false);
    }

    /**
     * Writes a tombstone version of {@code name}.
     *
     * @return false when there was no live record (nothing written)
     */
    public boolean delete(String name) throws MetadataException {
        ReentrantLock lock = lockFor(name);
        lock.lock();
        try {
            MetadataRecord current = getLatest(name);
            if (current == null || current.deleted()) {
                return false;
            }
            write(name, new byte[0], true);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The newest live version of {@code name}, or null when it does not exist or was deleted. */
    public MetadataRecord get(String name) throws MetadataException {
        MetadataRecord r = getLatest(name);
        return r == null || r.deleted() ? null : r;
    }

    /** The newest version of {@code name}, tombstones included; null when never written. */
    public MetadataRecord getLatest(String name) throws MetadataException {
        checkName(name);
        return read(List.of(slotKeys.key(name, 0), slotKeys.key(name, 1)), name).orThrow(name);
    }

    /** Names of all live records, sorted. */
    public List<String> list() throws MetadataException {
        return list("");
    }

    /**
     * Names of the live records that start with {@code prefix}, sorted. SCANs every metadata
     * namespace and decodes each key found, so it works with nothing but the key and the
     * backend list; its cost grows with the number of records.
     */
    public List<String> list(String prefix) throws MetadataException {
        Map<String, MetadataRecord> newest = new HashMap<>();
        int foreign = 0;
        for (ByteBuffer key : scanKeys()) {
            byte[] k = new byte[key.remaining()];
            key.duplicate().get(k);
            Found found = read(List.of(k), null);
            if (found.best == null && found.foreign()) {
                foreign++; // written under another key (another volume shares the namespace)
                continue;
            }
            MetadataRecord r;
            try {
                r = found.orThrow(null);
            } catch (MetadataUnavailableException e) {
                throw new MetadataUnavailableException("listing stopped: " + e.getMessage());
            }
            if (r == null || !r.name().startsWith(prefix)) {
                continue;
            }
            newest.merge(r.name(), r, (a, b) -> a.version() >= b.version() ? a : b);
        }
        if (foreign > 0) {
            log.warn("{} keys in the metadata namespaces do not open with this key (another volume's records?)",
                    foreign);
        }
        TreeSet<String> names = new TreeSet<>();
        newest.forEach((n, r) -> {
            if (!r.deleted()) {
                names.add(n);
            }
        });
        return new ArrayList<>(names);
    }

    /**
     * What {@link #scrub} found.
     *
     * @param records records checked (tombstones included)
     * @param rewritten records that missed shards and were written again with all of them
     * @param degraded records that missed shards and could not get all of them back now (backends down)
     * @param unreadable names that could not be read now
     */
    public record ScrubResult(int records, int rewritten, int degraded, List<String> unreadable) {
        public boolean clean() {
            return rewritten == 0 && degraded == 0 && unreadable.isEmpty();
        }
    }

    /**
     * Checks the newest version of every record (tombstones included: a degraded tombstone could
     * let an older live version show again): all {@code k+m} shards present and verifying. A
     * record that misses shards (written while backends were down, lost or rotten since) is
     * written again as a new version with the same content, so its shards meet the policy again.
     *
     * @throws MetadataUnavailableException the records cannot be listed (more than m backends down)
     */
    public ScrubResult scrub() throws MetadataException {
        TreeSet<String> names = new TreeSet<>();
        for (ByteBuffer key : scanKeys()) {
            byte[] k = new byte[key.remaining()];
            key.duplicate().get(k);
            Found found = read(List.of(k), null);
            if (found.best != null) {
                names.add(found.best.name());
            }
        }
        int rewritten = 0;
        int degraded = 0;
        List<String> unreadable = new ArrayList<>();
        for (String name : names) {
            ReentrantLock lock = lockFor(name);
            lock.lock(); // a write of this process between the check and the rewrite would be undone
            try {
                Found f = read(List.of(slotKeys.key(name, 0), slotKeys.key(name, 1)), name);
                if (f.best == null || f.newerUnreadable) {
                    unreadable.add(name);
                    continue;
                }
                if (f.bestGroup.validShards() >= f.bestGroup.total) {
                    continue;
                }
                MetadataRecord b = f.best;
                log.info("metadata record {} v{} has {} of {} good shards: writing it again", name, b.version(),
                        f.bestGroup.validShards(), f.bestGroup.total);
                PutResult r = write(name, b.deleted() ? new byte[0] : b.value(), b.deleted());
                if (r.safe()) {
                    rewritten++;
                } else {
                    degraded++;
                }
            } catch (MetadataUnavailableException e) {
                unreadable.add(name);
            } finally {
                lock.unlock();
            }
        }
        return new ScrubResult(names.size(), rewritten, degraded, unreadable);
    }

    /**
     * Whether the reachable metadata namespaces hold no keys at all (a fresh volume). Used to
     * tell "this key is wrong" from "this volume is new".
     */
    public boolean backendsEmpty() throws MetadataException {
        int answered = 0;
        for (StoreBackend b : backends.all()) {
            try {
                ScanPage page = io.call(b, x -> x.namespace().scan(null));
                answered++;
                if (!page.keys().isEmpty()) {
                    return false;
                }
            } catch (ZdbException e) {
                log.debug("scan of {} failed: {}", b.id(), e.toString());
            }
        }
        if (answered == 0) {
            throw new MetadataUnavailableException("no metadata backend answered; check the backend list and"
                    + " that the backends run");
        }
        return true;
    }

    private PutResult write(String name, byte[] value, boolean tombstone) throws MetadataException {
        checkName(name);
        ReentrantLock lock = lockFor(name);
        lock.lock();
        try {
            MetadataRecord current = getLatest(name);
            long version = current == null ? 1 : current.version() + 1;
            MetadataRecord record = new MetadataRecord(name, version, Instant.now(), tombstone, value);
            int slot = (int) (version & 1);
            byte[] key = slotKeys.key(name, slot);
            BlockId id = BlockId.of(key);
            byte[] body = RecordFormat.encode(record);
            byte[][] shards;
            int[] checksums;
            BlockCodec codec = codecs.borrow();
            try {
                EncodedBlock enc = codec.encode(id, body, 0, body.length);
                shards = enc.shardCopies();
                checksums = enc.bodyChecksums();
            } finally {
                codecs.release(codec);
            }
            long writeId = SlotValue.newWriteId();
            ShardWriter.Result r = writer.write(id, shards, checksums, (b, index, shard, crc) -> {
                b.namespace().set(key, SlotValue.wrap(writeId, shard));
                return ShardLocation.derived(b.id(), crc);
            }, null);
            if (r.placedCount() < policy.k()) {
                throw new MetadataUnavailableException("record " + name + " could not be written: only "
                        + r.placedCount() + " of " + policy.shards() + " metadata backends took it and "
                        + policy.k() + " are needed. " + r.failures() + ". Bring the metadata backends back, then"
                        + " try again");
            }
            if (!r.safe()) {
                log.warn("record {} v{} written degraded ({} of {} shards): {}", name, version, r.placedCount(),
                        policy.shards(), r.failures());
            }
            return new PutResult(record, r.safe());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MetadataException("interrupted while writing record " + name, e);
        } finally {
            lock.unlock();
        }
    }

    /** Stored shards of one write of one slot key. */
    private static final class Group {
        final byte[] key;
        final long writeId;
        final boolean ordered;
        final Map<Integer, byte[]> shards = new TreeMap<>();
        int total;
        int k;
        /** Decoding failed for want of shards (not for a wrong key or a bad format). */
        boolean tooFew;

        Group(byte[] key, long writeId, boolean ordered) {
            this.key = key;
            this.writeId = writeId;
            this.ordered = ordered;
        }

        /** Shards whose body checksum verifies. */
        int validShards() {
            int n = 0;
            for (byte[] s : shards.values()) {
                try {
                    ShardHeader.verify(s, s.length);
                    n++;
                } catch (CorruptShardException e) {
                    // rotten: counts as missing
                }
            }
            return n;
        }
    }

    /**
     * The newest record found under any of {@code keys}; null when none holds one.
     *
     * @param expectedName the record's name, or null when reading a scanned key (the decoded
     *     name is then checked against the key)
     */
    private Found read(List<byte[]> keys, String expectedName) throws MetadataException {
        Map<String, Future<List<byte[]>>> futures = new LinkedHashMap<>();
        for (StoreBackend b : backends.all()) {
            futures.put(b.id(), executor.submit(() -> io.call(b, x -> x.namespace().getAll(keys))));
        }
        long deadline = System.nanoTime() + options.shardTimeout().toNanos();
        Map<String, String> unreachable = new TreeMap<>();
        Map<String, Group> groups = new LinkedHashMap<>();
        for (Map.Entry<String, Future<List<byte[]>>> e : futures.entrySet()) {
            List<byte[]> values;
            try {
                values = e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException ex) {
                unreachable.put(e.getKey(), ex.getCause().getMessage());
                continue;
            } catch (TimeoutException ex) {
                e.getValue().cancel(false);
                io.timedOut(backends.get(e.getKey()), options.shardTimeout());
                unreachable.put(e.getKey(), "no answer within " + options.shardTimeout().toMillis() + " ms");
                continue;
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new MetadataException("interrupted while reading metadata", ex);
            }
            for (int i = 0; i < keys.size(); i++) {
                SlotValue v = SlotValue.unwrap(i < values.size() ? values.get(i) : null);
                if (v == null) {
                    continue;
                }
                try {
                    ShardHeader h = ShardHeader.readHeader(v.shard(), v.shard().length);
                    byte[] key = keys.get(i);
                    Group g = groups.computeIfAbsent(i + ":" + v.writeId(), x -> new Group(key, v.writeId(),
                            v.ordered()));
                    g.total = h.k() + h.m();
                    g.k = h.k();
                    g.shards.putIfAbsent(h.index(), v.shard());
                } catch (CorruptShardException ex) {
                    log.debug("metadata shard on {} unreadable: {}", e.getKey(), ex.getMessage());
                }
            }
        }
        Found found = new Found(unreachable);
        for (Group g : groups.values()) {
            found.groups++;
            MetadataRecord r = decode(g, found);
            if (r == null) {
                continue;
            }
            boolean nameOk = expectedName == null ? slotKeys.matches(r.name(), g.key) : r.name().equals(expectedName);
            if (!nameOk) {
                found.problems.add("a record under another name's key (ignored)");
                continue;
            }
            if (found.best == null || r.version() > found.best.version()) {
                found.best = r;
                found.bestGroup = g;
            }
        }
        if (found.best != null && found.bestGroup.ordered) {
            for (Group g : groups.values()) {
                // A later write that cannot be decoded now, but could be once the unreachable
                // backends answer: reading the older version would silently go back in time. A
                // write that could not have reached k backends even counting those was torn.
                if (g.tooFew && g.ordered && g.writeId > found.bestGroup.writeId
                        && g.shards.size() + unreachable.size() >= g.k) {
                    found.newerUnreadable = true;
                }
            }
        }
        return found;
    }

    /** What one read found: the newest record, and why others could not be used. */
    private final class Found {
        final Map<String, String> unreachable;
        final List<String> problems = new ArrayList<>();
        MetadataRecord best;
        Group bestGroup;
        boolean newerUnreadable;
        int groups;
        int authFailures;

        Found(Map<String, String> unreachable) {
            this.unreachable = unreachable;
        }

        /** Every version found was encrypted under another key. */
        boolean foreign() {
            return groups > 0 && authFailures == groups;
        }

        /** The newest record, null when there is none; an error when one may exist but cannot be read. */
        MetadataRecord orThrow(String name) throws MetadataUnavailableException {
            if (newerUnreadable) {
                throw new MetadataUnavailableException("metadata record " + (name == null ? "" : name + " ")
                        + "has a newer version than the one that can be read, stored partly on unreachable"
                        + " backends " + unreachable + "; bring the metadata backends back and try again");
            }
            if (best == null && (!problems.isEmpty() || unreachable.size() > policy.m())) {
                throw new MetadataUnavailableException("metadata record " + (name == null ? "" : name + " ")
                        + "cannot be read now: " + (unreachable.isEmpty() ? "" : "unreachable backends " + unreachable
                        + "; ") + (problems.isEmpty() ? "" : "incomplete or invalid versions: " + problems + "; ")
                        + "bring the metadata backends back and try again");
            }
            return best;
        }
    }

    private MetadataRecord decode(Group g, Found found) {
        List<String> problems = found.problems;
        byte[][] shards = new byte[g.total][];
        g.shards.forEach((i, s) -> {
            if (i < shards.length) {
                shards[i] = s;
            }
        });
        BlockCodec codec = codecs.borrow();
        try {
            byte[] body = codec.decode(BlockId.of(g.key), shards).data();
            MetadataRecord r = RecordFormat.decode(body);
            if (r == null) {
                problems.add("a record in a format this QSFS does not read");
            }
            return r;
        } catch (NotEnoughShardsException e) {
            g.tooFew = true;
            problems.add(g.shards.size() + " of " + g.total + " shards of one version");
        } catch (IntegrityException e) {
            found.authFailures++;
            problems.add("a version that does not authenticate with this key");
        } catch (BlockFormatException e) {
            problems.add(e.getMessage());
        } finally {
            codecs.release(codec);
        }
        return null;
    }

    /** Every key in every reachable metadata namespace, deduplicated, in first-seen order. */
    private Set<ByteBuffer> scanKeys() throws MetadataException {
        Set<ByteBuffer> keys = new LinkedHashSet<>();
        int answered = 0;
        Map<String, String> failed = new TreeMap<>();
        for (StoreBackend b : backends.all()) {
            byte[] cursor = null;
            try {
                do {
                    byte[] c = cursor;
                    ScanPage page = io.call(b, x -> x.namespace().scan(c));
                    for (byte[] k : page.keys()) {
                        keys.add(ByteBuffer.wrap(k));
                    }
                    cursor = page.nextCursor();
                } while (cursor != null);
                answered++;
            } catch (ZdbException e) {
                failed.put(b.id(), e.getMessage());
            }
        }
        if (answered < backends.size() - policy.m()) {
            // More than m missing: records held only there would be missed silently.
            throw new MetadataUnavailableException("cannot list: only " + answered + " of " + backends.size()
                    + " metadata backends answered " + failed + "; bring them back and try again");
        }
        return keys;
    }

    private static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a record name cannot be empty");
        }
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > RecordFormat.MAX_NAME_BYTES) {
            throw new IllegalArgumentException("a record name is at most " + RecordFormat.MAX_NAME_BYTES
                    + " bytes of UTF-8");
        }
    }

    private ReentrantLock lockFor(String name) {
        return locks[Math.floorMod(name.hashCode(), LOCK_STRIPES)];
    }

    @Override
    public void close() {
        codecs.close();
    }
}
