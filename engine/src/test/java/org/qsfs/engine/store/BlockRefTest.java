package org.qsfs.engine.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.qsfs.engine.block.BlockId;

class BlockRefTest {
    private final BlockRef ref = new BlockRef(BlockId.random(), 4, 2, 1024, 4000, Arrays.asList(
            ShardLocation.derived("b0", 1), ShardLocation.explicit("b1", new byte[] {0, 0, 0, 0, 0, 0, 0, 7}, -2),
            null, ShardLocation.derived("b3", 3), ShardLocation.derived("bé", 4), ShardLocation.derived("b5", 5)),
            false);

    @Test
    void roundTrip() throws Exception {
        byte[] enc = ref.encode();
        BlockRef back = BlockRef.decode(enc);
        assertEquals(ref, back);
        assertNull(back.shard(2));
        assertEquals(5, back.placedCount());
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 0, 0, 7}, back.shard(1).key());
        assertTrue(back.shard(0).derived());
        assertEquals("QSBR", new String(enc, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void safeFlagAndCompactness() throws Exception {
        BlockRef safe = new BlockRef(BlockId.random(), 4, 2, 64, 10,
                List.of(ShardLocation.derived("b0", 0), ShardLocation.derived("b1", 0), ShardLocation.derived("b2", 0),
                        ShardLocation.derived("b3", 0), ShardLocation.derived("b4", 0),
                        ShardLocation.derived("b5", 0)), true);
        byte[] enc = safe.encode();
        assertTrue(BlockRef.decode(enc).safe());
        // 17 fixed + 16 id + 6 × (1 kind + 1 len + 2 id + 4 crc)
        assertEquals(17 + 16 + 6 * 8, enc.length);
    }

    @Test
    void refusesDamage() {
        byte[] enc = ref.encode();
        byte[] badMagic = enc.clone();
        badMagic[0] = 'X';
        assertThrows(BlockRefFormatException.class, () -> BlockRef.decode(badMagic));
        byte[] badVersion = enc.clone();
        badVersion[4] = 2;
        BlockRefFormatException e = assertThrows(BlockRefFormatException.class, () -> BlockRef.decode(badVersion));
        assertTrue(e.getMessage().contains("upgrade"), e.getMessage());
        for (int cut = 0; cut < enc.length; cut++) {
            byte[] shorter = Arrays.copyOf(enc, cut);
            assertThrows(BlockRefFormatException.class, () -> BlockRef.decode(shorter), "cut at " + cut);
        }
        byte[] longer = Arrays.copyOf(enc, enc.length + 1);
        assertThrows(BlockRefFormatException.class, () -> BlockRef.decode(longer));
    }

    @Test
    void decodesInSequenceFromABuffer() throws Exception {
        byte[] a = ref.encode();
        ByteBuffer two = ByteBuffer.allocate(a.length * 2).put(a).put(a).flip();
        assertEquals(ref, BlockRef.decode(two, false));
        assertEquals(ref, BlockRef.decode(two, false));
        assertEquals(0, two.remaining());
    }
}
