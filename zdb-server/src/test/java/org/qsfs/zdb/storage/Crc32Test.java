package org.qsfs.zdb.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Crc32Test {
    private static long crc(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return Crc32.compute(b, 0, b.length);
    }

    // values of libzdb/crc32.c (table 0x82F63B78, register starts at 0, no final xor); the two strings
    // were checked against upstream's zdb_crc32 built with gcc, both software and -msse4.2 variants
    @Test
    void knownVectors() {
        assertEquals(0L, crc(""));
        assertEquals(0L, Crc32.compute(new byte[32], 0, 32)); // zeros keep a zero register
        assertEquals(0xF26B8303L, Crc32.compute(new byte[] {1}, 0, 1)); // table[1]
        assertEquals(0xAD7D5351L, Crc32.compute(new byte[] {(byte) 0xFF}, 0, 1)); // table[255]
        // standard CRC-32C("123456789") is 0xE3069283; the variant upstream uses differs:
        assertEquals(0x58E3FA20L, crc("123456789"));
        assertEquals(0x6345D352L, crc("hello world"));
    }

    @Test
    void fastPathMatchesTableLoopAtEveryLength() {
        Random r = new Random(42);
        for (int len = 0; len < 2000; len++) {
            byte[] b = new byte[len + 7];
            r.nextBytes(b);
            assertEquals(Crc32.software(b, 3, len), Crc32.compute(b, 3, len), "length " + len);
        }
        byte[] big = new byte[8 * 1024 * 1024 + 3];
        r.nextBytes(big);
        assertEquals(Crc32.software(big, 0, big.length), Crc32.compute(big, 0, big.length));
    }

    @Test
    void bufferFormMatchesTheArrayFormAndLeavesTheBufferAlone() {
        Random r = new Random(7);
        for (int len : new int[] {0, 1, 63, 64, 65, 4096, 1 << 20}) {
            byte[] b = new byte[len + 5];
            r.nextBytes(b);
            java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(b.length).put(b).position(2).limit(2 + len);
            assertEquals(Crc32.compute(b, 2, len), Crc32.compute(direct), "direct, length " + len);
            assertEquals(2, direct.position());
            assertEquals(Crc32.compute(b, 2, len), Crc32.compute(java.nio.ByteBuffer.wrap(b, 2, len)), "heap, length " + len);
        }
    }
}
