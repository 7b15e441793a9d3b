package org.qsfs.engine.repair;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.qsfs.engine.events.DrainProgress;
import org.qsfs.engine.events.EventBus;
import org.qsfs.engine.events.EventListener;
import org.qsfs.engine.store.BlockRef;
import org.qsfs.engine.store.ShardLocation;
import org.qsfs.engine.store.ShardProblem;

/**
 * Moves every shard off a backend that is being removed, with the rebuild mechanics: the
 * shard is copied from the backend while it answers, else rebuilt from the others; each
 * manifest (current objects and their kept older versions) is rewritten once, then the old
 * shards are deleted. A final walk counts what still refers to the backend.
 */
final class Drainer {
    private final RepairContext ctx;
    private final Rebuilder rebuilder;
    private final ObjectWalker walker;

    Drainer(RepairContext ctx, Rebuilder rebuilder, ObjectWalker walker) {
        this.ctx = ctx;
        this.rebuilder = rebuilder;
        this.walker = walker;
    }

    /** The backend must already be retired (or attached as detached) in the context. */
    DrainReport drain(String backendId, EventListener progress) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        List<ObjectWalker.Target> targets = walker.targets(null, null);
        Rebuilder.Tally tally = new Rebuilder.Tally();
        long[] objects = {0};
        List<String> unreadable = new ArrayList<>();
        walker.walk(targets, (target, manifest) -> {
            List<DamagedBlocks.Entry> entries = new ArrayList<>();
            for (BlockRef ref : manifest.blocks()) {
                Map<Integer, ShardProblem.Kind> on = shardsOn(ref, backendId);
                if (!on.isEmpty()) {
                    entries.add(new DamagedBlocks.Entry(ref.blockId(), target.path(), target.version(), ref, on,
                            "drain of " + backendId, 0, 0));
                }
            }
            if (!entries.isEmpty()) {
                // A drained backend that does not answer is as good as lost: rebuild from the others.
                rebuilder.repairObject(target, entries, Set.of(backendId), Duration.ZERO, tally);
            }
            objects[0]++;
            EventBus.deliver(progress, new DrainProgress(Instant.now(), backendId, objects[0], targets.size(),
                    tally.shards, tally.failures.size()));
        }, unreadable);
        // The other sources (the mounted volume's blocks): one owner, one block, at a time.
        for (BlockRefSource source : ctx.sources) {
            walkSource(source, unreadable, o -> {
                Map<Integer, ShardProblem.Kind> on = shardsOn(o.ref(), backendId);
                if (!on.isEmpty()) {
                    ObjectWalker.Target t = ObjectWalker.Target.owned(source.name(), o.owner());
                    rebuilder.repairObject(t, List.of(DamagedBlocks.Entry.of(t, o.ref(), on, "drain of " + backendId,
                            0, 0)), Set.of(backendId), Duration.ZERO, tally);
                }
            });
            EventBus.deliver(progress, new DrainProgress(Instant.now(), backendId, objects[0], targets.size(),
                    tally.shards, tally.failures.size()));
        }
        long[] remaining = {0};
        walker.walk(walker.targets(null, null), (target, manifest) -> {
            for (BlockRef ref : manifest.blocks()) {
                remaining[0] += shardsOn(ref, backendId).size();
            }
        }, unreadable);
        for (BlockRefSource source : ctx.sources) {
            walkSource(source, unreadable, o -> remaining[0] += shardsOn(o.ref(), backendId).size());
        }
        List<String> failures = new ArrayList<>(tally.failures);
        for (String u : unreadable) {
            failures.add("manifest unreadable, its blocks were not drained: " + u);
        }
        if (!unreadable.isEmpty() && remaining[0] == 0) {
            remaining[0] = -1; // unknown: some manifests could not be checked
        }
        return new DrainReport(backendId, objects[0], tally.shards, remaining[0], failures,
                Duration.ofNanos(System.nanoTime() - t0));
    }

    private interface OwnedVisitor {
        void visit(BlockRefSource.Owned o) throws InterruptedException;
    }

    /** Visits every reference of {@code source}, page by page; an unreadable source is noted. */
    private static void walkSource(BlockRefSource source, List<String> unreadable, OwnedVisitor visitor)
            throws InterruptedException {
        String after = null;
        do {
            BlockRefSource.Page page;
            try {
                page = source.page(after, Scrubber.PAGE);
            } catch (IOException e) {
                unreadable.add(source.name() + ": " + e.getMessage());
                return;
            }
            for (BlockRefSource.Owned o : page.items()) {
                if (Thread.interrupted()) {
                    throw new InterruptedException("drain interrupted in " + source.name());
                }
                visitor.visit(o);
            }
            after = page.next();
        } while (after != null);
    }

    private static Map<Integer, ShardProblem.Kind> shardsOn(BlockRef ref, String backendId) {
        Map<Integer, ShardProblem.Kind> on = new TreeMap<>();
        for (int i = 0; i < ref.k() + ref.m(); i++) {
            ShardLocation loc = ref.shard(i);
            if (loc != null && loc.backendId().equals(backendId)) {
                on.put(i, ShardProblem.Kind.MISSING);
            }
        }
        return on;
    }
}
