package org.qsfs.engine.repair;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.qsfs.engine.codec.NotEnoughShardsException;
import org.qsfs.engine.codec.ReedSolomonCodec;
import org.qsfs.engine.codec.ShardHeader;
import org.qsfs.engine.store.BlockRef;
import org.qsfs.engine.store.NamespaceMode;
import org.qsfs.engine.store.ShardLocation;
import org.qsfs.engine.store.StoreBackend;
import org.qsfs.engine.zdb.ZdbException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repairs one block: finds which shards are bad (fetching and verifying them), rebuilds the
 * bad ones from {@code k} good ones with Reed-Solomon (no decryption: shards are ciphertext
 * and the rebuilt body is byte-identical, so its recorded checksum still holds), and writes
 * them to new backends. It never deletes anything and never touches metadata: it returns the
 * new reference and the moves, and the caller updates the manifest first, then deletes the
 * old shards. So the last good copy is never lost.
 */
final class BlockRepairer {
    /** One shard written to a new place. {@code from} is null when it had never been placed. */
    record Move(int index, ShardLocation from, ShardLocation to, String reason) {
        boolean sameSlot() {
            return from != null && from.backendId().equals(to.backendId()) && Arrays.equals(from.key(), to.key());
        }
    }

    /**
     * What a repair achieved.
     *
     * @param updated the new reference, or null when it does not change
     * @param moves shards written (the caller must delete {@code from} after the manifest update,
     *     or {@code to} when the update fails)
     * @param failure why (part of) the block could not be repaired now; null when all is done
     * @param revisitIn set when some shard's backend is unreachable but not yet considered lost
     */
    record Result(BlockRef updated, List<Move> moves, String failure, Duration revisitIn) {
    }

    private enum State { GOOD, MISSING, CORRUPT, UNREACHABLE, NOT_PLACED, UNCONFIGURED }

    private static final Logger log = LoggerFactory.getLogger(BlockRepairer.class);

    private final RepairContext ctx;
    private final TargetChooser chooser;
    private final ReedSolomonCodec erasure = new ReedSolomonCodec();

    BlockRepairer(RepairContext ctx) {
        this.ctx = ctx;
        this.chooser = new TargetChooser(ctx);
    }

    /**
     * @param suspects shard indices reported bad (checked first; others only when needed)
     * @param lost backends whose shards count as gone (unreachable for long enough)
     * @param graceLeft how long to wait for an unreachable, not yet lost backend
     */
    Result repair(BlockRef ref, Set<Integer> suspects, Set<String> lost, Duration graceLeft)
            throws InterruptedException {
        int n = ref.k() + ref.m();
        State[] state = new State[n];
        byte[][] stored = new byte[n][];
        String[] why = new String[n];
        Set<Integer> ask = new TreeSet<>();
        // A block written degraded may hold two shards on one backend: move the later ones off.
        Set<Integer> misplaced = new HashSet<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            if (ref.shard(i) != null && !seen.add(ref.shard(i).backendId())) {
                misplaced.add(i);
            }
        }
        for (int i = 0; i < n; i++) {
            ShardLocation loc = ref.shard(i);
            if (loc == null) {
                state[i] = State.NOT_PLACED;
                why[i] = "never placed";
            } else if (ctx.backend(loc.backendId()) == null) {
                state[i] = State.UNCONFIGURED;
                why[i] = "backend " + loc.backendId() + " is not configured";
            } else if (suspects.contains(i) || misplaced.contains(i) || ctx.retired(loc.backendId())
                    || lost.contains(loc.backendId())) {
                ask.add(i);
            }
        }
        fetch(ref, ask, state, stored, why);

        Set<Integer> rewrite = new TreeSet<>();
        boolean waiting = classify(ref, state, lost, misplaced, rewrite);
        boolean reconstruct = rewrite.stream().anyMatch(i -> state[i] != State.GOOD);
        if (reconstruct) {
            Set<Integer> rest = new TreeSet<>();
            for (int i = 0; i < n; i++) {
                if (state[i] == null) {
                    rest.add(i);
                }
            }
            fetch(ref, rest, state, stored, why);
            waiting |= classify(ref, state, lost, misplaced, rewrite);
        }
        int good = 0;
        for (State s : state) {
            good += s == State.GOOD ? 1 : 0;
        }
        Duration revisit = waiting ? graceLeft : null;
        if (rewrite.isEmpty()) {
            boolean safe = TargetChooser.safe(backendsOf(ref), ctx.policy, ctx);
            BlockRef updated = safe == ref.safe() ? null : new BlockRef(ref.blockId(), ref.k(), ref.m(),
                    ref.shardSize(), ref.length(), ref.shards(), safe);
            return new Result(updated, List.of(), null, revisit);
        }
        if (reconstruct && good < ref.k()) {
            return new Result(null, List.of(), "only " + good + " of " + n + " shards verify and " + ref.k()
                    + " are needed to rebuild the others (" + describe(state, why) + "); bring backends back",
                    revisit);
        }
        if (reconstruct) {
            String problem = rebuild(ref, state, stored, rewrite);
            if (problem != null) {
                return new Result(null, List.of(), problem, revisit);
            }
        }
        return place(ref, state, stored, why, rewrite, misplaced, lost, revisit);
    }

    /** Adds the shards that must be (re)written; returns true when one is unreachable but not lost yet. */
    private boolean classify(BlockRef ref, State[] state, Set<String> lost, Set<Integer> misplaced,
            Set<Integer> rewrite) {
        boolean waiting = false;
        for (int i = 0; i < state.length; i++) {
            if (state[i] == null) {
                continue;
            }
            String backend = ref.shard(i) == null ? null : ref.shard(i).backendId();
            switch (state[i]) {
                case NOT_PLACED, UNCONFIGURED, MISSING, CORRUPT -> rewrite.add(i);
                case GOOD -> {
                    if (ctx.retired(backend) || misplaced.contains(i)) {
                        rewrite.add(i); // drain, or a doubled-up shard: move the good copy as it is
                    }
                }
                case UNREACHABLE -> {
                    if (lost.contains(backend) || ctx.retired(backend)) {
                        rewrite.add(i);
                    } else {
                        waiting = true; // may come back with the shard intact: do not rebuild yet
                    }
                }
                default -> throw new IllegalStateException();
            }
        }
        return waiting;
    }

    /** Fetches and verifies the given shards in parallel, filling state, stored and why. */
    private void fetch(BlockRef ref, Set<Integer> indices, State[] state, byte[][] stored, String[] why)
            throws InterruptedException {
        Map<Integer, Future<byte[]>> futures = new LinkedHashMap<>();
        for (int i : indices) {
            ShardLocation loc = ref.shard(i);
            StoreBackend b = ctx.backend(loc.backendId());
            byte[] key = ctx.blocks.keyOf(ref.blockId(), i, loc);
            futures.put(i, ctx.executor.submit(() -> ctx.call(b, x -> x.namespace().get(key))));
        }
        long deadline = System.nanoTime() + ctx.shardTimeout.toNanos();
        for (Map.Entry<Integer, Future<byte[]>> e : futures.entrySet()) {
            int i = e.getKey();
            String backend = ref.shard(i).backendId();
            try {
                byte[] shard = e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (shard == null) {
                    state[i] = State.MISSING;
                    why[i] = "missing on " + backend;
                } else {
                    String problem = ShardVerifier.problem(ref, i, shard);
                    state[i] = problem == null ? State.GOOD : State.CORRUPT;
                    why[i] = problem == null ? "" : problem + " on " + backend;
                    stored[i] = problem == null ? shard : null;
                }
            } catch (ExecutionException ex) {
                state[i] = State.UNREACHABLE;
                why[i] = backend + ": " + ex.getCause().getMessage();
            } catch (TimeoutException ex) {
                e.getValue().cancel(true);
                state[i] = State.UNREACHABLE;
                why[i] = backend + " did not answer within " + ctx.shardTimeout.toMillis() + " ms";
            }
        }
    }

    /** Recomputes the missing shards of {@code rewrite} from the good ones; null or why it failed. */
    private String rebuild(BlockRef ref, State[] state, byte[][] stored, Set<Integer> rewrite) {
        int n = state.length;
        int size = ShardHeader.LENGTH + ref.shardSize();
        byte[][] work = new byte[n][];
        boolean[] present = new boolean[n];
        for (int i = 0; i < n; i++) {
            present[i] = state[i] == State.GOOD;
            work[i] = present[i] ? stored[i] : new byte[size];
        }
        try {
            erasure.reconstruct(work, present, ShardHeader.LENGTH, ref.shardSize(), ref.k(), ref.m());
        } catch (NotEnoughShardsException e) {
            return "cannot rebuild: " + e.getMessage();
        }
        for (int i : rewrite) {
            if (present[i]) {
                continue;
            }
            ShardHeader h = ShardHeader.writeInto(work[i], ref.k(), ref.m(), i, ref.shardSize());
            if (ref.shard(i) != null && h.bodyCrc() != ref.shard(i).bodyChecksum()) {
                // The good shards agree with their own checksums but not with each other: never
                // write a shard that would fail its reference; keep what exists and report it.
                return "rebuilt shard " + i + " does not match the checksum recorded for it: the surviving shards"
                        + " are inconsistent; the block was left as it is, report this";
            }
            stored[i] = work[i];
        }
        return null;
    }

    /** Writes the shards of {@code rewrite} to new backends; the rest of the block stays where it is. */
    private Result place(BlockRef ref, State[] state, byte[][] stored, String[] why, Set<Integer> rewrite,
            Set<Integer> misplaced, Set<String> lost, Duration revisit) throws InterruptedException {
        int n = state.length;
        StoreBackend[] placedOn = new StoreBackend[n];
        for (int i = 0; i < n; i++) {
            if (!rewrite.contains(i) && ref.shard(i) != null) {
                placedOn[i] = ctx.backend(ref.shard(i).backendId());
            }
        }
        Set<String> exclude = new HashSet<>(lost);
        exclude.addAll(ctx.retiredIds());
        for (int i : rewrite) {
            if (ref.shard(i) != null) {
                exclude.add(ref.shard(i).backendId()); // prefer moving away from a backend that lost or rotted it
            }
        }
        List<Move> moves = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        BlockRef updated = ref;
        for (int i : rewrite) {
            ShardLocation old = ref.shard(i);
            List<StoreBackend> holders = new ArrayList<>();
            for (StoreBackend b : placedOn) {
                if (b != null) {
                    holders.add(b);
                }
            }
            List<StoreBackend> candidates = new ArrayList<>(chooser.candidates(ref.blockId(), holders, exclude));
            // Last resort for a rotten or missing shard on a backend that still works: rewrite it there.
            if (old != null && (state[i] == State.CORRUPT || state[i] == State.MISSING)) {
                StoreBackend same = ctx.registry.get(old.backendId());
                if (same != null && !ctx.retired(same.id()) && same.placementView().eligible()
                        && !holders.contains(same)) {
                    candidates.add(same);
                }
            }
            String lastError = "no backend that takes shards is left (all hold a shard of this block, are full,"
                    + " unreachable or being drained); add backends";
            ShardLocation written = null;
            for (StoreBackend b : candidates) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                try {
                    written = write(b, ref, i, stored[i]);
                    placedOn[i] = b;
                    break;
                } catch (ZdbException e) {
                    lastError = b.id() + ": " + e.getMessage();
                    log.debug("block {} shard {}: write to {} failed: {}", ref.blockId(), i, b.id(), e.toString());
                }
            }
            if (written == null) {
                failures.add("shard " + i + ": " + lastError);
                continue;
            }
            String reason = state[i] == State.GOOD ? (misplaced.contains(i) ? "misplaced" : "drained") : state[i].name().toLowerCase().replace('_', ' ')
                    + (why[i] == null || why[i].isEmpty() ? "" : ": " + why[i]);
            moves.add(new Move(i, old, written, reason));
            updated = updated.withShard(i, written, false);
        }
        boolean safe = failures.isEmpty() && TargetChooser.safe(placedOn, ctx.policy, ctx);
        updated = new BlockRef(updated.blockId(), updated.k(), updated.m(), updated.shardSize(), updated.length(),
                updated.shards(), safe);
        if (!safe && failures.isEmpty() && revisit == null) {
            failures.add("the block's shards do not meet the placement policy yet (not enough usable backends or"
                    + " groups); add backends");
        }
        return new Result(moves.isEmpty() && safe == ref.safe() ? null : updated, moves,
                failures.isEmpty() ? null : String.join("; ", failures), revisit);
    }

    private ShardLocation write(StoreBackend b, BlockRef ref, int index, byte[] shard) throws ZdbException {
        int crc = ref.shard(index) != null ? ref.shard(index).bodyChecksum() : bodyCrc(shard);
        return ctx.call(b, x -> {
            if (x.mode() == NamespaceMode.USER) {
                ShardLocation loc = ShardLocation.derived(x.id(), crc);
                x.namespace().set(ctx.blocks.keyOf(ref.blockId(), index, loc), shard);
                return loc;
            }
            return ShardLocation.explicit(x.id(), x.namespace().append(shard), crc);
        });
    }

    private static int bodyCrc(byte[] shard) {
        try {
            return ShardHeader.readHeader(shard, shard.length).bodyCrc();
        } catch (org.qsfs.engine.codec.CorruptShardException e) {
            throw new IllegalStateException("a shard just built has a bad header", e);
        }
    }

    private StoreBackend[] backendsOf(BlockRef ref) {
        StoreBackend[] out = new StoreBackend[ref.k() + ref.m()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ref.shard(i) == null ? null : ctx.backend(ref.shard(i).backendId());
        }
        return out;
    }

    private static String describe(State[] state, String[] why) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < state.length; i++) {
            if (state[i] != null && state[i] != State.GOOD) {
                sb.append(sb.length() == 0 ? "" : "; ").append("shard ").append(i).append(": ")
                        .append(why[i] == null || why[i].isEmpty() ? state[i].name().toLowerCase() : why[i]);
            }
        }
        return sb.toString();
    }
}
