package org.qsfs.engine.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReedSolomonCodecTest {
    private final ErasureCodec rs = new ReedSolomonCodec();

    /** Every subset of {0..n-1} with at most {@code max} elements, as bit masks. */
    static List<Integer> lossMasks(int n, int max) {
        List<Integer> masks = new ArrayList<>();
        for (int mask = 0; mask < 1 << n; mask++) {
            if (Integer.bitCount(mask) <= max) {
                masks.add(mask);
            }
        }
        return masks;
    }

    @ParameterizedTest
    @CsvSource({"4,2,1000", "3,3,1000", "4,2,1", "1,2,17", "10,4,12345", "2,0,9"})
    void everyCombinationOfUpToMLostShardsRecovers(int k, int m, int size) throws Exception {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        byte[][] shards = rs.encode(data, k, m);
        assertEquals(k + m, shards.length);
        int combos = 0;
        for (int mask : lossMasks(k + m, m)) {
            byte[][] given = new byte[k + m][];
            for (int i = 0; i < k + m; i++) {
                given[i] = (mask & 1 << i) != 0 ? null : shards[i].clone();
            }
            assertArrayEquals(data, rs.decode(given, k, m, size), "lost mask " + Integer.toBinaryString(mask));
            for (int i = 0; i < k + m; i++) {
                if (given[i] != null) {
                    assertArrayEquals(shards[i], given[i], "decode modified shard " + i);
                }
            }
            combos++;
        }
        assertTrue(combos >= 1 + k + m || m == 0);
    }

    @ParameterizedTest
    @CsvSource({"4,2,1000", "3,3,999", "10,4,4096", "1,2,17", "2,0,9"})
    void reconstructDataRebuildsEveryLostDataShardAndLeavesParityAlone(int k, int m, int size) throws Exception {
        int offset = 20; // room for a header, as the block codec uses it
        byte[][] full = new byte[k + m][offset + size];
        Random r = new Random(k * 31 + m);
        for (int i = 0; i < k; i++) {
            r.nextBytes(full[i]);
        }
        rs.encodeParity(full, offset, size, k, m);
        int n = k + m;
        for (int lost = 0; lost < (1 << n); lost++) {
            if (Integer.bitCount(lost) > m) {
                continue;
            }
            byte[][] work = new byte[n][];
            boolean[] present = new boolean[n];
            for (int i = 0; i < n; i++) {
                present[i] = (lost & (1 << i)) == 0;
                work[i] = present[i] ? full[i].clone() : new byte[offset + size];
                if (!present[i]) {
                    java.util.Arrays.fill(work[i], (byte) 0x5A); // scratch with garbage in it
                }
            }
            rs.reconstructData(work, present, offset, size, k, m);
            for (int i = 0; i < n; i++) {
                if (i < k || present[i]) {
                    assertArrayEquals(java.util.Arrays.copyOfRange(full[i], offset, offset + size),
                            java.util.Arrays.copyOfRange(work[i], offset, offset + size), "lost " + lost + " shard " + i);
                } else {
                    assertEquals(0x5A, work[i][offset] & 0xFF, "missing parity is not rebuilt");
                }
            }
        }
        boolean[] tooFew = new boolean[n];
        for (int i = 0; i < k - 1; i++) {
            tooFew[i] = true;
        }
        assertThrows(NotEnoughShardsException.class,
                () -> rs.reconstructData(new byte[n][offset + size], tooFew, offset, size, k, m));
    }

    @Test
    void moreThanMLostNamesTheMissingShards() {
        byte[][] shards = rs.encode(new byte[100], 4, 2);
        shards[0] = null;
        shards[3] = null;
        shards[5] = null;
        NotEnoughShardsException e = assertThrows(NotEnoughShardsException.class, () -> rs.decode(shards, 4, 2, 100));
        assertEquals(List.of(0, 3, 5), e.missingShards());
        assertTrue(e.getMessage().contains("needs 4 of its 6 shards but only 3 are usable"), e.getMessage());
        assertTrue(e.getMessage().contains("missing shards [0, 3, 5]"), e.getMessage());
    }

    @Test
    void hotPathWorksAtAnOffsetLeftForAHeader() throws Exception {
        int k = 4, m = 2, size = 256, off = 20;
        byte[][] shards = new byte[k + m][off + size];
        Random r = new Random(3);
        for (int i = 0; i < k; i++) {
            r.nextBytes(shards[i]);
        }
        byte[][] headersBefore = new byte[k + m][];
        for (int i = 0; i < k + m; i++) {
            java.util.Arrays.fill(shards[i], 0, off, (byte) 0x5A);
            headersBefore[i] = java.util.Arrays.copyOf(shards[i], off);
        }
        rs.encodeParity(shards, off, size, k, m);
        byte[] lost1 = shards[1].clone();
        byte[] lost4 = shards[4].clone();
        java.util.Arrays.fill(shards[1], off, off + size, (byte) 0);
        java.util.Arrays.fill(shards[4], off, off + size, (byte) 0);
        boolean[] present = {true, false, true, true, false, true};
        rs.reconstruct(shards, present, off, size, k, m);
        assertArrayEquals(lost1, shards[1]);
        assertArrayEquals(lost4, shards[4]);
        for (int i = 0; i < k + m; i++) {
            assertArrayEquals(headersBefore[i], java.util.Arrays.copyOf(shards[i], off), "header room of shard " + i);
        }
    }

    @Test
    void rejectsImpossibleShapes() {
        assertThrows(IllegalArgumentException.class, () -> rs.encode(new byte[1], 0, 2));
        assertThrows(IllegalArgumentException.class, () -> rs.encode(new byte[1], 200, 57));
    }

    @Test
    void testsRunWithoutNettyLikeProductionDoes() {
        // Reed-Solomon must work with kcp-fec's netty excluded; the build keeps netty off the test classpath.
        assertThrows(ClassNotFoundException.class, () -> Class.forName("io.netty.buffer.ByteBuf"));
    }
}
