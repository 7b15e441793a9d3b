package org.qsfs.engine.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.qsfs.engine.block.BlockId;
import org.qsfs.engine.zdb.ZdbException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the shards of several blocks at once: each backend's share of them goes as one batch
 * (one task, one pipelined exchange on one connection) instead of one task and one round trip
 * per shard. For small blocks the per-shard round trip, not the bytes, is the cost: the 6
 * shards of 8 blocks become 6 exchanges instead of 48.
 *
 * <p>Each block keeps {@link ShardWriter}'s guarantees: its shards are placed as for a single
 * write; a batch whose backend fails, refuses a shard or does not answer within the shard
 * timeout has those shards (and only those: acknowledged ones stay) re-placed on an unused
 * backend of that block, grouped again per backend; a copy that lands after its replacement
 * is undone; the result of each block is its own, with its own failures, doubling up and
 * safety, as {@link ShardWriter#write} gives it.
 */
public final class ShardBatchWriter {
    /** One shard to store: shard {@code index} of block {@code block}. */
    public record Shard(BlockId block, int index, byte[] bytes, int checksum) {
    }

    /**
     * Stores {@code shards} on backend {@code b}, all in one exchange. Fills {@code locations[i]}
     * for each shard stored or {@code refusals[i]} for each one the backend refused, as the replies
     * arrive.
     *
     * @throws ZdbException the backend failed before every reply came (the rest stay null)
     */
    @FunctionalInterface
    public interface BatchOp {
        void write(StoreBackend b, List<Shard> shards, ShardLocation[] locations, ZdbException[] refusals)
                throws ZdbException;
    }

    /**
     * One block to write: its exact-length shards in index order, and how to write one of them
     * alone (doubling up) or undo one.
     */
    public record Block(BlockId id, byte[][] shards, int[] checksums, ShardWriter.Op op, ShardWriter.Undo undo) {
    }

    private static final Logger log = LoggerFactory.getLogger(ShardBatchWriter.class);

    private final ShardIo io;
    private final ShardWriter single;
    private final ShardPlacement placement;
    private final ExecutorService executor;
    private final BlockStoreOptions options;

    /** @param single the writer of the same store: its placement, doubling up and undo */
    public ShardBatchWriter(ShardIo io, ShardWriter single, ExecutorService executor, BlockStoreOptions options) {
        this.io = io;
        this.single = single;
        this.placement = single.placement();
        this.executor = executor;
        this.options = options;
    }

    /** A block being written: where its shards are, what failed, what it may still use. */
    private static final class Pending {
        final Block block;
        final ShardLocation[] placed;
        final StoreBackend[] placedOn;
        final Map<Integer, String> failures = new HashMap<>();
        final Set<String> used = new HashSet<>();
        /** Attempts per shard that are running and not timed out. */
        final int[] live;
        List<StoreBackend> spares;

        Pending(Block block) {
            this.block = block;
            int n = block.shards().length;
            this.placed = new ShardLocation[n];
            this.placedOn = new StoreBackend[n];
            this.live = new int[n];
        }
    }

    private record Item(Pending block, int index) {
    }

    /** One batch on one backend. */
    private static final class Attempt {
        final StoreBackend backend;
        final List<Item> items;
        final long deadline;
        final ShardLocation[] locations;
        final ZdbException[] refusals;
        boolean timedOut;

        Attempt(StoreBackend backend, List<Item> items, long deadline) {
            this.backend = backend;
            this.items = items;
            this.deadline = deadline;
            this.locations = new ShardLocation[items.size()];
            this.refusals = new ZdbException[items.size()];
        }

        boolean waitedFor() {
            if (timedOut) {
                return false;
            }
            for (Item it : items) {
                if (it.block.placed[it.index] == null) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * Writes every block's shards; never throws for backend failures.
     *
     * @param doubleUp as {@link ShardWriter#write(BlockId, byte[][], int[], ShardWriter.Op, ShardWriter.Undo, boolean)}
     * @return one result per block, in order
     */
    public List<ShardWriter.Result> write(List<Block> blocks, BatchOp op, boolean doubleUp) throws InterruptedException {
        List<Pending> all = new ArrayList<>(blocks.size());
        Map<StoreBackend, List<Item>> first = new LinkedHashMap<>();
        for (Block b : blocks) {
            Pending p = new Pending(b);
            all.add(p);
            int n = b.shards().length;
            List<StoreBackend> primaries = placement.primaries(b.id(), n);
            p.spares = placement.spares(b.id(), primaries);
            for (int i = 0; i < n; i++) {
                StoreBackend on = i < primaries.size() ? primaries.get(i)
                        : ShardPlacement.takeSpare(p.spares, p.used, null);
                if (on == null) {
                    p.failures.put(i, "no backend left to hold it");
                } else {
                    assign(new Item(p, i), on, first);
                }
            }
        }
        new Run(op).go(first);
        List<ShardWriter.Result> results = new ArrayList<>(all.size());
        for (Pending p : all) {
            Block b = p.block;
            results.add(single.finish(b.id(), b.shards(), b.checksums(), b.op(), p.placed, p.placedOn, p.failures,
                    doubleUp, false)); // not tracked here: its callers do not reuse shard arrays
        }
        return results;
    }

    private static void assign(Item it, StoreBackend on, Map<StoreBackend, List<Item>> groups) {
        it.block.used.add(on.id());
        groups.computeIfAbsent(on, x -> new ArrayList<>()).add(it);
    }

    /** The attempts of one {@link #write} call, until none is left to wait for. */
    private final class Run {
        private final BatchOp op;
        private final CompletionService<Void> ecs = new ExecutorCompletionService<>(executor);
        private final Map<Future<Void>, Attempt> pending = new IdentityHashMap<>();
        private final long timeoutNanos = options.shardTimeout().toNanos();

        Run(BatchOp op) {
            this.op = op;
        }

        void go(Map<StoreBackend, List<Item>> first) throws InterruptedException {
            launch(first);
            try {
                while (true) {
                    long next = Long.MAX_VALUE;
                    for (Attempt a : pending.values()) {
                        if (a.waitedFor()) {
                            next = Math.min(next, a.deadline);
                        }
                    }
                    if (next == Long.MAX_VALUE) {
                        break; // every shard stored, or nothing more to wait for
                    }
                    Future<Void> f = ecs.poll(Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS);
                    if (f == null) {
                        timeOut(System.nanoTime());
                    } else {
                        landed(pending.remove(f), f);
                    }
                }
            } finally {
                // Batches still running were given up on; what they store later is an orphan that a
                // scrub or the namespace's own lifecycle removes (as for ShardWriter). Nothing refers to it.
                for (Future<Void> f : pending.keySet()) {
                    f.cancel(false);
                }
            }
        }

        private void launch(Map<StoreBackend, List<Item>> groups) {
            for (Map.Entry<StoreBackend, List<Item>> g : groups.entrySet()) {
                StoreBackend b = g.getKey();
                List<Item> items = g.getValue();
                List<Shard> shards = new ArrayList<>(items.size());
                for (Item it : items) {
                    Block blk = it.block.block;
                    shards.add(new Shard(blk.id(), it.index, blk.shards()[it.index], blk.checksums()[it.index]));
                    it.block.live[it.index]++;
                }
                Attempt a = new Attempt(b, items, System.nanoTime() + timeoutNanos);
                pending.put(ecs.submit(() -> io.call(b, x -> {
                    op.write(x, shards, a.locations, a.refusals);
                    return null;
                })), a);
            }
        }

        /** Batches past their deadline: their unstored shards go elsewhere; the batch may still land. */
        private void timeOut(long now) {
            Map<StoreBackend, List<Item>> again = new LinkedHashMap<>();
            for (Attempt a : List.copyOf(pending.values())) {
                if (!a.waitedFor() || a.deadline > now) {
                    continue;
                }
                a.timedOut = true;
                io.timedOut(a.backend, options.shardTimeout());
                String why = ShardWriter.describe(a.backend) + ": no answer within "
                        + options.shardTimeout().toMillis() + " ms";
                for (Item it : a.items) {
                    it.block.live[it.index]--;
                }
                for (Item it : a.items) {
                    if (it.block.placed[it.index] == null) {
                        it.block.failures.put(it.index, why);
                        if (it.block.live[it.index] == 0) {
                            replace(it, a.backend, again);
                        }
                    }
                }
            }
            launch(again);
        }

        /** A batch ended: keep what it stored, re-place what it did not. */
        private void landed(Attempt a, Future<Void> f) throws InterruptedException {
            if (!a.timedOut) {
                for (Item it : a.items) {
                    it.block.live[it.index]--;
                }
            }
            String failure = null;
            try {
                f.get();
            } catch (ExecutionException e) {
                failure = e.getCause().getMessage();
                log.debug("batch of {} shards on {} failed: {}", a.items.size(), a.backend.id(), e.getCause().toString());
            }
            boolean refused = false;
            Map<StoreBackend, List<Item>> again = new LinkedHashMap<>();
            for (int k = 0; k < a.items.size(); k++) {
                Item it = a.items.get(k);
                Pending p = it.block;
                ShardLocation loc = a.locations[k];
                if (loc != null) {
                    if (p.placed[it.index] == null) {
                        p.placed[it.index] = loc;
                        p.placedOn[it.index] = a.backend;
                    } else {
                        single.discard(a.backend, it.index, loc, p.block.undo()); // landed after its replacement
                    }
                    continue;
                }
                ZdbException no = a.refusals[k];
                if (no != null && !refused) {
                    io.failed(a.backend, no); // full or refused: the backend's health says so
                    refused = true;
                }
                String why = no != null ? no.getMessage() : failure != null ? failure : "no reply";
                p.failures.put(it.index, ShardWriter.describe(a.backend) + ": " + why);
                if (p.placed[it.index] == null && p.live[it.index] == 0) {
                    replace(it, a.backend, again);
                }
            }
            launch(again);
        }

        private void replace(Item it, StoreBackend failed, Map<StoreBackend, List<Item>> again) {
            Pending p = it.block;
            StoreBackend b = ShardPlacement.takeSpare(p.spares, p.used, failed.group());
            if (b != null) {
                log.debug("block {}: re-placing shard {} from {} to {}", p.block.id(), it.index, failed.id(), b.id());
                assign(it, b, again);
            } else {
                p.failures.merge(it.index, "no unused backend left to re-place it on", (x, y) -> x + "; " + y);
            }
        }
    }
}
