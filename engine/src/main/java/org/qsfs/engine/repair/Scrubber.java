package org.qsfs.engine.repair;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.qsfs.engine.codec.ShardHeader;
import org.qsfs.engine.events.EventBus;
import org.qsfs.engine.events.EventListener;
import org.qsfs.engine.events.ScrubFinished;
import org.qsfs.engine.events.ScrubProgress;
import org.qsfs.engine.object.Manifest;
import org.qsfs.engine.store.BlockRef;
import org.qsfs.engine.store.ShardLocation;
import org.qsfs.engine.store.ShardProblem;
import org.qsfs.engine.store.StoreBackend;
import org.qsfs.engine.zdb.ZdbClient;
import org.qsfs.engine.zdb.ZdbCommandException;
import org.qsfs.engine.zdb.ZdbException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks every object's manifest (current and kept older versions) and checks every shard of
 * every block, at a set pace:
 * 0-db's CHECK (the backend recomputes the CRC of the stored payload) in pipelined batches
 * per backend, and for a sample of shards, or all of them when CHECK is not available, a
 * read-back verified against the block reference. Each missing, corrupt or unreachable shard
 * goes to the repair queue with its object's path.
 */
final class Scrubber {
    /** One shard to check, and where its block is. */
    private record Item(ObjectWalker.Target target, int blockIndex, BlockRef ref, int shard, byte[] key) {
    }

    private static final Logger log = LoggerFactory.getLogger(Scrubber.class);
    private static final int MAX_FINDINGS = 1000;
    /** References read from a {@link BlockRefSource} at a time. */
    static final int PAGE = 256;

    private final RepairContext ctx;
    private final DamagedBlocks queue;
    private final ObjectWalker walker;

    Scrubber(RepairContext ctx, DamagedBlocks queue, ObjectWalker walker) {
        this.ctx = ctx;
        this.queue = queue;
        this.walker = walker;
    }

    /** Counters of one scrub, shared by the batch workers. */
    private static final class Run {
        final ScrubOptions options;
        final RateLimiter pace;
        final SplittableRandom random;
        final AtomicLong shards = new AtomicLong();
        final AtomicLong readBack = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong problems = new AtomicLong();
        final List<ScrubReport.Finding> findings = new ArrayList<>();
        final Map<String, Long> perBackend = new ConcurrentHashMap<>();
        long objects;
        long blocks;

        Run(ScrubOptions o) {
            options = o;
            pace = new RateLimiter(o.blocksPerSecond(), o.bytesPerSecond());
            random = new SplittableRandom(o.seed());
        }
    }

    ScrubReport scrub(ScrubOptions options, EventListener progress) throws IOException {
        long t0 = System.nanoTime();
        Run run = new Run(options);
        List<String> unreadable = new ArrayList<>();
        List<ObjectWalker.Target> targets = walker.targets(options.pathPrefix(), options.startAfter());
        List<Item> batch = new ArrayList<>();
        int batchBlocks = 0;
        String cursor = null;
        String pendingCursor = null;
        boolean complete = false;
        try {
            for (int ti = 0; ti < targets.size(); ti++) {
                ObjectWalker.Target target = targets.get(ti);
                String path = target.path();
                // The cursor names a path: it moves past one only when all its manifests are checked.
                boolean lastOfPath = ti + 1 == targets.size() || !targets.get(ti + 1).path().equals(path);
                Manifest m = null;
                boolean readable = true;
                try {
                    m = walker.manifest(target);
                } catch (IOException e) {
                    log.warn("scrub: {}: manifest unreadable: {}", target, e.getMessage());
                    unreadable.add(target + ": " + e.getMessage());
                    readable = false;
                }
                if (m != null) {
                    List<BlockRef> blocks = m.blocks();
                    for (int bi = 0; bi < blocks.size(); bi++) {
                        BlockRef ref = blocks.get(bi);
                        addBlock(run, batch, target, bi, ref);
                        if (++batchBlocks >= options.batchBlocks()) {
                            check(run, batch);
                            batch.clear();
                            batchBlocks = 0;
                            cursor = pendingCursor;
                            report(progress, run, targets.size(), path);
                        }
                    }
                }
                if (readable) {
                    run.objects++;
                }
                if (lastOfPath) {
                    pendingCursor = path;
                    if (batch.isEmpty()) {
                        cursor = path;
                    }
                }
            }
            if (options.pathPrefix() == null) {
                // The other sources (the mounted volume's block table), paged; a resumed scrub walks them again.
                for (BlockRefSource source : ctx.sources) {
                    String after = null;
                    do {
                        BlockRefSource.Page page;
                        try {
                            page = source.page(after, PAGE);
                        } catch (IOException e) {
                            log.warn("scrub: {}: block references unreadable: {}", source.name(), e.getMessage());
                            unreadable.add(source.name() + ": " + e.getMessage());
                            break;
                        }
                        for (BlockRefSource.Owned o : page.items()) {
                            ObjectWalker.Target target = ObjectWalker.Target.owned(source.name(), o.owner());
                            addBlock(run, batch, target, 0, o.ref());
                            if (++batchBlocks >= options.batchBlocks()) {
                                check(run, batch);
                                batch.clear();
                                batchBlocks = 0;
                                report(progress, run, targets.size(), target.toString());
                            }
                        }
                        after = page.next();
                    } while (after != null);
                }
            }
            check(run, batch);
            cursor = pendingCursor;
            complete = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.info("scrub interrupted; resume after {}", cursor);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
        report(progress, run, targets.size(), null);
        ScrubFinished done = new ScrubFinished(Instant.now(), complete, run.objects, run.blocks, run.shards.get(),
                run.problems.get(), elapsed, cursor);
        EventBus.deliver(progress, done);
        log.info("scrub {}: {} objects, {} blocks, {} shards checked ({} read back), {} problems, {} ms",
                complete ? "finished" : "stopped", run.objects, run.blocks, run.shards.get(), run.readBack.get(),
                run.problems.get(), elapsed.toMillis());
        return new ScrubReport(complete, run.objects, run.blocks, run.shards.get(), run.readBack.get(),
                run.bytes.get(), run.problems.get(), run.findings, unreadable, new TreeMap<>(run.perBackend), elapsed,
                cursor);
    }

    /** Queues the shards of one block for checking (and reports the ones never placed or doubled up). */
    private void addBlock(Run run, List<Item> batch, ObjectWalker.Target target, int bi, BlockRef ref)
            throws InterruptedException {
        int n = ref.k() + ref.m();
        run.pace.acquire(1, (long) n * (ShardHeader.LENGTH + ref.shardSize()));
        run.blocks++;
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < n; i++) {
            ShardLocation loc = ref.shard(i);
            if (loc == null) {
                found(run, target, bi, ref, i, null, ShardProblem.Kind.NOT_PLACED, "never placed");
            } else {
                if (!seen.add(loc.backendId())) {
                    found(run, target, bi, ref, i, loc.backendId(), ShardProblem.Kind.MISPLACED,
                            "shares its backend with another shard of the block");
                }
                batch.add(new Item(target, bi, ref, i, ctx.blocks.keyOf(ref.blockId(), i, loc)));
            }
        }
    }

    private void report(EventListener progress, Run run, long total, String path) {
        EventBus.deliver(progress, new ScrubProgress(Instant.now(), run.objects, total, run.blocks, run.shards.get(),
                run.readBack.get(), run.bytes.get(), run.problems.get(), path));
    }

    /** Checks one batch: per backend in parallel, one pipelined CHECK round, then sampled reads. */
    private void check(Run run, List<Item> batch) throws InterruptedException {
        Map<String, List<Item>> byBackend = new LinkedHashMap<>();
        for (Item it : batch) {
            String id = it.ref.shard(it.shard).backendId();
            if (ctx.backend(id) == null) {
                found(run, it, id, ShardProblem.Kind.MISSING, "backend " + id + " is not configured");
            } else {
                byBackend.computeIfAbsent(id, x -> new ArrayList<>()).add(it);
            }
        }
        List<Future<?>> futures = new ArrayList<>();
        for (Map.Entry<String, List<Item>> e : byBackend.entrySet()) {
            StoreBackend b = ctx.backend(e.getKey());
            List<Item> items = e.getValue();
            run.perBackend.merge(b.id(), (long) items.size(), Long::sum);
            List<Boolean> sample = new ArrayList<>(items.size());
            synchronized (run.random) {
                for (int i = 0; i < items.size(); i++) {
                    sample.add(run.options.sampleRate() > 0 && run.random.nextDouble() < run.options.sampleRate());
                }
            }
            futures.add(ctx.executor.submit(() -> {
                checkOn(run, b, items, sample);
                return null;
            }));
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                log.warn("scrub: a check failed unexpectedly: {}", e.getCause().toString());
            }
        }
    }

    private void checkOn(Run run, StoreBackend b, List<Item> items, List<Boolean> sample) throws InterruptedException {
        List<byte[]> keys = new ArrayList<>(items.size());
        for (Item it : items) {
            keys.add(it.key);
        }
        List<Boolean> ok;
        boolean checkAvailable = true;
        try {
            ok = ctx.call(b, x -> checkAll(x, keys));
        } catch (ZdbCommandException e) {
            // CHECK refused (an older 0-db): it cannot prove anything; read every shard back instead.
            log.debug("scrub: CHECK not available on {} ({}); reading shards back", b.id(), e.getMessage());
            ok = null;
            checkAvailable = false;
        } catch (ZdbException e) {
            for (Item it : items) {
                found(run, it, b.id(), ShardProblem.Kind.UNREACHABLE, e.getMessage());
            }
            return;
        }
        List<Item> toRead = new ArrayList<>();
        for (int j = 0; j < items.size(); j++) {
            Item it = items.get(j);
            run.shards.incrementAndGet();
            run.bytes.addAndGet(ShardHeader.LENGTH + it.ref.shardSize());
            Boolean r = checkAvailable ? ok.get(j) : Boolean.TRUE;
            if (r == null) {
                found(run, it, b.id(), ShardProblem.Kind.MISSING, "not found on " + b.id());
            } else if (!r) {
                found(run, it, b.id(), ShardProblem.Kind.CORRUPT, "the backend's own checksum of the stored shard"
                        + " fails (CHECK) on " + b.id());
            } else if (!checkAvailable || sample.get(j)) {
                toRead.add(it);
            }
        }
        if (toRead.isEmpty()) {
            return;
        }
        List<byte[]> readKeys = new ArrayList<>(toRead.size());
        for (Item it : toRead) {
            readKeys.add(it.key);
        }
        List<byte[]> values;
        try {
            values = ctx.call(b, x -> x.namespace().getAll(readKeys));
        } catch (ZdbException e) {
            for (Item it : toRead) {
                found(run, it, b.id(), ShardProblem.Kind.UNREACHABLE, e.getMessage());
            }
            return;
        }
        for (int j = 0; j < toRead.size(); j++) {
            Item it = toRead.get(j);
            byte[] v = j < values.size() ? values.get(j) : null;
            run.readBack.incrementAndGet();
            if (v == null) {
                found(run, it, b.id(), ShardProblem.Kind.MISSING, "not found on " + b.id() + " when read back");
                continue;
            }
            String problem = ShardVerifier.problem(it.ref, it.shard, v);
            if (problem != null) {
                found(run, it, b.id(), ShardProblem.Kind.CORRUPT, problem + " (read back from " + b.id() + ")");
            }
        }
    }

    private static List<Boolean> checkAll(StoreBackend b, List<byte[]> keys) throws ZdbException {
        if (b.namespace() instanceof ZdbClient c) {
            return c.checkAll(keys);
        }
        List<Boolean> out = new ArrayList<>(keys.size());
        for (byte[] k : keys) {
            out.add(b.namespace().check(k));
        }
        return out;
    }

    private void found(Run run, Item it, String backend, ShardProblem.Kind kind, String detail) {
        found(run, it.target, it.blockIndex, it.ref, it.shard, backend, kind, detail);
    }

    private void found(Run run, ObjectWalker.Target target, int blockIndex, BlockRef ref, int shard, String backend,
            ShardProblem.Kind kind, String detail) {
        ShardProblem p = new ShardProblem(ref, shard, backend, kind, detail);
        run.problems.incrementAndGet();
        synchronized (run.findings) {
            if (run.findings.size() < MAX_FINDINGS) {
                run.findings.add(new ScrubReport.Finding(target.isObject() ? target.path() : target.toString(),
                        target.version(), blockIndex, p));
            }
        }
        log.debug("scrub: {} block {}: {}", target, blockIndex, p);
        queue.reportOwned(target, ref, shard, kind, detail);
    }
}
