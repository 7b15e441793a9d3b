package org.qsfs.engine.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.qsfs.engine.codec.CorruptShardException;
import org.qsfs.engine.codec.NotEnoughShardsException;
import org.qsfs.engine.codec.ShardHeader;
import org.qsfs.engine.placement.Health;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches {@code k} verified shards of a block: the fastest backends first (by measured
 * latency, unreachable ones last), the next one whenever a shard is missing, corrupt,
 * fails or is too slow. Every unusable shard is reported to the repair listener; none is
 * ever returned.
 */
final class ShardReader {
    private static final Logger log = LoggerFactory.getLogger(ShardReader.class);

    private final ShardIo io;
    private final ShardKeys keys;
    private final ExecutorService executor;
    private final BlockStoreOptions options;
    private final RepairListener repair;

    ShardReader(ShardIo io, ShardKeys keys, ExecutorService executor, BlockStoreOptions options, RepairListener repair) {
        this.io = io;
        this.keys = keys;
        this.executor = executor;
        this.options = options;
        this.repair = repair;
    }

    private record Attempt(int index, StoreBackend backend, long deadline, boolean[] timedOut) {
    }

    /**
     * What a fetch got.
     *
     * @param shards one slot per shard index: {@code k} verified shards, null elsewhere
     * @param attemptsOver no read is still running (none was given up on while it ran), so
     *     nothing writes into the caller's arrays any more
     */
    record Fetched(byte[][] shards, boolean attemptsOver) {
    }

    /**
     * @param into per shard index, an array to read that shard into when it has exactly that
     *     length (a shard of another length gets a new one), or null for new arrays throughout
     * @throws NotEnoughShardsException fewer than {@code k} shards verify; names each and why
     */
    Fetched fetch(BlockRef ref, byte[][] into) throws NotEnoughShardsException, InterruptedException {
        int n = ref.k() + ref.m();
        byte[][] good = new byte[n][];
        Map<Integer, String> missing = new TreeMap<>();
        Map<Integer, String> corrupt = new TreeMap<>();
        List<Integer> queue = candidates(ref, missing);
        Map<Future<byte[]>, Attempt> pending = new IdentityHashMap<>();
        CompletionService<byte[]> ecs = new ExecutorCompletionService<>(executor);
        long timeoutNanos = options.shardTimeout().toNanos();
        int have = 0;
        int next = 0;
        try {
            for (; next < Math.min(ref.k(), queue.size()); next++) {
                launch(ref, queue.get(next), into, ecs, pending, timeoutNanos);
            }
            while (have < ref.k()) {
                long deadline = Long.MAX_VALUE;
                for (Attempt a : pending.values()) {
                    if (!a.timedOut[0]) {
                        deadline = Math.min(deadline, a.deadline);
                    }
                }
                if (deadline == Long.MAX_VALUE) {
                    if (next < queue.size()) {
                        launch(ref, queue.get(next++), into, ecs, pending, timeoutNanos);
                        continue;
                    }
                    break;
                }
                Future<byte[]> f = ecs.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (f == null) {
                    long now = System.nanoTime();
                    for (Attempt a : List.copyOf(pending.values())) {
                        if (!a.timedOut[0] && a.deadline <= now) {
                            a.timedOut[0] = true;
                            io.timedOut(a.backend, options.shardTimeout());
                            missing.put(a.index, a.backend.id() + " did not answer within "
                                    + options.shardTimeout().toMillis() + " ms");
                            if (next < queue.size()) {
                                launch(ref, queue.get(next++), into, ecs, pending, timeoutNanos);
                            }
                        }
                    }
                    continue;
                }
                Attempt a = pending.remove(f);
                String problem;
                ShardProblem.Kind kind;
                try {
                    byte[] shard = f.get();
                    if (shard == null) {
                        kind = ShardProblem.Kind.MISSING;
                        problem = "not found on " + a.backend.id();
                    } else {
                        problem = verify(ref, a.index, shard);
                        kind = ShardProblem.Kind.CORRUPT;
                        if (problem == null) {
                            if (good[a.index] == null) {
                                good[a.index] = shard;
                                have++;
                                missing.remove(a.index); // a slow answer that came in after all
                            }
                            continue;
                        }
                    }
                } catch (ExecutionException e) {
                    kind = ShardProblem.Kind.UNREACHABLE;
                    problem = e.getCause().getMessage();
                }
                if (kind == ShardProblem.Kind.CORRUPT) {
                    corrupt.put(a.index, problem + " on " + a.backend.id());
                    missing.remove(a.index);
                } else {
                    missing.put(a.index, problem);
                }
                log.debug("block {} shard {}: {}", ref.blockId(), a.index, problem);
                repair.shardProblem(new ShardProblem(ref, a.index, a.backend.id(), kind, problem));
                if (!a.timedOut[0] && next < queue.size()) {
                    launch(ref, queue.get(next++), into, ecs, pending, timeoutNanos);
                }
            }
        } finally {
            for (Future<byte[]> f : pending.keySet()) {
                f.cancel(false);
            }
        }
        if (have < ref.k()) {
            for (Attempt a : pending.values()) {
                repair.shardProblem(new ShardProblem(ref, a.index, a.backend.id(), ShardProblem.Kind.UNREACHABLE,
                        "no answer within " + options.shardTimeout().toMillis() + " ms"));
            }
            throw notEnough(ref, good, missing, corrupt);
        }
        return new Fetched(good, pending.isEmpty());
    }

    private void launch(BlockRef ref, int index, byte[][] into, CompletionService<byte[]> ecs,
            Map<Future<byte[]>, Attempt> pending, long timeoutNanos) {
        ShardLocation loc = ref.shard(index);
        StoreBackend b = io.registry().get(loc.backendId());
        byte[] key = loc.derived() ? keys.keyFor(ref.blockId(), index) : loc.key();
        byte[] dst = into == null ? null : into[index];
        Future<byte[]> f = ecs.submit(() -> io.call(b, x -> dst == null ? x.namespace().get(key)
                : x.namespace().get(key, dst)));
        pending.put(f, new Attempt(index, b, System.nanoTime() + timeoutNanos, new boolean[1]));
    }

    /** Placed shards on known backends, fastest first; the rest recorded as missing. */
    private List<Integer> candidates(BlockRef ref, Map<Integer, String> missing) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < ref.k() + ref.m(); i++) {
            ShardLocation loc = ref.shard(i);
            if (loc == null) {
                missing.put(i, "not placed when the block was written");
                repair.shardProblem(new ShardProblem(ref, i, null, ShardProblem.Kind.NOT_PLACED, ""));
            } else if (io.registry().get(loc.backendId()) == null) {
                missing.put(i, "backend " + loc.backendId() + " is not configured");
                repair.shardProblem(new ShardProblem(ref, i, loc.backendId(), ShardProblem.Kind.MISSING,
                        "backend not configured"));
            } else {
                out.add(i);
            }
        }
        out.sort(Comparator.comparing((Integer i) -> rank(io.registry().get(ref.shard(i).backendId())))
                .thenComparingLong(i -> io.registry().get(ref.shard(i).backendId()).latencyNanos()));
        return preferDataShards(out, ref.k(), i -> rank(io.registry().get(ref.shard(i).backendId())) == 0,
                i -> io.registry().get(ref.shard(i).backendId()).latencyNanos());
    }

    /**
     * Moves the data shards (index below {@code k}) to the front when their backends are
     * healthy and about as fast as the {@code k} fastest: k data shards need no Reed-Solomon
     * decoding at all, which costs more CPU than a small latency difference saves. "About as
     * fast": at most twice the latency of the k-th fastest candidate, plus 2 ms.
     *
     * @param sorted candidates, best first (healthy before degraded, then by latency)
     */
    static List<Integer> preferDataShards(List<Integer> sorted, int k, java.util.function.IntPredicate healthy,
            java.util.function.IntToLongFunction latencyNanos) {
        if (sorted.size() <= k) {
            return sorted;
        }
        long kth = latencyNanos.applyAsLong(sorted.get(k - 1));
        long limit = 2 * kth + 2_000_000L;
        List<Integer> first = new ArrayList<>();
        List<Integer> rest = new ArrayList<>();
        for (int i : sorted) {
            if (i < k && healthy.test(i) && latencyNanos.applyAsLong(i) <= limit) {
                first.add(i);
            } else {
                rest.add(i);
            }
        }
        first.addAll(rest);
        return first;
    }

    private static int rank(StoreBackend b) {
        return b.health() == Health.UNREACHABLE ? 2 : b.health() == Health.DEGRADED ? 1 : 0;
    }

    /** Why the stored shard is unusable, or null when it verifies against the reference. */
    static String verify(BlockRef ref, int index, byte[] shard) {
        try {
            ShardHeader h = ShardHeader.verify(shard, shard.length);
            if (h.index() != index) {
                return "holds shard " + h.index() + " instead of " + index;
            }
            if (h.k() != ref.k() || h.m() != ref.m() || h.bodyLength() != ref.shardSize()) {
                return "shape differs from the block reference";
            }
            if (h.bodyCrc() != ref.shard(index).bodyChecksum()) {
                return "checksum differs from the block reference";
            }
            return null;
        } catch (CorruptShardException e) {
            return e.getMessage();
        }
    }

    private static NotEnoughShardsException notEnough(BlockRef ref, byte[][] good, Map<Integer, String> missing,
            Map<Integer, String> corrupt) {
        Map<Integer, String> why = new LinkedHashMap<>(new TreeMap<>(missing));
        for (int i = 0; i < good.length; i++) {
            if (good[i] == null && !missing.containsKey(i) && !corrupt.containsKey(i)) {
                missing.put(i, "not tried");
                why.put(i, "not tried");
            }
        }
        StringBuilder detail = new StringBuilder(ref.blockId().toString()).append(" (");
        String sep = "";
        for (Map.Entry<Integer, String> e : new TreeMap<>(why).entrySet()) {
            detail.append(sep).append("shard ").append(e.getKey()).append(": ").append(e.getValue());
            sep = "; ";
        }
        detail.append(")");
        return new NotEnoughShardsException(detail.toString(), ref.k(), ref.k() + ref.m(),
                new ArrayList<>(new TreeMap<>(missing).keySet()), corrupt);
    }
}
