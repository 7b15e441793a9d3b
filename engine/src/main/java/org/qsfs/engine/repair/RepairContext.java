package org.qsfs.engine.repair;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.qsfs.engine.events.EventListener;
import org.qsfs.engine.object.ObjectStore;
import org.qsfs.engine.placement.Health;
import org.qsfs.engine.placement.PlacementPolicy;
import org.qsfs.engine.store.BackendRegistry;
import org.qsfs.engine.store.BlockStore;
import org.qsfs.engine.store.ShardIo;
import org.qsfs.engine.store.StoreBackend;
import org.qsfs.engine.zdb.ZdbException;

/**
 * What scrub, rebuild and drain share: the data backends, the stores, the policy, an executor
 * for shard I/O, the event sink, and which backends are being drained ("retired": never a
 * target, their shards are moved) or are detached (removed from the configuration but still
 * reachable as a source while draining).
 */
final class RepairContext {
    final BackendRegistry registry;
    final BlockStore blocks;
    final ObjectStore objects;
    final PlacementPolicy policy;
    final ShardIo io;
    final ExecutorService executor;
    final EventListener events;
    final Duration shardTimeout;
    /** Where block references live besides the object store's manifests (the volume). */
    final java.util.List<BlockRefSource> sources = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Set<String> retired = ConcurrentHashMap.newKeySet();
    private final Map<String, StoreBackend> detached = new ConcurrentHashMap<>();

    RepairContext(BackendRegistry registry, BlockStore blocks, ObjectStore objects, ExecutorService executor,
            EventListener events, Duration shardTimeout) {
        this.registry = registry;
        this.blocks = blocks;
        this.objects = objects;
        this.policy = blocks.policy();
        this.io = new ShardIo(registry);
        this.executor = executor;
        this.events = events;
        this.shardTimeout = shardTimeout;
    }

    /** The source named {@code name}; null when it was removed. */
    BlockRefSource source(String name) {
        for (BlockRefSource s : sources) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }

    /** A configured backend, or a detached one being drained; null when unknown. */
    StoreBackend backend(String id) {
        StoreBackend b = registry.get(id);
        return b != null ? b : detached.get(id);
    }

    boolean configured(String id) {
        return registry.get(id) != null;
    }

    void retire(String id) {
        retired.add(id);
        if (configured(id)) {
            // Placement skips FULL backends; the monitor keeps it so while it is retired.
            registry.setHealth(id, Health.FULL, "being drained: takes no new shards");
        }
    }

    void attachDetached(StoreBackend b) {
        detached.put(b.id(), b);
        retired.add(b.id());
    }

    void forgetDetached(String id) {
        detached.remove(id);
    }

    boolean retired(String id) {
        return retired.contains(id);
    }

    Set<String> retiredIds() {
        return new HashSet<>(retired);
    }

    /** Configured backends unreachable for at least {@code after}: their shards count as lost. */
    Set<String> lostBackends(Duration after) {
        Set<String> out = new HashSet<>();
        for (StoreBackend b : registry.all()) {
            if (b.health() == Health.UNREACHABLE && b.inStateFor().compareTo(after) >= 0) {
                out.add(b.id());
            }
        }
        return out;
    }

    /** Runs a request, keeping the registry's picture up to date for configured backends. */
    <T> T call(StoreBackend b, ShardIo.Request<T> request) throws ZdbException {
        if (registry.get(b.id()) == b) {
            return io.call(b, request);
        }
        return request.run(b);
    }
}
