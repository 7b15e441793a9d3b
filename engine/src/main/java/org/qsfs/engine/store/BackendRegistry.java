package org.qsfs.engine.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.qsfs.engine.placement.Backend;
import org.qsfs.engine.placement.Health;
import org.qsfs.engine.placement.Placement;
import org.qsfs.engine.placement.PlacementException;
import org.qsfs.engine.placement.PlacementPolicy;
import org.qsfs.engine.zdb.NamespaceInfo;
import org.qsfs.engine.zdb.ZdbException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backends of one pool (data or metadata), by id, with their health, free space and
 * latency. The block store reports what it sees (a failed write marks a backend
 * unreachable or full); a health monitor sets states with {@link #setHealth},
 * {@link #setFreeBytes}, {@link #recordLatency}. Placement is rebuilt lazily when a
 * state that matters to it changes. Thread-safe.
 */
public final class BackendRegistry implements AutoCloseable {
    /** Told when a backend's health changes (for events and the UI). */
    public interface Listener {
        void healthChanged(StoreBackend backend, Health old, Health now, String reason);
    }

    private static final Logger log = LoggerFactory.getLogger(BackendRegistry.class);

    private final Map<String, StoreBackend> byId;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong stateVersion = new AtomicLong();
    private volatile CachedPlacement cached;

    private record CachedPlacement(long version, PlacementPolicy policy, Placement placement,
                                   PlacementException problem) {
    }

    public BackendRegistry(Collection<StoreBackend> backends) {
        Map<String, StoreBackend> map = new LinkedHashMap<>();
        for (StoreBackend b : backends) {
            if (map.put(b.id(), b) != null) {
                throw new IllegalArgumentException("backend id " + b.id() + " appears twice; ids must be unique");
            }
        }
        if (map.isEmpty()) {
            throw new IllegalArgumentException("no backends configured");
        }
        this.byId = Collections.unmodifiableMap(map);
    }

    /** The backend with this id, or null when it is not (or no longer) configured. */
    public StoreBackend get(String id) {
        return byId.get(id);
    }

    /** All backends in configuration order. */
    public Collection<StoreBackend> all() {
        return byId.values();
    }

    public int size() {
        return byId.size();
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    /** Sets a backend's health; {@code reason} is shown to the user (why it is not healthy). */
    public void setHealth(String id, Health health, String reason) {
        StoreBackend b = require(id);
        Health old = b.health();
        if (b.setHealth(health, reason)) {
            stateVersion.incrementAndGet();
            log.info("backend {} is now {}{}", id, health, reason == null || reason.isEmpty() ? "" : ": " + reason);
            for (Listener l : listeners) {
                l.healthChanged(b, old, health, reason);
            }
        }
    }

    public void markHealthy(String id) {
        setHealth(id, Health.HEALTHY, "");
    }

    public void markUnreachable(String id, String reason) {
        setHealth(id, Health.UNREACHABLE, reason);
    }

    /** Free bytes as measured (negative: unknown). */
    public void setFreeBytes(String id, long bytes) {
        if (require(id).setFreeBytes(bytes)) {
            stateVersion.incrementAndGet();
        }
    }

    /** Feeds one measured round trip into the backend's smoothed latency (read order). */
    public void recordLatency(String id, Duration rtt) {
        require(id).recordLatency(rtt.toNanos());
    }

    /** The smoothed latency of a backend. */
    public Duration latency(String id) {
        return require(id).latency();
    }

    /** The backends as placement sees them now. */
    public List<Backend> placementView() {
        List<Backend> out = new ArrayList<>(byId.size());
        for (StoreBackend b : byId.values()) {
            out.add(b.placementView());
        }
        return out;
    }

    /**
     * The placement over the backends' current states, rebuilt only after a change.
     *
     * @throws PlacementException when the usable backends cannot keep the policy now
     */
    public Placement placement(PlacementPolicy policy) throws PlacementException {
        long version = stateVersion.get();
        CachedPlacement c = cached;
        if (c == null || c.version != version || !c.policy.equals(policy)) {
            Placement p = null;
            PlacementException problem = null;
            try {
                p = new Placement(policy, placementView());
            } catch (PlacementException e) {
                problem = e;
            }
            c = new CachedPlacement(version, policy, p, problem);
            cached = c;
        }
        if (c.problem != null) {
            throw c.problem;
        }
        return c.placement;
    }

    /**
     * Asks every backend for NSINFO once and sets free space and health from the answers:
     * a quick probe for startup and tests. The health monitor does this continuously.
     */
    public void probeAll() {
        all().parallelStream().forEach(b -> {
            long t0 = System.nanoTime();
            try {
                NamespaceInfo info = b.namespace().info();
                recordLatency(b.id(), Duration.ofNanos(System.nanoTime() - t0));
                long free = info.freeBytes();
                setFreeBytes(b.id(), free);
                setHealth(b.id(), free == 0 ? Health.FULL : Health.HEALTHY, free == 0 ? "namespace is full" : "");
            } catch (ZdbException e) {
                setHealth(b.id(), Health.UNREACHABLE, e.getMessage());
            }
        });
    }

    private StoreBackend require(String id) {
        StoreBackend b = byId.get(id);
        if (b == null) {
            throw new IllegalArgumentException("no backend with id " + id + "; configured: " + byId.keySet());
        }
        return b;
    }

    /** Closes every backend's namespace connections. */
    @Override
    public void close() {
        for (StoreBackend b : byId.values()) {
            try {
                b.namespace().close();
            } catch (RuntimeException e) {
                log.warn("closing backend {}: {}", b.id(), e.toString());
            }
        }
    }
}
