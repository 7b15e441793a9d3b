package org.qsfs.engine.repair;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.qsfs.engine.store.BackendRegistry;
import org.qsfs.engine.store.StoreBackend;
import org.qsfs.engine.zdb.NamespaceInfo;
import org.qsfs.engine.zdb.ZdbAuthException;
import org.qsfs.engine.zdb.ZdbException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes every backend of the given pools on a schedule: PING for latency (smoothed), NSINFO
 * for free space (namespace limit minus size, and the disk), counting failures. From that
 * ({@link HealthPolicy}) it sets each backend's state in its {@link BackendRegistry}, which is
 * what placement and the read order use; the registry tells its listeners (and so the event
 * bus) about every change. Probes run in parallel, one round at a time.
 */
public final class HealthMonitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HealthMonitor.class);

    private final Map<String, BackendRegistry> pools;
    private final HealthMonitorOptions options;
    private final HealthPolicy policy;
    private final Predicate<String> retired;
    private final Map<String, BackendVitals> vitals = new ConcurrentHashMap<>();
    private final ExecutorService probes;
    private final ScheduledExecutorService timer;
    private volatile boolean started;
    private volatile boolean closed;

    /**
     * @param pools registries by role ("data", "meta")
     * @param retired tells which backends are being drained (kept out of placement)
     */
    public HealthMonitor(Map<String, BackendRegistry> pools, HealthMonitorOptions options, Predicate<String> retired) {
        this.pools = new LinkedHashMap<>(pools);
        this.options = options;
        this.policy = new HealthPolicy(options);
        this.retired = retired;
        AtomicInteger n = new AtomicInteger();
        this.probes = Executors.newCachedThreadPool(r -> daemon(r, "qsfs-health-probe-" + n.incrementAndGet()));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "qsfs-health-monitor"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    public HealthMonitorOptions options() {
        return options;
    }

    /** Starts probing every {@link HealthMonitorOptions#interval()}; the first round runs at once. */
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        timer.scheduleWithFixedDelay(() -> {
            try {
                probeNow();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.RejectedExecutionException e) {
                if (!closed) {
                    log.warn("health probe round failed: {}", e.toString());
                } // else: closed during the round
            } catch (RuntimeException e) {
                log.warn("health probe round failed: {}", e.toString());
            }
        }, 0, options.interval().toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Probes every backend once, now, and waits for the answers (each bounded by the client's timeouts). */
    public void probeNow() throws InterruptedException {
        List<Future<?>> futures = new ArrayList<>();
        for (Map.Entry<String, BackendRegistry> pool : pools.entrySet()) {
            for (StoreBackend b : pool.getValue().all()) {
                futures.add(probes.submit(() -> probe(pool.getKey(), pool.getValue(), b)));
            }
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                log.warn("health probe failed unexpectedly: {}", e.getCause().toString());
            }
        }
    }

    /** What was measured of backend {@code id} in pool {@code role}. */
    public BackendVitals vitals(String role, String id) {
        return vitals.getOrDefault(role + "/" + id, BackendVitals.NONE);
    }

    private void probe(String role, BackendRegistry registry, StoreBackend b) {
        String key = role + "/" + b.id();
        BackendVitals old = vitals.getOrDefault(key, BackendVitals.NONE);
        boolean refused = false;
        BackendVitals now;
        try {
            Duration rtt = b.namespace().ping();
            NamespaceInfo info = b.namespace().info();
            Duration smoothed = old.latency() == null ? rtt : Duration.ofNanos((long) (old.latency().toNanos()
                    + options.latencyWeight() * (rtt.toNanos() - old.latency().toNanos())));
            registry.recordLatency(b.id(), rtt);
            registry.setFreeBytes(b.id(), info.freeBytes());
            now = new BackendVitals(smoothed, 0, old.errors(), old.probes() + 1, info, Instant.now(), null);
        } catch (ZdbException | RuntimeException e) {
            refused = e instanceof ZdbAuthException;
            now = new BackendVitals(old.latency(), old.consecutiveFailures() + 1, old.errors() + 1,
                    old.probes() + 1, old.info(), Instant.now(), e.getMessage() == null ? e.toString()
                    : e.getMessage());
            log.debug("probe of {} {} failed: {}", role, b.id(), e.toString());
        }
        vitals.put(key, now);
        HealthPolicy.Verdict v = policy.judge(now, refused, retired.test(b.id()));
        registry.setHealth(b.id(), v.health(), v.reason());
    }

    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        probes.shutdownNow();
    }
}
