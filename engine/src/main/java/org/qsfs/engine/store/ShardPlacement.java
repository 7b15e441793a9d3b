package org.qsfs.engine.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.qsfs.engine.block.BlockId;
import org.qsfs.engine.placement.Backend;
import org.qsfs.engine.placement.Health;
import org.qsfs.engine.placement.Placement;
import org.qsfs.engine.placement.PlacementException;
import org.qsfs.engine.placement.PlacementPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the shards of one block go, for the writers ({@link ShardWriter}, {@link ShardBatchWriter}):
 * placement's first choice, the spares to re-place a failed shard on, and whether what was
 * stored keeps the policy.
 */
final class ShardPlacement {
    private static final Logger log = LoggerFactory.getLogger(ShardPlacement.class);

    private final BackendRegistry registry;
    private final PlacementPolicy policy;
    private final BlockStoreOptions options;

    ShardPlacement(BackendRegistry registry, PlacementPolicy policy, BlockStoreOptions options) {
        this.registry = registry;
        this.policy = policy;
        this.options = options;
    }

    PlacementPolicy policy() {
        return policy;
    }

    /** Placement's choice when the usable backends can keep the policy; else the best that exist. */
    List<StoreBackend> primaries(BlockId id, int n) {
        try {
            Placement p = registry.placement(policy);
            List<StoreBackend> out = new ArrayList<>(n);
            for (Backend b : p.choose(id)) {
                out.add(registry.get(b.id()));
            }
            return out;
        } catch (PlacementException e) {
            // Degraded: write where we can now; the block is reported not safe and repair
            // moves shards when backends return.
            log.debug("placement cannot keep the policy now ({}); writing degraded", e.getMessage());
            List<StoreBackend> usable = new ArrayList<>();
            for (StoreBackend b : registry.all()) {
                if (b.health().acceptsShards()) {
                    usable.add(b);
                }
            }
            usable.sort(rendezvous(id));
            return usable.subList(0, Math.min(n, usable.size()));
        }
    }

    /** Backends to re-place on: usable ones first, then unreachable ones that have rested. */
    List<StoreBackend> spares(BlockId id, List<StoreBackend> primaries) {
        Set<String> taken = new HashSet<>();
        primaries.forEach(b -> taken.add(b.id()));
        List<StoreBackend> usable = new ArrayList<>();
        List<StoreBackend> rested = new ArrayList<>();
        for (StoreBackend b : registry.all()) {
            if (taken.contains(b.id())) {
                continue;
            }
            if (b.health().acceptsShards()) {
                usable.add(b);
            } else if (b.health() == Health.UNREACHABLE
                    && b.inStateFor().compareTo(options.retryUnreachableAfter()) >= 0) {
                rested.add(b);
            }
        }
        Comparator<StoreBackend> order = rendezvous(id);
        usable.sort(Comparator.comparing((StoreBackend b) -> b.health() != Health.HEALTHY).thenComparing(order));
        rested.sort(order);
        usable.addAll(rested);
        return usable;
    }

    /** The first spare not used yet, of {@code preferGroup} when there is one; removed from {@code spares}. */
    static StoreBackend takeSpare(List<StoreBackend> spares, Set<String> used, String preferGroup) {
        StoreBackend pick = null;
        for (StoreBackend b : spares) {
            if (used.contains(b.id())) {
                continue;
            }
            if (preferGroup == null || b.group().equals(preferGroup)) {
                pick = b;
                break;
            }
            if (pick == null) {
                pick = b;
            }
        }
        if (pick != null) {
            spares.remove(pick);
        }
        return pick;
    }

    /** A per-block order of backends that does not depend on the list's order. */
    static Comparator<StoreBackend> rendezvous(BlockId id) {
        long seed = id.hash64();
        return Comparator.comparingLong(b -> BlockId.mix(seed ^ fnv(b.id())));
    }

    private static long fnv(String s) {
        long h = 0xCBF29CE484222325L;
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (x & 0xFF)) * 0x100000001B3L;
        }
        return h;
    }

    /** All shards stored, and the groups holding the most hold at most m of them. */
    boolean isSafe(StoreBackend[] placedOn, int n) {
        Set<String> distinct = new HashSet<>();
        for (StoreBackend b : placedOn) {
            if (b == null || !distinct.add(b.id())) {
                return false; // missing, or two shards on one backend
            }
        }
        if (policy.redundantGroups() == 0) {
            return n == policy.shards(); // no group may be lost whole: distinct backends are enough
        }
        Map<String, Integer> perGroup = new HashMap<>();
        for (StoreBackend b : placedOn) {
            perGroup.merge(b.group(), 1, Integer::sum);
        }
        int[] counts = perGroup.values().stream().mapToInt(Integer::intValue).sorted().toArray();
        int lost = 0;
        for (int i = 0; i < policy.redundantGroups() && i < counts.length; i++) {
            lost += counts[counts.length - 1 - i];
        }
        return n == policy.shards() && lost <= policy.m();
    }
}
