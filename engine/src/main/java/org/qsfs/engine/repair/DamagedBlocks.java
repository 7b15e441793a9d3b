package org.qsfs.engine.repair;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.qsfs.engine.block.BlockId;
import org.qsfs.engine.store.BlockRef;
import org.qsfs.engine.store.RepairListener;
import org.qsfs.engine.store.ShardProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The repair queue: damaged blocks by id, each with the shards reported bad and, when known,
 * the object that holds it. Reports of the same block merge. A block whose repair failed
 * comes back after an exponential backoff. Bounded: when full, new blocks are counted and
 * dropped (the next scrub finds them again). Thread-safe; also a {@link RepairListener} so the
 * block store's read-path reports land here.
 */
public final class DamagedBlocks implements RepairListener {
    /**
     * One damaged block. Immutable snapshot; the queue replaces it on each change.
     *
     * @param path the object whose manifest holds the block, null when not known
     * @param version which manifest of {@code path}: {@link #CURRENT}, or a kept older version
     *     ({@link org.qsfs.engine.object.ObjectStore#history})
     * @param source null for the object store; else the {@link BlockRefSource#name()} whose owner
     *     {@code path} holds the block
     */
    public record Entry(BlockId blockId, String path, long version, BlockRef ref,
                        Map<Integer, ShardProblem.Kind> shards, String detail, int attempts, long notBeforeNanos,
                        String source) {
        /** {@link #version()} of an object's current manifest. */
        public static final long CURRENT = ObjectWalker.Target.CURRENT;

        public Entry {
            shards = Collections.unmodifiableMap(new TreeMap<>(shards));
        }

        /** An entry of the object store (or of unknown owner when {@code path} is null). */
        public Entry(BlockId blockId, String path, long version, BlockRef ref, Map<Integer, ShardProblem.Kind> shards,
                String detail, int attempts, long notBeforeNanos) {
            this(blockId, path, version, ref, shards, detail, attempts, notBeforeNanos, null);
        }

        static Entry of(ObjectWalker.Target t, BlockRef ref, Map<Integer, ShardProblem.Kind> shards, String detail,
                int attempts, long notBeforeNanos) {
            return new Entry(ref.blockId(), t.path(), t.version(), ref, shards, detail, attempts, notBeforeNanos,
                    t.source());
        }

        Entry merge(Entry o) {
            Map<Integer, ShardProblem.Kind> s = new TreeMap<>(shards);
            s.putAll(o.shards);
            boolean mine = path != null;
            return new Entry(blockId, mine ? path : o.path, mine ? version : o.version, ref, s,
                    o.detail != null ? o.detail : detail, Math.max(attempts, o.attempts),
                    Math.min(notBeforeNanos, o.notBeforeNanos), mine ? source : o.source);
        }

        /** The same entry, with other shards, detail, attempts and due time. */
        Entry with(Map<Integer, ShardProblem.Kind> s, String d, int a, long notBefore) {
            return new Entry(blockId, path, version, ref, s, d, a, notBefore, source);
        }

        /** The manifest that holds the block; null when not known. */
        ObjectWalker.Target target() {
            return path == null ? null : new ObjectWalker.Target(source, path, version);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(DamagedBlocks.class);

    private final Map<BlockId, Entry> entries = new ConcurrentHashMap<>();
    private final int capacity;
    private final Duration retryInitial;
    private final Duration retryMax;
    private final AtomicLong dropped = new AtomicLong();

    public DamagedBlocks(int capacity, Duration retryInitial, Duration retryMax) {
        if (capacity < 1) {
            throw new IllegalArgumentException("repair queue capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
        this.retryInitial = retryInitial;
        this.retryMax = retryMax;
    }

    @Override
    public void shardProblem(ShardProblem p) {
        report(null, p.block(), p.shardIndex(), p.kind(), p.toString());
    }

    /** Records that shard {@code index} of {@code ref} (held by object {@code path}, null if unknown) is bad. */
    public void report(String path, BlockRef ref, int index, ShardProblem.Kind kind, String detail) {
        report(path, Entry.CURRENT, ref, index, kind, detail);
    }

    /**
     * Records that shard {@code index} of {@code ref}, held by version {@code version} of
     * {@code path} ({@link Entry#CURRENT} for its current manifest), is bad.
     */
    public void report(String path, long version, BlockRef ref, int index, ShardProblem.Kind kind, String detail) {
        add(new Entry(ref.blockId(), path, version, ref, Map.of(index, kind), detail, 0, System.nanoTime()));
    }

    /** Records that shard {@code index} of {@code ref}, held by {@code target}, is bad. */
    void reportOwned(ObjectWalker.Target target, BlockRef ref, int index, ShardProblem.Kind kind, String detail) {
        add(Entry.of(target, ref, Map.of(index, kind), detail, 0, System.nanoTime()));
    }

    void add(Entry e) {
        if (entries.size() >= capacity && !entries.containsKey(e.blockId())) {
            if (dropped.incrementAndGet() % 1000 == 1) {
                log.warn("repair queue full ({} blocks); dropped {} so far, a scrub will find them again", capacity,
                        dropped.get());
            }
            return;
        }
        entries.merge(e.blockId(), e, Entry::merge);
    }

    /** Removes and returns the entries due now (all of them when {@code ignoreBackoff}). */
    List<Entry> takeDue(boolean ignoreBackoff) {
        long now = System.nanoTime();
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (ignoreBackoff || e.notBeforeNanos() - now <= 0) {
                if (entries.remove(e.blockId(), e)) {
                    out.add(e);
                }
            }
        }
        return out;
    }

    /**
     * Puts a failed entry back to be tried after a backoff that doubles per attempt.
     *
     * @return how long until it is tried again
     */
    Duration retryLater(Entry e, String why) {
        int attempts = e.attempts() + 1;
        long delay = retryInitial.toNanos();
        for (int i = 1; i < attempts && delay < retryMax.toNanos(); i++) {
            delay *= 2;
        }
        delay = Math.min(delay, retryMax.toNanos());
        add(e.with(e.shards(), why, attempts, System.nanoTime() + delay));
        return Duration.ofNanos(delay);
    }

    /** Puts an entry back to be looked at again after {@code delay}, without counting a failure. */
    void revisit(Entry e, Duration delay) {
        add(e.with(e.shards(), e.detail(), e.attempts(), System.nanoTime() + delay.toNanos()));
    }

    public int size() {
        return entries.size();
    }

    /** Blocks dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** A snapshot of the queue, for status displays and tests. */
    public List<Entry> snapshot() {
        return new ArrayList<>(entries.values());
    }
}
