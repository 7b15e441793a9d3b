package org.qsfs.engine.repair;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.qsfs.engine.block.BlockId;
import org.qsfs.engine.events.EventBus;
import org.qsfs.engine.events.EventListener;
import org.qsfs.engine.events.RebuildProgress;
import org.qsfs.engine.events.RepairFailed;
import org.qsfs.engine.events.ShardRepaired;
import org.qsfs.engine.object.Manifest;
import org.qsfs.engine.store.BlockRef;
import org.qsfs.engine.store.ShardLocation;
import org.qsfs.engine.store.ShardProblem;
import org.qsfs.engine.store.StoreBackend;
import org.qsfs.engine.zdb.ZdbException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the repair queue: for each damaged block, asks the {@link BlockRepairer} for new
 * shards, then per manifest (an object's current one, or a kept older version) writes it once
 * with the new references, and only then deletes the replaced shards. When the manifest
 * cannot be written the new shards are deleted instead (nothing refers to them) and the block
 * is retried later. Failures go back to the queue with backoff.
 */
final class Rebuilder {
    /** Running totals of one pass. */
    static final class Tally {
        long examined;
        long repaired;
        long shards;
        long waiting;
        long total;
        final List<String> failures = new ArrayList<>();
    }

    private static final Logger log = LoggerFactory.getLogger(Rebuilder.class);
    private static final int MAX_REPORTED_FAILURES = 1000;

    private final RepairContext ctx;
    private final DamagedBlocks queue;
    private final BlockRepairer repairer;
    private final ObjectWalker walker;
    private final Set<String> evacuated = java.util.concurrent.ConcurrentHashMap.newKeySet();

    Rebuilder(RepairContext ctx, DamagedBlocks queue, ObjectWalker walker) {
        this.ctx = ctx;
        this.queue = queue;
        this.repairer = new BlockRepairer(ctx);
        this.walker = walker;
    }

    /** One pass over what is due in the queue, plus every block on a lost backend. */
    RebuildReport run(RebuildOptions options, EventListener progress) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Set<String> lost = ctx.lostBackends(options.lostAfter());
        evacuated.retainAll(lost); // a backend that answered since is looked at afresh when lost again
        Set<String> toWalk = new HashSet<>(lost);
        if (!options.ignoreBackoff()) {
            toWalk.removeAll(evacuated); // the background loop walks for a lost backend once, not every pass
        }
        List<DamagedBlocks.Entry> due = queue.takeDue(options.ignoreBackoff());
        Map<ObjectWalker.Target, List<DamagedBlocks.Entry>> byPath = new TreeMap<>();
        List<DamagedBlocks.Entry> pathless = new ArrayList<>();
        for (DamagedBlocks.Entry e : due) {
            if (e.path() == null) {
                pathless.add(e);
            } else {
                byPath.computeIfAbsent(e.target(), p -> new ArrayList<>()).add(e);
            }
        }
        if (!pathless.isEmpty() || !toWalk.isEmpty()) {
            findOwners(pathless, toWalk, byPath);
        }
        Tally tally = new Tally();
        tally.total = byPath.values().stream().mapToLong(List::size).sum();
        for (Map.Entry<ObjectWalker.Target, List<DamagedBlocks.Entry>> e : byPath.entrySet()) {
            repairObject(e.getKey(), e.getValue(), lost, options.lostAfter(), tally);
            EventBus.deliver(progress, new RebuildProgress(Instant.now(), tally.examined, tally.total, tally.shards,
                    tally.failures.size()));
        }
        if (tally.failures.isEmpty()) {
            evacuated.addAll(toWalk); // blocks that failed are retried from the queue, not by another walk
        }
        return new RebuildReport(tally.examined, tally.repaired, tally.shards, tally.failures, tally.waiting,
                Duration.ofNanos(System.nanoTime() - t0));
    }

    /**
     * One walk over all manifests (current and kept versions): finds the manifest of each
     * path-less entry (reported by the read path, which does not know it) and every block with
     * a shard on a lost backend.
     */
    private void findOwners(List<DamagedBlocks.Entry> pathless, Set<String> lost,
            Map<ObjectWalker.Target, List<DamagedBlocks.Entry>> byPath) throws IOException, InterruptedException {
        Map<BlockId, DamagedBlocks.Entry> wanted = new HashMap<>();
        for (DamagedBlocks.Entry e : pathless) {
            wanted.put(e.blockId(), e);
        }
        Set<BlockId> already = new HashSet<>();
        byPath.values().forEach(l -> l.forEach(e -> already.add(e.blockId())));
        List<String> unreadable = new ArrayList<>();
        findInSources(wanted, lost, already, byPath, unreadable);
        walker.walk(walker.targets(null, null), (target, manifest) -> {
            for (BlockRef ref : manifest.blocks()) {
                DamagedBlocks.Entry hit = wanted.remove(ref.blockId());
                Map<Integer, ShardProblem.Kind> onLost = new TreeMap<>();
                for (int i = 0; i < ref.k() + ref.m(); i++) {
                    ShardLocation loc = ref.shard(i);
                    if (loc != null && lost.contains(loc.backendId())) {
                        onLost.put(i, ShardProblem.Kind.UNREACHABLE);
                    }
                }
                if (hit == null && (onLost.isEmpty() || already.contains(ref.blockId()))) {
                    continue;
                }
                Map<Integer, ShardProblem.Kind> shards = new TreeMap<>(onLost);
                if (hit != null) {
                    shards.putAll(hit.shards());
                }
                byPath.computeIfAbsent(target, p -> new ArrayList<>()).add(new DamagedBlocks.Entry(ref.blockId(),
                        target.path(), target.version(), ref, shards, hit == null ? "on a lost backend" : hit.detail(),
                        hit == null ? 0 : hit.attempts(), 0));
            }
        }, unreadable);
        for (DamagedBlocks.Entry e : wanted.values()) {
            if (unreadable.isEmpty()) {
                log.debug("block {} is no longer referenced by any object; nothing to repair", e.blockId());
            } else {
                queue.retryLater(e, "its object could not be found: some manifests are unreadable " + unreadable);
            }
        }
    }

    /**
     * The other sources' part of {@link #findOwners}: each wanted block is looked up by id (and
     * removed from {@code wanted} when found); each source is walked in pages for blocks with a
     * shard on a lost backend.
     */
    private void findInSources(Map<BlockId, DamagedBlocks.Entry> wanted, Set<String> lost, Set<BlockId> already,
            Map<ObjectWalker.Target, List<DamagedBlocks.Entry>> byPath, List<String> unreadable) {
        for (BlockRefSource source : ctx.sources) {
            try {
                for (DamagedBlocks.Entry e : new ArrayList<>(wanted.values())) {
                    for (BlockRefSource.Owned o : source.find(e.blockId())) {
                        Map<Integer, ShardProblem.Kind> shards = onLost(o.ref(), lost);
                        shards.putAll(e.shards());
                        ObjectWalker.Target t = ObjectWalker.Target.owned(source.name(), o.owner());
                        byPath.computeIfAbsent(t, p -> new ArrayList<>()).add(DamagedBlocks.Entry.of(t, o.ref(),
                                shards, e.detail(), e.attempts(), 0));
                        already.add(e.blockId());
                        wanted.remove(e.blockId());
                    }
                }
                if (lost.isEmpty()) {
                    continue;
                }
                String after = null;
                do {
                    BlockRefSource.Page page = source.page(after, Scrubber.PAGE);
                    for (BlockRefSource.Owned o : page.items()) {
                        Map<Integer, ShardProblem.Kind> shards = onLost(o.ref(), lost);
                        if (shards.isEmpty() || !already.add(o.ref().blockId())) {
                            continue;
                        }
                        ObjectWalker.Target t = ObjectWalker.Target.owned(source.name(), o.owner());
                        byPath.computeIfAbsent(t, p -> new ArrayList<>()).add(DamagedBlocks.Entry.of(t, o.ref(),
                                shards, "on a lost backend", 0, 0));
                    }
                    after = page.next();
                } while (after != null);
            } catch (IOException e) {
                log.warn("{}: block references unreadable: {}", source.name(), e.getMessage());
                unreadable.add(source.name() + ": " + e.getMessage());
            }
        }
    }

    private static Map<Integer, ShardProblem.Kind> onLost(BlockRef ref, Set<String> lost) {
        Map<Integer, ShardProblem.Kind> out = new TreeMap<>();
        for (int i = 0; i < ref.k() + ref.m(); i++) {
            ShardLocation loc = ref.shard(i);
            if (loc != null && lost.contains(loc.backendId())) {
                out.put(i, ShardProblem.Kind.UNREACHABLE);
            }
        }
        return out;
    }

    /**
     * Repairs the damaged block of an owner in another {@link BlockRefSource}: the new reference
     * replaces the old one only if the owner still holds it (a concurrent overwrite wins), is made
     * durable, and only then are the replaced shards deleted.
     */
    private void repairOwned(ObjectWalker.Target target, List<DamagedBlocks.Entry> entries, Set<String> lost,
            Duration lostAfter, Tally tally) throws InterruptedException {
        BlockRefSource source = ctx.source(target.source());
        if (source == null) {
            return; // the source was removed (the volume closed)
        }
        BlockRef ref;
        try {
            ref = source.current(target.path());
        } catch (IOException e) {
            for (DamagedBlocks.Entry entry : entries) {
                fail(tally, entry, target, "the block reference cannot be read now: " + e.getMessage());
            }
            return;
        }
        if (ref == null) {
            return; // deleted meanwhile: its shards go with it
        }
        Map<BlockId, BlockRepairer.Result> results = new LinkedHashMap<>();
        Map<BlockId, DamagedBlocks.Entry> byId = new HashMap<>();
        for (DamagedBlocks.Entry entry : entries) {
            if (!entry.blockId().equals(ref.blockId()) || byId.containsKey(entry.blockId())) {
                continue;
            }
            tally.examined++;
            byId.put(entry.blockId(), entry);
            results.put(entry.blockId(), repairer.repair(ref, entry.shards().keySet(), lost,
                    graceLeft(ref, lostAfter)));
        }
        BlockRepairer.Result r = results.get(ref.blockId());
        Set<BlockId> applied = Set.of();
        String commitError = null;
        boolean durable = true;
        if (r != null && r.updated() != null) {
            try {
                if (source.replace(target.path(), ref, r.updated())) {
                    applied = Set.of(ref.blockId());
                    try {
                        source.sync();
                    } catch (IOException e) {
                        durable = false; // keep the old shards (orphans at worst) until it is durable
                        log.warn("{}: the new block reference is not durable yet: {}", target, e.getMessage());
                    }
                }
            } catch (IOException e) {
                commitError = "the new block reference could not be written: " + e.getMessage();
                log.warn("{}: {}", target, commitError);
            }
        }
        settle(target, results, byId, applied, commitError, durable, tally);
    }

    /** Repairs the damaged blocks of one manifest and commits them with one write of it. */
    void repairObject(ObjectWalker.Target target, List<DamagedBlocks.Entry> entries, Set<String> lost,
            Duration lostAfter, Tally tally) throws InterruptedException {
        if (!target.isObject()) {
            repairOwned(target, entries, lost, lostAfter, tally);
            return;
        }
        String path = target.path();
        Manifest manifest;
        try {
            manifest = walker.manifest(target);
        } catch (IOException e) {
            for (DamagedBlocks.Entry entry : entries) {
                fail(tally, entry, target, "the manifest cannot be read now: " + e.getMessage());
            }
            return;
        }
        if (manifest == null) {
            return; // deleted meanwhile: its blocks are gone with it
        }
        Map<BlockId, BlockRef> current = new HashMap<>();
        for (BlockRef r : manifest.blocks()) {
            current.put(r.blockId(), r);
        }
        Map<BlockId, BlockRef> updates = new LinkedHashMap<>();
        Map<BlockId, BlockRepairer.Result> results = new LinkedHashMap<>();
        Map<BlockId, DamagedBlocks.Entry> byId = new HashMap<>();
        for (DamagedBlocks.Entry entry : entries) {
            BlockRef ref = current.get(entry.blockId());
            if (ref == null) {
                continue; // the object was overwritten: this block is no longer used
            }
            tally.examined++;
            byId.put(entry.blockId(), entry);
            BlockRepairer.Result r = repairer.repair(ref, entry.shards().keySet(), lost, graceLeft(ref, lostAfter));
            results.put(entry.blockId(), r);
            if (r.updated() != null) {
                updates.put(entry.blockId(), r.updated());
            }
        }
        Set<BlockId> applied = Set.of();
        String commitError = null;
        if (!updates.isEmpty()) {
            try {
                applied = target.isCurrent() ? ctx.objects.replaceBlockRefs(path, updates)
                        : ctx.objects.replaceVersionBlockRefs(path, target.version(), updates);
            } catch (IOException e) {
                commitError = "the new manifest could not be written: " + e.getMessage();
                log.warn("{}: {}", target, commitError);
            }
        }
        settle(target, results, byId, applied, commitError, true, tally);
    }

    /**
     * After the metadata update: deletes the replaced shards of what was applied ({@code
     * deleteOld}), the unused new shards of what was not, and queues failures and waits.
     */
    private void settle(ObjectWalker.Target target, Map<BlockId, BlockRepairer.Result> results,
            Map<BlockId, DamagedBlocks.Entry> byId, Set<BlockId> applied, String commitError, boolean deleteOld,
            Tally tally) {
        String path = target.isObject() ? target.path() : target.toString();
        for (Map.Entry<BlockId, BlockRepairer.Result> e : results.entrySet()) {
            BlockId id = e.getKey();
            BlockRepairer.Result r = e.getValue();
            DamagedBlocks.Entry entry = byId.get(id);
            boolean committed = r.updated() != null && applied.contains(id);
            if (r.updated() != null && !committed) {
                discard(id, r.moves(), true);
                if (commitError != null) {
                    fail(tally, entry, target, commitError);
                }
                continue; // not applied without error: overwritten meanwhile, nothing to repair
            }
            if (committed) {
                if (deleteOld) {
                    discard(id, r.moves(), false);
                }
                if (!r.moves().isEmpty()) {
                    tally.repaired++;
                }
                tally.shards += r.moves().size();
                for (BlockRepairer.Move m : r.moves()) {
                    log.info("{}: block {} shard {} {} -> {} ({})", target, id, m.index(),
                            m.from() == null ? "unplaced" : m.from(), m.to(), m.reason());
                    EventBus.deliver(ctx.events, new ShardRepaired(Instant.now(), path, id.toString(), m.index(),
                            m.from() == null ? null : m.from().backendId(), m.to().backendId(), m.reason(),
                            r.updated().safe()));
                }
            }
            if (r.failure() != null) {
                fail(tally, entry, target, r.failure());
            } else if (r.revisitIn() != null) {
                tally.waiting++;
                queue.revisit(entry, r.revisitIn());
            }
        }
    }

    /** How long until an unreachable backend of this block counts as lost (for the revisit). */
    private Duration graceLeft(BlockRef ref, Duration lostAfter) {
        Duration left = lostAfter;
        for (ShardLocation loc : ref.shards()) {
            StoreBackend b = loc == null ? null : ctx.registry.get(loc.backendId());
            if (b != null && b.health() == org.qsfs.engine.placement.Health.UNREACHABLE) {
                Duration l = lostAfter.minus(b.inStateFor());
                if (!l.isNegative() && l.compareTo(left) < 0) {
                    left = l;
                }
            }
        }
        return left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left;
    }

    private void fail(Tally tally, DamagedBlocks.Entry entry, ObjectWalker.Target target, String why) {
        Duration retryIn = queue.retryLater(new DamagedBlocks.Entry(entry.blockId(), target.path(), target.version(),
                entry.ref(), entry.shards(), entry.detail(), entry.attempts(), 0, target.source()), why);
        if (tally.failures.size() < MAX_REPORTED_FAILURES) {
            tally.failures.add(target + ": block " + entry.blockId() + ": " + why);
        }
        log.warn("{}: block {} not repaired: {} (retry in {} s)", target, entry.blockId(), why, retryIn.toSeconds());
        EventBus.deliver(ctx.events, new RepairFailed(Instant.now(), target.isObject() ? target.path()
                : target.toString(), entry.blockId().toString(), why,
                retryIn));
    }

    /**
     * After a committed update deletes the replaced shards ({@code newOnes} false); after a
     * failed one deletes the new shards nothing refers to ({@code newOnes} true). Best effort:
     * an unreachable backend keeps an orphan, which costs space but never correctness.
     */
    private void discard(BlockId id, List<BlockRepairer.Move> moves, boolean newOnes) {
        for (BlockRepairer.Move m : moves) {
            ShardLocation loc = newOnes ? m.to() : m.from();
            if (loc == null || m.sameSlot()) {
                continue; // rewritten in place: the key now holds the good shard
            }
            StoreBackend b = ctx.backend(loc.backendId());
            if (b == null) {
                continue;
            }
            try {
                ctx.call(b, x -> x.namespace().delete(ctx.blocks.keyOf(id, m.index(), loc)));
            } catch (ZdbException e) {
                log.debug("block {} shard {}: could not delete the {} copy on {}: {}", id, m.index(),
                        newOnes ? "unused new" : "replaced", b.id(), e.getMessage());
            }
        }
    }
}
