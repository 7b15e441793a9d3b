package org.qsfs.engine.placement;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The promise placement keeps for every block: {@code k} data and {@code m} parity
 * shards on distinct backends, so that losing any {@code m} backends, or any
 * {@code redundantGroups} whole groups, leaves at least {@code k} shards.
 *
 * <p>The group rule: with shard counts per group, the {@code redundantGroups} groups
 * holding the most may together hold at most {@code m}.
 */
public record PlacementPolicy(int k, int m, int redundantGroups) {
    public static final int MAX_SHARDS = 256;

    public PlacementPolicy {
        if (k < 1) {
            throw new IllegalArgumentException("k (data shards) must be at least 1, got " + k);
        }
        if (m < 0) {
            throw new IllegalArgumentException("m (parity shards) cannot be negative, got " + m);
        }
        if (k + m > MAX_SHARDS) {
            throw new IllegalArgumentException("k + m must be at most " + MAX_SHARDS + ", got " + (k + m));
        }
        if (redundantGroups < 0) {
            throw new IllegalArgumentException("redundant groups cannot be negative, got " + redundantGroups);
        }
    }

    public int shards() {
        return k + m;
    }

    /**
     * Rejects a configuration that can never keep the promise, whatever the backends'
     * health: too few backends, too few groups, or groups too unequal.
     */
    public void validate(Collection<Backend> configured) throws PlacementException {
        Map<String, Integer> perGroup = new LinkedHashMap<>();
        for (Backend b : configured) {
            perGroup.merge(b.group(), 1, Integer::sum);
        }
        String problem = problem(perGroup.values().stream().mapToInt(Integer::intValue).toArray(),
                configured.size(), "configured");
        if (problem != null) {
            throw new PlacementException(problem);
        }
    }

    /**
     * Why {@code total} backends in groups of {@code groupSizes} cannot keep the promise,
     * or null when they can; {@code which} says which backends were counted.
     */
    String problem(int[] groupSizes, int total, String which) {
        int n = shards();
        if (total < n) {
            return n + " shards need " + n + " distinct backends but only " + total
                    + (total == 1 ? " is " : " are ") + which + "; add backends or lower k or m";
        }
        int[] counts = GroupFill.levels(groupSizes, n);
        if (counts == null || GroupFill.worstGroupLoss(counts, redundantGroups) > m) {
            return n + " shards over " + plural(groupSizes.length, "group") + " cannot survive losing "
                    + plural(redundantGroups, "group") + " with k=" + k + ": any " + plural(redundantGroups, "group")
                    + " may hold at most m=" + m + " of them" + (which.equals("configured") ? "" : " (counting backends "
                    + which + ")") + "; add groups or backends to the smaller groups, raise m, or lower k";
        }
        return null;
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
