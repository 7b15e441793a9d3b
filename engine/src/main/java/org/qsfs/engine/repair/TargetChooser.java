package org.qsfs.engine.repair;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.qsfs.engine.block.BlockId;
import org.qsfs.engine.placement.Backend;
import org.qsfs.engine.placement.Health;
import org.qsfs.engine.placement.PlacementException;
import org.qsfs.engine.placement.PlacementPolicy;
import org.qsfs.engine.store.StoreBackend;

/**
 * Where a rebuilt shard goes: placement's own choice for the block first (so a repaired block
 * looks like a freshly written one where possible), then every other backend that takes shards
 * (healthy before degraded, in a per-block order). Backends already holding a shard of the
 * block, retired (draining) and lost ones are excluded; candidates that keep the group rule
 * come before those that would break it.
 */
final class TargetChooser {
    private final RepairContext ctx;

    TargetChooser(RepairContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Candidates for one more shard of {@code id}, best first.
     *
     * @param holders the backends holding the block's other shards (kept or newly written)
     * @param exclude backend ids that must not be chosen
     */
    List<StoreBackend> candidates(BlockId id, Collection<StoreBackend> holders, Set<String> exclude) {
        Set<String> taken = new java.util.HashSet<>(exclude);
        for (StoreBackend h : holders) {
            taken.add(h.id());
        }
        LinkedHashSet<StoreBackend> ordered = new LinkedHashSet<>();
        try {
            for (Backend b : ctx.registry.placement(ctx.policy).choose(id)) {
                StoreBackend sb = ctx.registry.get(b.id());
                if (usable(sb, taken)) {
                    ordered.add(sb);
                }
            }
        } catch (PlacementException e) {
            // Not enough healthy backends for a full placement now: fall through to the rest.
        }
        List<StoreBackend> rest = new ArrayList<>();
        for (StoreBackend b : ctx.registry.all()) {
            if (usable(b, taken) && !ordered.contains(b)) {
                rest.add(b);
            }
        }
        long seed = id.hash64();
        rest.sort(Comparator.comparing((StoreBackend b) -> b.health() != Health.HEALTHY)
                .thenComparingLong(b -> BlockId.mix(seed ^ fnv(b.id()))));
        ordered.addAll(rest);

        // Stable partition: those that keep the group rule first.
        Map<String, Integer> counts = groupCounts(holders);
        List<StoreBackend> keep = new ArrayList<>();
        List<StoreBackend> breaks = new ArrayList<>();
        for (StoreBackend b : ordered) {
            counts.merge(b.group(), 1, Integer::sum);
            (worstGroupLoss(counts, ctx.policy.redundantGroups()) <= ctx.policy.m() ? keep : breaks).add(b);
            counts.merge(b.group(), -1, Integer::sum);
        }
        keep.addAll(breaks);
        return keep;
    }

    private boolean usable(StoreBackend b, Set<String> taken) {
        return b != null && !taken.contains(b.id()) && !ctx.retired(b.id()) && b.placementView().eligible();
    }

    /**
     * Whether shards on these backends (one per index, null where missing) meet the policy:
     * all placed on distinct configured, non-retired backends, and the group rule holds.
     */
    static boolean safe(StoreBackend[] placedOn, PlacementPolicy policy, RepairContext ctx) {
        if (placedOn.length != policy.shards()) {
            return false;
        }
        Set<String> ids = new java.util.HashSet<>();
        for (StoreBackend b : placedOn) {
            if (b == null || !ctx.configured(b.id()) || ctx.retired(b.id()) || !ids.add(b.id())) {
                return false;
            }
        }
        return worstGroupLoss(groupCounts(Arrays.asList(placedOn)), policy.redundantGroups()) <= policy.m();
    }

    static Map<String, Integer> groupCounts(Collection<StoreBackend> backends) {
        Map<String, Integer> counts = new HashMap<>();
        for (StoreBackend b : backends) {
            if (b != null) {
                counts.merge(b.group(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** Shards lost when the {@code r} groups holding the most are lost. */
    static int worstGroupLoss(Map<String, Integer> counts, int r) {
        int[] sorted = counts.values().stream().mapToInt(Integer::intValue).sorted().toArray();
        int lost = 0;
        for (int i = 0; i < r && i < sorted.length; i++) {
            lost += sorted[sorted.length - 1 - i];
        }
        return lost;
    }

    private static long fnv(String s) {
        long h = 0xCBF29CE484222325L;
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (x & 0xFF)) * 0x100000001B3L;
        }
        return h;
    }
}
