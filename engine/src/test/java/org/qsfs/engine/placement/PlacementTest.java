package org.qsfs.engine.placement;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.qsfs.engine.block.BlockId;

class PlacementTest {
    private static final long GIB = 1L << 30;

    private static List<Backend> grid(int groups, int perGroup, long free) {
        List<Backend> out = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            for (int i = 0; i < perGroup; i++) {
                out.add(new Backend("g" + g + "-b" + i, "site" + g, free, Health.HEALTHY));
            }
        }
        return out;
    }

    private static BlockId block(int i) {
        return BlockId.of(new byte[] {(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i});
    }

    @Test
    void impossibleConfigurationIsRejectedWithTheReason() {
        PlacementException e = assertThrows(PlacementException.class,
                () -> new PlacementPolicy(4, 2, 1).validate(grid(2, 3, GIB)));
        assertTrue(e.getMessage().startsWith("6 shards over 2 groups cannot survive losing 1 group with k=4"),
                e.getMessage());
        assertDoesNotThrow(() -> new PlacementPolicy(4, 2, 1).validate(grid(3, 2, GIB)));
    }

    @Test
    void tooFewBackendsIsRejected() {
        PlacementException e = assertThrows(PlacementException.class,
                () -> new PlacementPolicy(4, 2, 0).validate(grid(1, 5, GIB)));
        assertEquals("6 shards need 6 distinct backends but only 5 are configured; add backends or lower k or m",
                e.getMessage());
    }

    @Test
    void groupsTooUnequalAreRejected() {
        List<Backend> backends = new ArrayList<>(grid(1, 10, GIB));
        backends.add(new Backend("x", "small-1", GIB, Health.HEALTHY));
        backends.add(new Backend("y", "small-2", GIB, Health.HEALTHY));
        // 3 groups, but the big one would have to hold 4 shards: losing it leaves 2 < k.
        assertThrows(PlacementException.class, () -> new PlacementPolicy(4, 2, 1).validate(backends));
        assertDoesNotThrow(() -> new PlacementPolicy(2, 4, 1).validate(backends));
    }

    @Test
    void whenBackendsAreDownTheErrorSaysSo() {
        List<Backend> backends = new ArrayList<>(grid(3, 2, GIB));
        backends.set(0, new Backend("g0-b0", "site0", GIB, Health.UNREACHABLE));
        PlacementException e = assertThrows(PlacementException.class,
                () -> Placement.choose(block(1), 4, 2, 1, backends));
        assertTrue(e.getMessage().contains("healthy with free space"), e.getMessage());
    }

    @Test
    void thousandBlocksOverThousandBackendsIsFast() throws Exception {
        Random r = new Random(42);
        List<Backend> backends = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            backends.add(new Backend("backend-" + i, "site-" + (i % 25), (1 + r.nextInt(100)) * GIB, Health.HEALTHY));
        }
        for (int warm = 0; warm < 3; warm++) {
            for (int i = 0; i < 1000; i++) {
                Placement.choose(block(i), 4, 2, 1, backends);
            }
        }
        long start = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            Placement.choose(block(i), 4, 2, 1, backends);
        }
        long oneOff = System.nanoTime() - start;
        Placement prepared = new Placement(new PlacementPolicy(4, 2, 1), backends);
        start = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            prepared.choose(block(i));
        }
        long reused = System.nanoTime() - start;
        System.out.printf("placement of 1,000 blocks over 1,000 backends: %.1f ms one-off, %.1f ms prepared%n",
                oneOff / 1e6, reused / 1e6);
        assertTrue(oneOff < 1_000_000_000L, "took " + oneOff / 1e6 + " ms");
    }

    /** Whether any spread of n shards over groups of these sizes keeps the r largest within m. */
    private static boolean feasibleByBruteForce(int[] sizes, int n, int m, int r) {
        return search(sizes, 0, new int[sizes.length], n, m, r);
    }

    private static boolean search(int[] sizes, int g, int[] counts, int left, int m, int r) {
        if (g == sizes.length) {
            return left == 0 && GroupFill.worstGroupLoss(counts, r) <= m;
        }
        for (int c = 0; c <= Math.min(sizes[g], left); c++) {
            counts[g] = c;
            if (search(sizes, g + 1, counts, left - c, m, r)) {
                return true;
            }
        }
        counts[g] = 0;
        return false;
    }

    @Test
    void survivalHoldsExhaustivelyOnRandomSmallConfigurations() throws Exception {
        Random rnd = new Random(7);
        Health[] states = Health.values();
        int placed = 0;
        int refused = 0;
        for (int trial = 0; trial < 2000; trial++) {
            int groups = 1 + rnd.nextInt(5);
            List<Backend> backends = new ArrayList<>();
            for (int g = 0; g < groups; g++) {
                int size = 1 + rnd.nextInt(4);
                for (int i = 0; i < size; i++) {
                    Health h = rnd.nextInt(4) == 0 ? states[rnd.nextInt(states.length)] : Health.HEALTHY;
                    long free = rnd.nextInt(8) == 0 ? 0 : (1 + rnd.nextInt(10)) * GIB;
                    backends.add(new Backend("b" + g + "." + i, "g" + g, free, h));
                }
            }
            int k = 1 + rnd.nextInt(4);
            int m = rnd.nextInt(4);
            int r = rnd.nextInt(3);
            Map<String, Integer> eligiblePerGroup = new LinkedHashMap<>();
            for (Backend b : backends) {
                if (b.eligible()) {
                    eligiblePerGroup.merge(b.group(), 1, Integer::sum);
                }
            }
            int[] sizes = eligiblePerGroup.values().stream().mapToInt(Integer::intValue).toArray();
            boolean feasible = feasibleByBruteForce(sizes, k + m, m, r);
            BlockId id = block(trial);
            if (!feasible) {
                assertThrows(PlacementException.class, () -> Placement.choose(id, k, m, r, backends),
                        "trial " + trial);
                refused++;
                continue;
            }
            List<Backend> chosen = Placement.choose(id, k, m, r, backends);
            placed++;
            String where = "trial " + trial + " k=" + k + " m=" + m + " r=" + r + " " + backends + " -> " + chosen;
            assertEquals(k + m, chosen.size(), where);
            assertEquals(k + m, new HashSet<>(chosen.stream().map(Backend::id).toList()).size(), where);
            for (Backend b : chosen) {
                assertTrue(b.eligible(), where);
            }
            // Losing any m backends: every subset of the chosen ones.
            for (int mask = 0; mask < 1 << chosen.size(); mask++) {
                if (Integer.bitCount(mask) <= m) {
                    assertTrue(chosen.size() - Integer.bitCount(mask) >= k, where);
                }
            }
            // Losing any r whole groups: every subset of r groups.
            List<String> groupNames = new ArrayList<>(eligiblePerGroup.keySet());
            for (int mask = 0; mask < 1 << groupNames.size(); mask++) {
                if (Integer.bitCount(mask) != Math.min(r, groupNames.size())) {
                    continue;
                }
                int left = 0;
                for (Backend b : chosen) {
                    if ((mask & 1 << groupNames.indexOf(b.group())) == 0) {
                        left++;
                    }
                }
                assertTrue(left >= k, where + " loses groups " + Integer.toBinaryString(mask));
            }
        }
        assertTrue(placed > 300 && refused > 300, "placed " + placed + ", refused " + refused);
    }

    @Test
    void unhealthyAndFullBackendsAreNeverChosen() throws Exception {
        List<Backend> backends = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Health h = switch (i % 4) {
                case 0 -> Health.UNREACHABLE;
                case 1 -> Health.FULL;
                default -> Health.HEALTHY;
            };
            long free = i % 10 == 2 ? 0 : 100 * GIB; // some "healthy" ones have no space left
            backends.add(new Backend("b" + i, "g" + (i % 6), free, h));
        }
        Placement p = new Placement(new PlacementPolicy(4, 2, 1), backends);
        for (int i = 0; i < 2000; i++) {
            for (Backend b : p.choose(block(i))) {
                assertEquals(Health.HEALTHY, b.health());
                assertTrue(b.freeBytes() > 0);
            }
        }
    }

    @Test
    void degradedBackendsAreUsedOnlyWhenNeeded() throws Exception {
        List<Backend> backends = new ArrayList<>(grid(3, 3, GIB));
        backends.add(new Backend("slow-a", "site0", 1000 * GIB, Health.DEGRADED));
        backends.add(new Backend("slow-b", "site3", 1000 * GIB, Health.DEGRADED));
        Placement p = new Placement(new PlacementPolicy(4, 2, 1), backends);
        for (int i = 0; i < 500; i++) {
            for (Backend b : p.choose(block(i))) {
                assertEquals(Health.HEALTHY, b.health());
            }
        }
        // Only two healthy sites left: the degraded site is needed to keep the group promise.
        List<Backend> fewer = new ArrayList<>(grid(2, 3, GIB));
        fewer.add(new Backend("slow-c", "site9", GIB, Health.DEGRADED));
        fewer.add(new Backend("slow-d", "site9", GIB, Health.DEGRADED));
        List<Backend> chosen = Placement.choose(block(1), 4, 2, 1, fewer);
        assertEquals(2, chosen.stream().filter(b -> b.health() == Health.DEGRADED).count());
    }

    @Test
    void sameBlockSamePlacementAndUnrelatedChangesDoNotMoveIt() throws Exception {
        List<Backend> backends = grid(5, 8, GIB);
        Placement p = new Placement(new PlacementPolicy(4, 2, 1), backends);
        Placement again = new Placement(new PlacementPolicy(4, 2, 1), new ArrayList<>(backends));
        int moved = 0;
        for (int i = 0; i < 500; i++) {
            List<Backend> chosen = p.choose(block(i));
            assertEquals(chosen, again.choose(block(i)));
            // Removing a backend this block does not use leaves its placement alone.
            List<Backend> fewer = new ArrayList<>(backends);
            String victim = "g2-b" + (i % 8);
            fewer.removeIf(b -> !chosen.contains(b) && b.id().equals(victim));
            assertEquals(chosen, Placement.choose(block(i), 4, 2, 1, fewer));
            // Adding a backend moves few blocks.
            List<Backend> more = new ArrayList<>(backends);
            more.add(new Backend("new", "site1", GIB, Health.HEALTHY));
            if (!Placement.choose(block(i), 4, 2, 1, more).equals(chosen)) {
                moved++;
            }
        }
        // A new backend among 41 should take roughly 6/41 of blocks (one shard each): about 73 of 500.
        assertTrue(moved < 150, "moved " + moved);
    }

    @Test
    void firstShardGoesToBackendsInProportionToFreeSpace() throws Exception {
        List<Backend> backends = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < 20; i++) {
            long free = (1 + i % 4) * 10 * GIB;
            total += free;
            backends.add(new Backend("b" + i, "g" + i, free, Health.HEALTHY));
        }
        Placement p = new Placement(new PlacementPolicy(4, 2, 1), backends);
        int blocks = 100_000;
        Map<String, Integer> first = new HashMap<>();
        Map<String, Integer> any = new HashMap<>();
        for (int i = 0; i < blocks; i++) {
            List<Backend> chosen = p.choose(block(i));
            first.merge(chosen.get(0).id(), 1, Integer::sum);
            for (Backend b : chosen) {
                any.merge(b.id(), 1, Integer::sum);
            }
        }
        double[] inclusionByWeight = new double[5];
        for (Backend b : backends) {
            double expected = (double) b.freeBytes() / total * blocks;
            int got = first.getOrDefault(b.id(), 0);
            assertTrue(Math.abs(got - expected) < 0.1 * expected, b + ": " + got + " first shards, expected ~" + expected);
            inclusionByWeight[(int) (b.freeBytes() / (10 * GIB))] += any.getOrDefault(b.id(), 0);
        }
        // Every shard: more free space, more shards.
        for (int w = 1; w < 4; w++) {
            assertTrue(inclusionByWeight[w + 1] > inclusionByWeight[w] * 1.1,
                    java.util.Arrays.toString(inclusionByWeight));
        }
    }

    @Test
    void withinAGroupMoreFreeSpaceWinsMoreOften() throws Exception {
        List<Backend> backends = new ArrayList<>();
        for (int g = 0; g < 3; g++) {
            for (int i = 0; i < 4; i++) {
                backends.add(new Backend("g" + g + "b" + i, "g" + g, (1L << i) * GIB, Health.HEALTHY));
            }
        }
        Placement p = new Placement(new PlacementPolicy(4, 2, 1), backends);
        Map<String, Integer> count = new HashMap<>();
        for (int i = 0; i < 30_000; i++) {
            for (Backend b : p.choose(block(i))) {
                count.merge(b.id(), 1, Integer::sum);
            }
        }
        for (int g = 0; g < 3; g++) {
            for (int i = 0; i < 3; i++) {
                assertTrue(count.getOrDefault("g" + g + "b" + (i + 1), 0) > count.getOrDefault("g" + g + "b" + i, 0),
                        count.toString());
            }
        }
    }

    @Test
    void duplicateBackendIdsAreRejected() {
        List<Backend> backends = new ArrayList<>(grid(3, 2, GIB));
        backends.add(new Backend("g0-b0", "site2", GIB, Health.HEALTHY));
        assertThrows(IllegalArgumentException.class, () -> new Placement(new PlacementPolicy(4, 2, 1), backends));
    }

    @Test
    void spreadsOverAsManyGroupsAsItCan() throws Exception {
        Placement p = new Placement(new PlacementPolicy(4, 2, 0), grid(10, 5, GIB));
        for (int i = 0; i < 200; i++) {
            Set<String> groups = new HashSet<>();
            p.choose(block(i)).forEach(b -> groups.add(b.group()));
            assertEquals(6, groups.size());
        }
        assertFalse(p.choose(block(1)).isEmpty());
    }
}
