package org.qsfs.engine.repair;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.qsfs.engine.events.BackendStateChanged;
import org.qsfs.engine.events.EventBus;
import org.qsfs.engine.events.EventListener;
import org.qsfs.engine.meta.MetadataStore;
import org.qsfs.engine.object.StorageEngine;
import org.qsfs.engine.placement.Health;
import org.qsfs.engine.store.BackendRegistry;
import org.qsfs.engine.store.StoreBackend;
import org.qsfs.engine.zdb.BackendAddress;
import org.qsfs.engine.zdb.NamespaceInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Health and repair of a volume's data: the one object the CLI, the daemon and the UI call.
 *
 * <pre>{@code
 * try (StorageEngine engine = StorageEngine.open(key, data, meta, settings);
 *      RepairService repair = new RepairService(engine, RepairSettings.DEFAULTS, EventListener.NONE)) {
 *     List<BackendStatus> rows = repair.status();                       // qsfs status
 *     ScrubReport s = repair.scrub(ScrubOptions.DEFAULTS, progress);     // check only
 *     RebuildReport r = repair.rebuild(progress);                        // rebuild what is queued
 *     ScrubAndRebuild both = repair.scrubAndRebuild(                    // qsfs scrub, qsfs rebuild [PATH]
 *             ScrubOptions.DEFAULTS.withPathPrefix(path), progress);
 *     DrainReport d = repair.drain("b3", progress);                      // qsfs backend rm b3
 *     repair.start();                                                    // daemon: all of it in the background
 * }
 * }</pre>
 *
 * <ul>
 * <li>{@link #status()}: one {@link BackendStatus} row per data and metadata backend (state,
 *     latency, used/free, entries, shards counted by the last scrub). Probes once first if the
 *     monitor has not run yet.
 * <li>{@link #scrub(ScrubOptions, EventListener)}: checks every shard of every object, kept older
 *     versions included (0-db CHECK, plus read-back of a sample), queues what is bad, returns a
 *     {@link ScrubReport}.
 *     Paced by the options; interrupt the thread to stop it (the report's cursor resumes it).
 *     It does not rebuild: call {@link #rebuild} after it, or {@link #scrubAndRebuild} for both.
 * <li>{@link #rebuild(EventListener)}: rebuilds every queued damaged block now (also shards
 *     found bad by reads, and every shard on a backend that is unreachable), onto healthy
 *     backends, updates the manifests, then deletes the bad copies. Blocks that cannot be
 *     repaired now stay queued with backoff and are listed in the {@link RebuildReport}.
 * <li>{@link #drain(String, EventListener)}: moves every shard off a configured backend that
 *     is about to be removed; {@link #drain(StoreBackend, EventListener)} does it for one that
 *     is no longer in the configuration but may still answer. Afterwards no manifest refers to
 *     it ({@link DrainReport#complete()}); only then remove it from the configuration.
 * <li>{@link #start()}: the daemon's mode: the health monitor, a periodic rebuild of the queue
 *     and a periodic scrub. {@link #events()} delivers {@code BackendStateChanged},
 *     {@code ScrubProgress}, {@code ShardRepaired}, {@code RepairFailed}, ... to the UI.
 * </ul>
 * Progress listeners get the operation's own progress events ({@code ScrubProgress},
 * {@code RebuildProgress}, {@code DrainProgress}); all events also go to {@link #events()}.
 * Scrub may run beside rebuild; rebuild and drain take turns. Close the service before the engine.
 */
public final class RepairService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RepairService.class);

    private final StorageEngine engine;
    private final RepairSettings settings;
    private final EventBus events = new EventBus();
    private final DamagedBlocks queue;
    private final RepairContext ctx;
    private final ObjectWalker walker;
    private final Scrubber scrubber;
    private final Rebuilder rebuilder;
    private final Drainer drainer;
    private final HealthMonitor monitor;
    private final ExecutorService io;
    private final ScheduledExecutorService background;
    private final ReentrantLock repairLock = new ReentrantLock();
    private volatile Map<String, Long> shardCounts = Map.of();
    private volatile boolean started;

    /**
     * @param listener receives every event (may be {@link EventListener#NONE}; more can subscribe
     *     through {@link #events()})
     */
    public RepairService(StorageEngine engine, RepairSettings settings, EventListener listener) {
        this.engine = engine;
        this.settings = settings;
        if (listener != null && listener != EventListener.NONE) {
            events.subscribe(listener);
        }
        AtomicInteger n = new AtomicInteger();
        this.io = Executors.newFixedThreadPool(settings.ioThreads(), r -> daemon(r, "qsfs-repair-io-"
                + n.incrementAndGet()));
        this.background = Executors.newScheduledThreadPool(2, r -> daemon(r, "qsfs-repair-" + n.incrementAndGet()));
        this.queue = new DamagedBlocks(settings.queueCapacity(), settings.retryInitial(), settings.retryMax());
        this.ctx = new RepairContext(engine.dataBackends(), engine.blocks(), engine.objects(), io, events,
                settings.shardTimeout());
        this.walker = new ObjectWalker(engine.objects());
        this.scrubber = new Scrubber(ctx, queue, walker);
        this.rebuilder = new Rebuilder(ctx, queue, walker);
        this.drainer = new Drainer(ctx, rebuilder, walker);
        Map<String, BackendRegistry> pools = new LinkedHashMap<>();
        pools.put("data", engine.dataBackends());
        pools.put("meta", engine.metadataBackends());
        this.monitor = new HealthMonitor(pools, settings.monitor(), ctx::retired);
        pools.forEach((role, registry) -> registry.addListener((b, old, now, reason) ->
                events.onEvent(new BackendStateChanged(Instant.now(), role, b.id(), old, now, reason))));
    }

    /**
     * Like {@link #RepairService(StorageEngine, RepairSettings, EventListener)}, also covering the
     * block references of {@code volume} (the mounted drive's block table,
     * {@code FsVolume.blockRefs()}); null: none.
     */
    public RepairService(StorageEngine engine, RepairSettings settings, EventListener listener,
            BlockRefSource volume) {
        this(engine, settings, listener);
        if (volume != null) {
            addSource(volume);
        }
    }

    /**
     * Scrub, rebuild and drain also cover the block references of {@code source} from now on
     * (the daemon adds its volume once it is open). Sources are told apart by name.
     */
    public void addSource(BlockRefSource source) {
        removeSource(source.name());
        ctx.sources.add(source);
    }

    /** Stops covering the source named {@code name} (its volume is closing). */
    public void removeSource(String name) {
        ctx.sources.removeIf(s -> s.name().equals(name));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Subscribe here for every health and repair event. */
    public EventBus events() {
        return events;
    }

    public HealthMonitor monitor() {
        return monitor;
    }

    /** The repair queue (damaged blocks); the engine's read-path reports are moved here on each rebuild. */
    public DamagedBlocks queue() {
        return queue;
    }

    /** Starts the health monitor, the periodic rebuild and (when configured) the periodic scrub. */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        monitor.start();
        long every = settings.rebuildEvery().toNanos();
        background.scheduleWithFixedDelay(() -> runQuietly("background rebuild", () -> {
            absorbEngineReports();
            if (queue.size() > 0 || !ctx.lostBackends(settings.background().lostAfter()).isEmpty()) {
                rebuild(settings.background(), EventListener.NONE);
            }
        }), every, every, TimeUnit.NANOSECONDS);
        if (settings.scrubEvery() != null) {
            long s = settings.scrubEvery().toNanos();
            background.scheduleWithFixedDelay(() -> runQuietly("background scrub", () -> {
                scrub(settings.scrub(), EventListener.NONE);
                scrubMetadata();
            }), s, s, TimeUnit.NANOSECONDS);
        }
    }

    private interface Job {
        void run() throws IOException, InterruptedException;
    }

    private void runQuietly(String what, Job job) {
        try {
            job.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            log.warn("{} failed: {}", what, e.toString());
        }
    }

    /**
     * Checks every shard of every object (or those of {@code options.pathPrefix()}), queueing
     * the bad ones for {@link #rebuild}. See the class comment.
     *
     * @param progress gets {@code ScrubProgress} after each batch and {@code ScrubFinished}
     * @throws IOException the object list cannot be read (metadata backends unreachable)
     */
    public ScrubReport scrub(ScrubOptions options, EventListener progress) throws IOException {
        ScrubReport r = scrubber.scrub(options, tee(progress));
        if (r.complete() && options.pathPrefix() == null && options.startAfter() == null) {
            shardCounts = r.shardsPerBackend();
        }
        return r;
    }

    /**
     * Checks every metadata record's newest version and writes again those missing shards
     * ({@link MetadataStore#scrub}): records written while metadata backends were down, or whose
     * shards were lost or rotted since.
     */
    public MetadataStore.ScrubResult scrubMetadata() throws IOException {
        MetadataStore.ScrubResult r = engine.metadata().scrub();
        if (!r.clean()) {
            log.info("metadata scrub: {} records, {} written again, {} still degraded, {} unreadable", r.records(),
                    r.rewritten(), r.degraded(), r.unreadable().size());
        }
        return r;
    }

    /**
     * {@code qsfs scrub} and {@code qsfs rebuild [PATH]}: a scrub (of the objects under
     * {@code options.pathPrefix()}, or all), then a rebuild of everything queued, now.
     */
    public ScrubAndRebuild scrubAndRebuild(ScrubOptions options, EventListener progress)
            throws IOException, InterruptedException {
        ScrubReport s = scrub(options, progress);
        RebuildReport r = rebuild(RebuildOptions.NOW, progress);
        return new ScrubAndRebuild(s, r, options.pathPrefix() == null ? scrubMetadata() : null);
    }

    /** {@link #rebuild(RebuildOptions, EventListener)} with {@link RebuildOptions#NOW}. */
    public RebuildReport rebuild(EventListener progress) throws IOException, InterruptedException {
        return rebuild(RebuildOptions.NOW, progress);
    }

    /**
     * Rebuilds the queued damaged blocks (and every block with a shard on a backend unreachable
     * for {@code options.lostAfter()}); see the class comment.
     *
     * @param progress gets {@code RebuildProgress} after each object
     */
    public RebuildReport rebuild(RebuildOptions options, EventListener progress)
            throws IOException, InterruptedException {
        repairLock.lockInterruptibly();
        try {
            absorbEngineReports();
            return rebuilder.run(options, tee(progress));
        } finally {
            repairLock.unlock();
        }
    }

    /**
     * Moves every shard off configured backend {@code backendId}; it takes no new shards from now
     * on (until the service is closed). Remove it from the configuration once the report is
     * complete.
     *
     * @throws RepairException no such data backend is configured
     */
    public DrainReport drain(String backendId, EventListener progress) throws IOException, InterruptedException {
        if (engine.dataBackends().get(backendId) == null) {
            throw new RepairException("no data backend " + backendId + " is configured; `qsfs status` lists them."
                    + " For a backend already removed from the configuration, drain it by its address");
        }
        repairLock.lockInterruptibly();
        try {
            ctx.retire(backendId);
            return drainer.drain(backendId, tee(progress));
        } finally {
            repairLock.unlock();
        }
    }

    /**
     * Moves every shard off a backend that is no longer configured: its shards are copied from
     * {@code removed} while it answers, else rebuilt from the others. The caller opens and closes
     * {@code removed}'s namespace.
     */
    public DrainReport drain(StoreBackend removed, EventListener progress) throws IOException, InterruptedException {
        if (engine.dataBackends().get(removed.id()) != null) {
            return drain(removed.id(), progress);
        }
        repairLock.lockInterruptibly();
        try {
            ctx.attachDetached(removed);
            try {
                return drainer.drain(removed.id(), tee(progress));
            } finally {
                ctx.forgetDetached(removed.id());
            }
        } finally {
            repairLock.unlock();
        }
    }

    /** One row per data and metadata backend; probes first when the monitor has not run yet. */
    public List<BackendStatus> status() throws InterruptedException {
        boolean probed = true;
        for (StoreBackend b : engine.dataBackends().all()) {
            probed &= monitor.vitals("data", b.id()).lastProbe() != null;
        }
        if (!probed) {
            monitor.probeNow();
        }
        List<BackendStatus> rows = new ArrayList<>();
        addRows(rows, "data", engine.dataBackends(), shardCounts);
        addRows(rows, "meta", engine.metadataBackends(), Map.of());
        return rows;
    }

    private void addRows(List<BackendStatus> rows, String role, BackendRegistry registry, Map<String, Long> counts) {
        for (StoreBackend b : registry.all()) {
            BackendVitals v = monitor.vitals(role, b.id());
            NamespaceInfo info = v.info();
            BackendAddress a = b.namespace().address();
            boolean draining = role.equals("data") && ctx.retired(b.id()) && b.health() != Health.UNREACHABLE;
            rows.add(new BackendStatus(role, b.id(), b.group(), a.host() + ":" + a.port() + "/" + a.namespace(),
                    draining ? "DRAINING" : b.health().name(), b.healthReason(), v.latency(),
                    info == null ? -1 : info.dataSizeBytes(), info == null ? -1 : info.freeBytes(),
                    info == null ? -1 : info.entries(), counts.getOrDefault(b.id(), counts.isEmpty() ? -1L : 0L),
                    v.lastProbe()));
        }
    }

    /** Moves the block store's read-path reports into the repair queue. */
    private void absorbEngineReports() {
        engine.repairQueue().drain().forEach(queue::shardProblem);
    }

    /** Sends an operation's events to its caller and to the bus. */
    private EventListener tee(EventListener progress) {
        if (progress == null || progress == EventListener.NONE) {
            return events;
        }
        return e -> {
            EventBus.deliver(progress, e);
            events.onEvent(e);
        };
    }

    @Override
    public void close() {
        background.shutdownNow();
        monitor.close();
        io.shutdownNow();
    }
}
