package org.qsfs.engine.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CompressorTest {
    private final Compressor zstd = new Compressor();

    @AfterEach
    void close() {
        zstd.close();
    }

    static byte[] text(int size) {
        byte[] line = "the quick brown fox jumps over the lazy dog 0123456789\n".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = line[i % line.length];
        }
        return out;
    }

    @Test
    void compressibleDataShrinksAndRoundTrips() throws Exception {
        byte[] src = text(100_000);
        byte[] dst = new byte[Compressor.maxCompressedLength(src.length) + 5];
        int n = zstd.compress(src, 0, src.length, dst, 5);
        assertTrue(n > 0 && n < src.length / 10, "compressed to " + n);
        byte[] back = new byte[src.length + 3];
        zstd.decompress(dst, 5, n, back, 3, src.length);
        assertArrayEquals(src, java.util.Arrays.copyOfRange(back, 3, back.length));
    }

    @Test
    void randomDataIsLeftAlone() {
        byte[] src = new byte[65_536];
        new Random(1).nextBytes(src);
        assertEquals(Compressor.NOT_COMPRESSED,
                zstd.compress(src, 0, src.length, new byte[Compressor.maxCompressedLength(src.length)], 0));
    }

    @Test
    void largeRandomBlockIsLeftAloneAfterProbing() {
        byte[] src = new byte[4 << 20];
        new Random(2).nextBytes(src);
        assertEquals(Compressor.NOT_COMPRESSED,
                zstd.compress(src, 0, src.length, new byte[Compressor.maxCompressedLength(src.length)], 0));
    }

    @Test
    void largeBlockThatIsPartlyCompressibleIsCompressedWhole() throws Exception {
        // random first half, zeros after: half the probes shrink, so the whole block is compressed
        byte[] src = new byte[(4 << 20) + 100];
        new Random(3).nextBytes(src);
        java.util.Arrays.fill(src, 100 + (2 << 20), src.length, (byte) 0);
        byte[] dst = new byte[Compressor.maxCompressedLength(4 << 20)];
        int n = zstd.compress(src, 100, 4 << 20, dst, 0);
        assertTrue(n > 0 && n < (4 << 20) * 6 / 10, "compressed to " + n);
        byte[] back = new byte[4 << 20];
        zstd.decompress(dst, 0, n, back, 0, back.length);
        assertArrayEquals(java.util.Arrays.copyOfRange(src, 100, src.length), back);
    }

    @Test
    void probesLookOnlyInsideTheGivenRange() {
        // compressible bytes around a random range must not make the range look compressible
        byte[] src = new byte[(1 << 20) + 2 * 65_536];
        byte[] noise = new byte[1 << 20];
        new Random(4).nextBytes(noise);
        System.arraycopy(noise, 0, src, 65_536, noise.length);
        assertEquals(Compressor.NOT_COMPRESSED,
                zstd.compress(src, 65_536, noise.length, new byte[Compressor.maxCompressedLength(noise.length)], 0));
    }

    @Test
    void emptyAndTinyInputsAreLeftAlone() {
        byte[] dst = new byte[Compressor.maxCompressedLength(3)];
        assertEquals(Compressor.NOT_COMPRESSED, zstd.compress(new byte[0], 0, 0, dst, 0));
        assertEquals(Compressor.NOT_COMPRESSED, zstd.compress(new byte[] {1, 2, 3}, 0, 3, dst, 0));
    }

    @Test
    void garbageOrWrongLengthIsAFormatError() {
        byte[] src = text(10_000);
        byte[] dst = new byte[Compressor.maxCompressedLength(src.length)];
        int n = zstd.compress(src, 0, src.length, dst, 0);
        assertThrows(BlockFormatException.class, () -> zstd.decompress(dst, 0, n, new byte[src.length], 0, src.length - 1));
        assertThrows(BlockFormatException.class,
                () -> zstd.decompress(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 0, 8, new byte[100], 0, 100));
    }

    @Test
    void contextsAreReusableAcrossManyBlocks() throws Exception {
        for (int i = 1; i < 50; i++) {
            byte[] src = text(i * 997);
            byte[] dst = new byte[Compressor.maxCompressedLength(src.length)];
            int n = zstd.compress(src, 0, src.length, dst, 0);
            byte[] back = new byte[src.length];
            zstd.decompress(dst, 0, n, back, 0, src.length);
            assertArrayEquals(src, back);
        }
    }
}
