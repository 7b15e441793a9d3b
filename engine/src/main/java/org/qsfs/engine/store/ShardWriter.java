package org.qsfs.engine.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.qsfs.engine.block.BlockId;
import org.qsfs.engine.placement.PlacementPolicy;
import org.qsfs.engine.zdb.ZdbException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the {@code k+m} shards of one block to distinct backends in parallel. Backends come
 * from placement; a shard whose backend fails or does not answer within the shard timeout
 * is re-placed on an unused backend (same group first, to keep the spread). The result
 * says where each shard went and whether the block is safe (all shards stored, placement
 * keeps the policy). Used by the block store and the metadata store alike; what a write
 * means on a backend is the caller's {@link Op}.
 */
public final class ShardWriter {
    /** Stores shard {@code index} on backend {@code b}; returns its location. */
    @FunctionalInterface
    public interface Op {
        ShardLocation write(StoreBackend b, int index, byte[] shard, int bodyChecksum) throws ZdbException;
    }

    /** Undoes a write (best effort) when the block is abandoned or a late duplicate lands. */
    @FunctionalInterface
    public interface Undo {
        void delete(StoreBackend b, int index, ShardLocation location) throws ZdbException;
    }

    /**
     * @param locations per shard index, null where nothing could be stored
     * @param backends per shard index, the backend holding it (null where not stored)
     * @param failures per shard index that had a failed attempt, the last reason
     * @param attemptsOver no write attempt is still running (none was given up on while it
     *     ran), so nothing reads the shard arrays any more: the caller may reuse them
     */
    public record Result(ShardLocation[] locations, StoreBackend[] backends, boolean safe,
                         Map<Integer, String> failures, boolean attemptsOver) {
        public int placedCount() {
            int n = 0;
            for (ShardLocation l : locations) {
                n += l == null ? 0 : 1;
            }
            return n;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(ShardWriter.class);

    private final ShardIo io;
    private final ShardPlacement placement;
    private final ExecutorService executor;
    private final BlockStoreOptions options;

    public ShardWriter(ShardIo io, PlacementPolicy policy, ExecutorService executor, BlockStoreOptions options) {
        this.io = io;
        this.placement = new ShardPlacement(io.registry(), policy, options);
        this.executor = executor;
        this.options = options;
    }

    public PlacementPolicy policy() {
        return placement.policy();
    }

    ShardPlacement placement() {
        return placement;
    }

    private static final class Attempt {
        final int index;
        final StoreBackend backend;
        final long deadline;
        boolean timedOut;

        Attempt(int index, StoreBackend backend, long deadline) {
            this.index = index;
            this.backend = backend;
            this.deadline = deadline;
        }
    }

    /**
     * Writes {@code shards} (exact-length stored shards, index order) of block {@code id}.
     * Never throws for backend failures: the result tells what was stored; the caller
     * decides whether that is enough.
     */
    public Result write(BlockId id, byte[][] shards, int[] checksums, Op op, Undo undo) throws InterruptedException {
        return write(id, shards, checksums, op, undo, false);
    }

    /**
     * As {@link #write(BlockId, byte[][], int[], Op, Undo)}; with {@code doubleUp}, shards that
     * found no backend of their own are then put on backends that already took one (fewest
     * first). The block stays not safe, but a degraded block then survives losing one more
     * backend instead of none. Only for ops that store each shard under its own key.
     */
    public Result write(BlockId id, byte[][] shards, int[] checksums, Op op, Undo undo, boolean doubleUp)
            throws InterruptedException {
        int n = shards.length;
        List<StoreBackend> primaries = placement.primaries(id, n);
        List<StoreBackend> spares = placement.spares(id, primaries);

        ShardLocation[] placed = new ShardLocation[n];
        StoreBackend[] placedOn = new StoreBackend[n];
        Map<Integer, String> failures = new HashMap<>();
        Set<String> used = new HashSet<>();
        Map<Future<ShardLocation>, Attempt> pending = new IdentityHashMap<>();
        CompletionService<ShardLocation> ecs = new ExecutorCompletionService<>(executor);
        long timeoutNanos = options.shardTimeout().toNanos();

        // Launches one attempt for shard i on b.
        java.util.function.BiConsumer<Integer, StoreBackend> launch = (i, b) -> {
            used.add(b.id());
            byte[] shard = shards[i];
            int crc = checksums[i];
            Future<ShardLocation> f = ecs.submit(() -> io.call(b, x -> op.write(x, i, shard, crc)));
            pending.put(f, new Attempt(i, b, System.nanoTime() + timeoutNanos));
        };
        for (int i = 0; i < n; i++) {
            StoreBackend b = i < primaries.size() ? primaries.get(i) : ShardPlacement.takeSpare(spares, used, null);
            if (b == null) {
                failures.put(i, "no backend left to hold it");
            } else {
                launch.accept(i, b);
            }
        }

        try {
            while (true) {
                long now = System.nanoTime();
                long next = Long.MAX_VALUE;
                for (Attempt a : pending.values()) {
                    if (!a.timedOut && placed[a.index] == null) {
                        next = Math.min(next, a.deadline);
                    }
                }
                if (next == Long.MAX_VALUE) {
                    break; // every shard stored, or nothing more to wait for
                }
                Future<ShardLocation> f = ecs.poll(Math.max(0, next - now), TimeUnit.NANOSECONDS);
                if (f == null) {
                    long t = System.nanoTime();
                    for (Attempt a : List.copyOf(pending.values())) {
                        if (!a.timedOut && a.deadline <= t && placed[a.index] == null) {
                            a.timedOut = true;
                            io.timedOut(a.backend, options.shardTimeout());
                            failures.put(a.index, describe(a.backend) + ": no answer within "
                                    + options.shardTimeout().toMillis() + " ms");
                            if (!hasLiveAttempt(pending, a.index)) {
                                replace(a, spares, used, launch, failures);
                            }
                        }
                    }
                    continue;
                }
                Attempt a = pending.remove(f);
                try {
                    ShardLocation loc = f.get();
                    if (placed[a.index] == null) {
                        placed[a.index] = loc;
                        placedOn[a.index] = a.backend;
                    } else {
                        discard(a.backend, a.index, loc, undo); // a slow attempt landed after its replacement
                    }
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    failures.put(a.index, describe(a.backend) + ": " + cause.getMessage());
                    log.debug("block {} shard {} on {} failed: {}", id, a.index, a.backend.id(), cause.toString());
                    if (placed[a.index] == null && !hasLiveAttempt(pending, a.index)) {
                        replace(a, spares, used, launch, failures);
                    }
                }
            }
        } finally {
            // Attempts still running were given up on; if they land later, the shard is an orphan
            // that a scrub or the namespace's own lifecycle removes. Nothing refers to it.
            for (Future<ShardLocation> f : pending.keySet()) {
                f.cancel(false);
            }
        }
        return finish(id, shards, checksums, op, placed, placedOn, failures, doubleUp, pending.isEmpty());
    }

    /**
     * The result of a block once its attempts are over (here or in {@link ShardBatchWriter}):
     * doubled up if asked, failures kept only for shards not stored, safe if the policy holds.
     */
    Result finish(BlockId id, byte[][] shards, int[] checksums, Op op, ShardLocation[] placed,
            StoreBackend[] placedOn, Map<Integer, String> failures, boolean doubleUp, boolean attemptsOver)
            throws InterruptedException {
        boolean over = attemptsOver;
        if (doubleUp) {
            over &= doubleUp(id, shards, checksums, op, placed, placedOn, failures);
        }
        for (int i = 0; i < placed.length; i++) {
            if (placed[i] != null) {
                failures.remove(i);
            }
        }
        boolean safe = placement.isSafe(placedOn, placed.length);
        return new Result(placed, placedOn, safe, new TreeMap<>(failures), over);
    }

    /**
     * Second shards on backends that took one, for a block that could not get k+m distinct ones.
     *
     * @return false when an attempt was given up on while it ran
     */
    private boolean doubleUp(BlockId id, byte[][] shards, int[] checksums, Op op, ShardLocation[] placed,
            StoreBackend[] placedOn, Map<Integer, String> failures) throws InterruptedException {
        Map<String, Integer> held = new HashMap<>();
        List<StoreBackend> holders = new ArrayList<>();
        for (StoreBackend b : placedOn) {
            if (b != null && held.merge(b.id(), 1, Integer::sum) == 1) {
                holders.add(b);
            }
        }
        if (holders.size() < placement.policy().k() || held.size() == placed.length) {
            return true; // fewer than k backends: the caller refuses the block, doubling would hide that
        }
        holders.sort(ShardPlacement.rendezvous(id));
        CompletionService<ShardLocation> ecs = new ExecutorCompletionService<>(executor);
        Map<Future<ShardLocation>, Integer> pending = new IdentityHashMap<>();
        Map<Integer, StoreBackend> target = new HashMap<>();
        for (int i = 0; i < placed.length; i++) {
            if (placed[i] != null) {
                continue;
            }
            StoreBackend b = holders.get(0);
            for (StoreBackend h : holders) {
                if (held.get(h.id()) < held.get(b.id())) {
                    b = h;
                }
            }
            held.merge(b.id(), 1, Integer::sum);
            int index = i;
            StoreBackend on = b;
            target.put(i, b);
            pending.put(ecs.submit(() -> io.call(on, x -> op.write(x, index, shards[index], checksums[index]))), i);
        }
        long deadline = System.nanoTime() + options.shardTimeout().toNanos();
        while (!pending.isEmpty()) {
            Future<ShardLocation> f = ecs.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (f == null) {
                break;
            }
            int i = pending.remove(f);
            try {
                placed[i] = f.get();
                placedOn[i] = target.get(i);
                log.debug("block {}: shard {} doubled up on {}", id, i, target.get(i).id());
            } catch (ExecutionException e) {
                failures.merge(i, "doubling up on " + target.get(i).id() + " failed too: " + e.getCause().getMessage(),
                        (x, y) -> x + "; " + y);
            }
        }
        for (Future<ShardLocation> f : pending.keySet()) {
            f.cancel(false);
        }
        return pending.isEmpty();
    }

    private static boolean hasLiveAttempt(Map<Future<ShardLocation>, Attempt> pending, int index) {
        for (Attempt a : pending.values()) {
            if (a.index == index && !a.timedOut) {
                return true;
            }
        }
        return false;
    }

    private void replace(Attempt failed, List<StoreBackend> spares, Set<String> used,
            java.util.function.BiConsumer<Integer, StoreBackend> launch, Map<Integer, String> failures) {
        StoreBackend b = ShardPlacement.takeSpare(spares, used, failed.backend.group());
        if (b != null) {
            log.debug("re-placing shard {} from {} to {}", failed.index, failed.backend.id(), b.id());
            launch.accept(failed.index, b);
        } else {
            failures.merge(failed.index, "no unused backend left to re-place it on", (x, y) -> x + "; " + y);
        }
    }

    /** Removes a stored shard that nothing will refer to (best effort, in the background). */
    void discard(StoreBackend b, int index, ShardLocation loc, Undo undo) {
        if (undo == null) {
            return;
        }
        executor.execute(() -> {
            try {
                undo.delete(b, index, loc);
            } catch (ZdbException | RuntimeException e) {
                log.debug("could not remove an unused shard from {}: {}", b.id(), e.toString());
            }
        });
    }

    /** Deletes the stored shards of an abandoned block (best effort, in the background). */
    public void discardAll(Result r, Undo undo) {
        for (int i = 0; i < r.locations().length; i++) {
            if (r.locations()[i] != null) {
                discard(r.backends()[i], i, r.locations()[i], undo);
            }
        }
    }

    static String describe(StoreBackend b) {
        return b.id() + " (" + b.namespace().address() + ")";
    }
}
