package org.qsfs.engine.placement;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.qsfs.engine.block.BlockId;

/**
 * Chooses the backends for a block's {@code k+m} shards.
 *
 * <p>Weighted rendezvous hashing: each eligible backend draws a score from
 * hash(block, backend) as an exponential race, {@code -ln(u) / freeBytes}; lower wins.
 * So the first pick is a backend with probability proportional to its free space,
 * the result depends only on the block and the backends (a retry picks the same ones),
 * and adding or removing one backend moves only the shards that involve it. Degraded
 * backends are used only when the healthy ones cannot keep the promise, and then rank
 * after every healthy one.
 *
 * <p>Groups are filled level by level ({@link GroupFill}): every group's best backend
 * first, ordered by score, then every group's second, and so on. That spreads shards
 * over as many sites as possible, which is what lets the policy's group rule hold
 * whenever any placement could. Cost: one pass over the backends plus a few passes over
 * the groups, no search.
 *
 * <p>Build one per backend list and reuse it for many blocks; it is immutable and
 * thread-safe.
 */
public final class Placement {
    /** Puts degraded backends after every healthy one: scores are below 37 (u >= 2^-53, weight >= 1). */
    private static final double DEGRADED_PENALTY = 1e9;

    private final PlacementPolicy policy;
    private final Backend[] backends;
    private final int[] groupOf;
    private final long[] idHash;
    private final double[] inverseWeight;
    private final double[] penalty;
    private final int[] slotStart; // per group: where its candidate slots start
    private final int[] slotCap; // per group: how many candidates to keep (at most k+m)
    private final int slots;

    /**
     * @throws PlacementException when the backends that can take shards now cannot keep
     *     the promise; the message says why
     */
    public Placement(PlacementPolicy policy, Collection<Backend> all) throws PlacementException {
        this.policy = policy;
        // One pass: group index and per-group counts of healthy and of usable backends.
        Map<String, Integer> groups = new HashMap<>();
        Set<String> ids = new HashSet<>();
        int[] healthySize = new int[8];
        int[] eligibleSize = new int[8];
        int healthyTotal = 0;
        int eligibleTotal = 0;
        for (Backend b : all) {
            if (!ids.add(b.id())) {
                throw new IllegalArgumentException("backend id " + b.id() + " appears twice; ids must be unique");
            }
            if (!b.eligible()) {
                continue;
            }
            int g = groups.computeIfAbsent(b.group(), x -> groups.size());
            if (g == eligibleSize.length) {
                eligibleSize = Arrays.copyOf(eligibleSize, g * 2);
                healthySize = Arrays.copyOf(healthySize, g * 2);
            }
            eligibleSize[g]++;
            eligibleTotal++;
            if (b.health() == Health.HEALTHY) {
                healthySize[g]++;
                healthyTotal++;
            }
        }
        int groupCount = groups.size();
        // Degraded backends only when the healthy ones alone cannot keep the promise.
        boolean useDegraded = healthyTotal < eligibleTotal
                && policy.problem(Arrays.copyOf(healthySize, groupCount), healthyTotal, "") != null;
        int[] sizes = Arrays.copyOf(useDegraded ? eligibleSize : healthySize, groupCount);
        String problem = policy.problem(sizes, useDegraded ? eligibleTotal : healthyTotal, "healthy with free space");
        if (problem != null) {
            throw new PlacementException(problem);
        }

        int count = useDegraded ? eligibleTotal : healthyTotal;
        backends = new Backend[count];
        groupOf = new int[count];
        idHash = new long[count];
        inverseWeight = new double[count];
        penalty = new double[count];
        int i = 0;
        for (Backend b : all) {
            if (b.eligible() && (useDegraded || b.health() == Health.HEALTHY)) {
                backends[i] = b;
                groupOf[i] = groups.get(b.group());
                idHash[i] = hashId(b.id());
                inverseWeight[i] = 1.0 / b.freeBytes();
                penalty[i] = b.health() == Health.HEALTHY ? 0 : DEGRADED_PENALTY;
                i++;
            }
        }
        int n = policy.shards();
        slotStart = new int[groupCount];
        slotCap = new int[groupCount];
        int s = 0;
        for (int g = 0; g < groupCount; g++) {
            slotStart[g] = s;
            slotCap[g] = Math.min(n, sizes[g]);
            s += slotCap[g];
        }
        slots = s;
    }

    /** One-off form: prepares and chooses. Prefer a reused {@link Placement} for many blocks. */
    public static List<Backend> choose(BlockId blockId, int k, int m, int redundantGroups,
            Collection<Backend> backends) throws PlacementException {
        return new Placement(new PlacementPolicy(k, m, redundantGroups), backends).choose(blockId);
    }

    public PlacementPolicy policy() {
        return policy;
    }

    /**
     * The backends for shards {@code 0..k+m-1} of {@code blockId}: distinct, eligible,
     * keeping the policy's promise. Always succeeds once constructed.
     */
    public List<Backend> choose(BlockId blockId) {
        int groupCount = slotStart.length;
        double[] score = new double[slots];
        int[] who = new int[slots];
        int[] filled = new int[groupCount];
        long seed = blockId.hash64();

        // One pass: keep each group's best few candidates, sorted by score.
        for (int i = 0; i < backends.length; i++) {
            long h = BlockId.mix(seed ^ idHash[i]);
            double u = ((h >>> 11) + 1) * 0x1.0p-53; // (0, 1]
            double sc = -Math.log(u) * inverseWeight[i] + penalty[i];
            int g = groupOf[i];
            int base = slotStart[g];
            int len = filled[g];
            if (len == slotCap[g]) {
                if (sc >= score[base + len - 1]) {
                    continue;
                }
                len--; // drop the worst
            } else {
                filled[g]++;
            }
            int p = base + len;
            while (p > base && score[p - 1] > sc) {
                score[p] = score[p - 1];
                who[p] = who[p - 1];
                p--;
            }
            score[p] = sc;
            who[p] = i;
        }

        // Level by level: every group's j-th best competes in round j; best scores first.
        int n = policy.shards();
        List<Backend> chosen = new ArrayList<>(n);
        int[] round = new int[Math.min(n, groupCount)];
        for (int level = 0; chosen.size() < n; level++) {
            int want = n - chosen.size();
            int taken = 0;
            for (int g = 0; g < groupCount; g++) {
                if (filled[g] <= level) {
                    continue;
                }
                double sc = score[slotStart[g] + level];
                if (taken == want && sc >= score[slotStart[round[want - 1]] + level]) {
                    continue;
                }
                int p = taken == want ? want - 1 : taken++;
                while (p > 0 && score[slotStart[round[p - 1]] + level] > sc) {
                    round[p] = round[p - 1];
                    p--;
                }
                round[p] = g;
            }
            if (taken == 0) {
                throw new IllegalStateException("placement ran out of candidates; the constructor's check should"
                        + " have refused this backend list");
            }
            for (int r = 0; r < taken; r++) {
                chosen.add(backends[who[slotStart[round[r]] + level]]);
            }
        }
        return chosen;
    }

    /** FNV-1a over the UTF-16 units, then mixed: stable across runs and JVMs. */
    private static long hashId(String id) {
        long h = 0xCBF29CE484222325L;
        for (int i = 0; i < id.length(); i++) {
            h = (h ^ id.charAt(i)) * 0x100000001B3L;
        }
        return BlockId.mix(h);
    }
}
