package org.qsfs.engine.placement;

import java.util.Arrays;

/**
 * How many shards each group gets: filled level by level (every group with room gets
 * its 1st shard, then its 2nd, ...), which keeps the largest groups' counts as small as
 * possible for the total. So if any spread of {@code n} shards keeps the sum of the
 * {@code r} largest group counts within {@code m}, this one does.
 */
final class GroupFill {
    private GroupFill() {
    }

    /**
     * Per-group counts of the level fill of {@code n} shards over groups with
     * {@code sizes} backends, or null when the groups hold fewer than {@code n}.
     */
    static int[] levels(int[] sizes, int n) {
        int[] counts = new int[sizes.length];
        int placed = 0;
        for (int level = 0; placed < n; level++) {
            boolean any = false;
            for (int g = 0; g < sizes.length && placed < n; g++) {
                if (sizes[g] > level) {
                    counts[g]++;
                    placed++;
                    any = true;
                }
            }
            if (!any) {
                return null;
            }
        }
        return counts;
    }

    /** Shards lost when the {@code r} groups holding the most are lost. */
    static int worstGroupLoss(int[] counts, int r) {
        int[] sorted = counts.clone();
        Arrays.sort(sorted);
        int lost = 0;
        for (int i = 0; i < r && i < sorted.length; i++) {
            lost += sorted[sorted.length - 1 - i];
        }
        return lost;
    }
}
