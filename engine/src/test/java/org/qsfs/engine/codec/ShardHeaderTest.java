package org.qsfs.engine.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class ShardHeaderTest {
    private static byte[] shard(int bodyLength) {
        byte[] s = new byte[ShardHeader.LENGTH + bodyLength];
        new Random(bodyLength).nextBytes(s);
        ShardHeader.writeInto(s, 4, 2, 3, bodyLength);
        return s;
    }

    @Test
    void roundTrips() throws Exception {
        byte[] s = shard(100);
        ShardHeader h = ShardHeader.verify(s, s.length);
        assertEquals(new ShardHeader(4, 2, 3, 100, h.bodyCrc()), h);
        assertEquals(120, h.storedLength());
        CRC32C crc = new CRC32C();
        crc.update(s, 20, 100);
        assertEquals((int) crc.getValue(), h.bodyCrc());
    }

    @Test
    void startsWithMagicAndVersion() {
        byte[] s = shard(10);
        assertEquals("QSSH", new String(s, 0, 4, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(1, s[4]);
    }

    @Test
    void everyFlippedBitIsDetected() {
        byte[] good = shard(64);
        for (int i = 0; i < good.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] bad = good.clone();
                bad[i] ^= (byte) (1 << bit);
                assertThrows(CorruptShardException.class, () -> ShardHeader.verify(bad, bad.length),
                        "byte " + i + " bit " + bit);
            }
        }
    }

    @Test
    void truncationIsDetectedAndExtraRoomIsIgnored() throws Exception {
        byte[] good = shard(64);
        for (int len = 0; len < good.length; len++) {
            int l = len;
            assertThrows(CorruptShardException.class, () -> ShardHeader.verify(good, l), "length " + len);
        }
        byte[] roomy = java.util.Arrays.copyOf(good, good.length + 50);
        assertEquals(64, ShardHeader.verify(roomy, roomy.length).bodyLength());
    }

    @Test
    void newerVersionSaysUpgrade() {
        byte[] s = shard(8);
        s[4] = 2;
        CRC32C crc = new CRC32C();
        crc.update(s, 0, 16);
        int c = (int) crc.getValue();
        s[16] = (byte) (c >>> 24);
        s[17] = (byte) (c >>> 16);
        s[18] = (byte) (c >>> 8);
        s[19] = (byte) c;
        CorruptShardException e = assertThrows(CorruptShardException.class, () -> ShardHeader.verify(s, s.length));
        assertTrue(e.getMessage().contains("upgrade"), e.getMessage());
    }
}
