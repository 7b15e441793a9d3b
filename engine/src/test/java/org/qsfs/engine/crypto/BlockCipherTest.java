package org.qsfs.engine.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BlockCipherTest {
    private final MasterKey master = MasterKey.generate();
    private final BlockCipher cipher = new BlockCipher(KeyDerivation.derive(master, KeyPurpose.DATA));
    private final byte[] aad = "block-42".getBytes(StandardCharsets.US_ASCII);

    @Test
    void roundTripsWithOverheadOfNonceAndTag() throws Exception {
        byte[] plain = new byte[10_000];
        new Random(1).nextBytes(plain);
        byte[] sealed = cipher.seal(aad, plain);
        assertEquals(plain.length + 28, sealed.length);
        assertArrayEquals(plain, cipher.open(aad, sealed));
    }

    @Test
    void directBuffersAreSealedInSlicesThatTheOneCallOpenReads() throws Exception {
        int slice = BlockCipher.SEAL_SLICE;
        for (int len : new int[] {0, 100, slice - 1, slice, slice + 1, 2 * slice, 6 * slice + 5}) {
            byte[] plain = new byte[len];
            new Random(len).nextBytes(plain);
            java.nio.ByteBuffer in = java.nio.ByteBuffer.allocateDirect(len + 3);
            in.put(new byte[3]).put(plain).flip().position(3); // data not at offset 0
            java.nio.ByteBuffer out = java.nio.ByteBuffer.allocateDirect(BlockCipher.sealedLength(len) + 7);
            out.position(7);
            int n = cipher.seal(aad, in, out);
            assertEquals(BlockCipher.sealedLength(len), n, "length " + len);
            assertEquals(7 + n, out.position());
            assertEquals(0, in.remaining());
            assertEquals(len + 3, in.limit(), "the input's limit is left as it was");
            byte[] sealed = new byte[n];
            out.flip().position(7);
            out.get(sealed);
            assertArrayEquals(plain, cipher.open(aad, sealed), "length " + len);
        }
    }

    @Test
    void roundTripsEmptyPlaintext() throws Exception {
        assertArrayEquals(new byte[0], cipher.open(aad, cipher.seal(aad, new byte[0])));
    }

    @Test
    void everyEncryptionUsesAFreshNonce() {
        Set<String> nonces = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            byte[] sealed = cipher.seal(aad, new byte[16]);
            nonces.add(java.util.HexFormat.of().formatHex(sealed, 0, BlockCipher.NONCE_LENGTH));
        }
        assertEquals(1000, nonces.size());
    }

    @Test
    void anyFlippedBitIsAnIntegrityError() {
        byte[] sealed = cipher.seal(aad, new byte[64]);
        for (int i = 0; i < sealed.length; i++) {
            byte[] bad = sealed.clone();
            bad[i] ^= 0x01;
            assertThrows(IntegrityException.class, () -> cipher.open(aad, bad), "byte " + i);
        }
    }

    @Test
    void otherAssociatedDataIsAnIntegrityError() {
        byte[] sealed = cipher.seal(aad, new byte[64]);
        assertThrows(IntegrityException.class,
                () -> cipher.open("block-43".getBytes(StandardCharsets.US_ASCII), sealed));
    }

    @Test
    void otherKeyIsAnIntegrityError() {
        byte[] sealed = cipher.seal(aad, new byte[64]);
        BlockCipher other = new BlockCipher(KeyDerivation.derive(MasterKey.generate(), KeyPurpose.DATA));
        BlockCipher metadata = new BlockCipher(KeyDerivation.derive(master, KeyPurpose.METADATA));
        assertThrows(IntegrityException.class, () -> other.open(aad, sealed));
        assertThrows(IntegrityException.class, () -> metadata.open(aad, sealed));
    }

    @Test
    void truncatedInputIsAnIntegrityError() {
        byte[] sealed = cipher.seal(aad, new byte[64]);
        for (int len : new int[] {0, 5, 27, 28, sealed.length - 1}) {
            byte[] cut = java.util.Arrays.copyOf(sealed, len);
            assertThrows(IntegrityException.class, () -> cipher.open(aad, cut), "length " + len);
        }
    }

    @Test
    void refusesKeysMeantForSomethingElse() {
        assertThrows(IllegalArgumentException.class,
                () -> new BlockCipher(KeyDerivation.derive(master, KeyPurpose.NAMES)));
    }

    @Test
    void directBuffersMakeTheSameFormatAsArrays() throws Exception {
        byte[] aad = {9, 8, 7};
        byte[] plain = new byte[1 << 20];
        new Random(11).nextBytes(plain);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.allocateDirect(plain.length + 7);
        in.position(7).mark();
        in.put(plain).reset();
        java.nio.ByteBuffer sealed = java.nio.ByteBuffer.allocateDirect(BlockCipher.sealedLength(plain.length) + 3);
        sealed.position(3);
        assertEquals(BlockCipher.sealedLength(plain.length), cipher.seal(aad, in, sealed));
        byte[] sealedArray = new byte[BlockCipher.sealedLength(plain.length)];
        sealed.flip().position(3);
        sealed.get(sealedArray);
        assertArrayEquals(plain, cipher.open(aad, sealedArray)); // direct-sealed opens as an array

        byte[] other = cipher.seal(aad, plain); // array-sealed opens from direct buffers
        java.nio.ByteBuffer src = java.nio.ByteBuffer.allocateDirect(other.length).put(other).flip();
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocateDirect(plain.length);
        assertEquals(plain.length, cipher.open(aad, src, out));
        byte[] back = new byte[plain.length];
        out.flip().get(back);
        assertArrayEquals(plain, back);
    }

    @Test
    void directBuffersDetectAlteredBytesAndOtherAssociatedData() {
        byte[] aad = {1};
        byte[] sealed = cipher.seal(aad, "the quick brown fox".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < sealed.length; i++) {
            byte[] bad = sealed.clone();
            bad[i] ^= 0x10;
            java.nio.ByteBuffer src = java.nio.ByteBuffer.allocateDirect(bad.length).put(bad).flip();
            assertThrows(IntegrityException.class, () -> cipher.open(aad, src, java.nio.ByteBuffer.allocateDirect(64)));
        }
        java.nio.ByteBuffer src = java.nio.ByteBuffer.allocateDirect(sealed.length).put(sealed).flip();
        assertThrows(IntegrityException.class,
                () -> cipher.open(new byte[] {2}, src, java.nio.ByteBuffer.allocateDirect(64)));
        java.nio.ByteBuffer tiny = java.nio.ByteBuffer.allocateDirect(10).put(new byte[10]).flip();
        assertThrows(IntegrityException.class, () -> cipher.open(aad, tiny, java.nio.ByteBuffer.allocateDirect(64)));
    }

    @Test
    void worksAtOffsetsInLargerBuffers() throws Exception {
        byte[] in = new byte[100];
        new Random(2).nextBytes(in);
        byte[] out = new byte[200];
        int n = cipher.seal(aad, in, 10, 50, out, 7);
        assertEquals(78, n);
        byte[] back = new byte[80];
        assertEquals(50, cipher.open(aad, out, 7, n, back, 30));
        assertArrayEquals(java.util.Arrays.copyOfRange(in, 10, 60), java.util.Arrays.copyOfRange(back, 30, 80));
    }
}
