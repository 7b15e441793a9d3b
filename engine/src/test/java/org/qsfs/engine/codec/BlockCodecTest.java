package org.qsfs.engine.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.qsfs.engine.block.BlockId;
import org.qsfs.engine.crypto.BlockCipher;
import org.qsfs.engine.crypto.IntegrityException;
import org.qsfs.engine.crypto.KeyDerivation;
import org.qsfs.engine.crypto.KeyPurpose;
import org.qsfs.engine.crypto.MasterKey;
import org.qsfs.engine.store.ZdbClusterFiles;

class BlockCodecTest {
    private static final ErasureCodec RS = new ReedSolomonCodec();
    private final MasterKey master = MasterKey.generate();
    private final BlockId id = BlockId.random();
    private BlockCodec codec;

    private BlockCodec codec(MasterKey key, int k, int m) {
        return new BlockCodec(new BlockCipher(KeyDerivation.derive(key, KeyPurpose.DATA)), new Compressor(), RS, k, m);
    }

    @AfterEach
    void close() {
        if (codec != null) {
            codec.close();
        }
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[][] without(byte[][] shards, int lostMask) {
        byte[][] out = new byte[shards.length][];
        for (int i = 0; i < shards.length; i++) {
            out[i] = (lostMask & 1 << i) != 0 ? null : shards[i].clone();
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"4,2", "3,3"})
    void everyCombinationOfUpToMLostShardsRecovers(int k, int m) throws Exception {
        codec = codec(master, k, m);
        for (byte[] data : List.of(random(1000, 1), CompressorTest.text(3000), new byte[0], new byte[] {42})) {
            byte[][] shards = codec.encode(id, data, 0, data.length).shardCopies();
            int combos = 0;
            for (int mask : ReedSolomonCodecTest.lossMasks(k + m, m)) {
                DecodedBlock got = codec.decode(id, without(shards, mask));
                assertArrayEquals(data, got.data(), "lost " + Integer.toBinaryString(mask));
                assertEquals(Integer.bitCount(mask), got.missingShards().size());
                combos++;
            }
            assertEquals(k == 4 ? 1 + 6 + 15 : 1 + 6 + 15 + 20, combos);
        }
    }

    @ParameterizedTest
    @CsvSource({"4,2", "3,3"})
    void aFlippedByteAnywhereInAnyShardIsDetectedAndTreatedAsMissing(int k, int m) throws Exception {
        codec = codec(master, k, m);
        byte[] data = random(200, 2);
        byte[][] shards = codec.encode(id, data, 0, data.length).shardCopies();
        for (int s = 0; s < shards.length; s++) {
            for (int pos = 0; pos < shards[s].length; pos++) {
                byte[][] given = without(shards, 0);
                given[s][pos] ^= (byte) 0x80;
                DecodedBlock got = codec.decode(id, given);
                assertArrayEquals(data, got.data(), "shard " + s + " byte " + pos);
                assertEquals(List.of(s), List.copyOf(got.corruptShards().keySet()), "shard " + s + " byte " + pos);
            }
        }
    }

    @Test
    void moreThanMLossesNameTheMissingAndCorruptShards() throws Exception {
        codec = codec(master, 4, 2);
        byte[][] shards = codec.encode(id, random(500, 3), 0, 500).shardCopies();
        byte[][] given = without(shards, 0b100101); // 0, 2, 5 missing
        NotEnoughShardsException e = assertThrows(NotEnoughShardsException.class, () -> codec.decode(id, given));
        assertEquals(List.of(0, 2, 5), e.missingShards());
        assertTrue(e.getMessage().contains("needs 4 of its 6 shards but only 3 are usable"), e.getMessage());
        assertTrue(e.getMessage().contains("missing shards [0, 2, 5]"), e.getMessage());
        assertTrue(e.getMessage().contains(id.toString()), e.getMessage());

        byte[][] rotten = without(shards, 0b000101); // 0, 2 missing, 4 rotten
        rotten[4][30] ^= 1;
        NotEnoughShardsException e2 = assertThrows(NotEnoughShardsException.class, () -> codec.decode(id, rotten));
        assertEquals(List.of(0, 2), e2.missingShards());
        assertEquals(List.of(4), List.copyOf(e2.corruptShards().keySet()));
        assertEquals(List.of(0, 2, 4), e2.unusableShards());
        assertTrue(e2.getMessage().contains("corrupt shards [4 (body checksum mismatch)]"), e2.getMessage());
    }

    @Test
    void nothingUsableStillGivesAClearError() {
        codec = codec(master, 4, 2);
        NotEnoughShardsException e = assertThrows(NotEnoughShardsException.class,
                () -> codec.decode(id, new byte[6][]));
        assertEquals(List.of(0, 1, 2, 3, 4, 5), e.missingShards());
        assertTrue(e.getMessage().contains("none of its 6 shards is usable"), e.getMessage());
    }

    @Test
    void wrongKeyIsAnIntegrityError() throws Exception {
        codec = codec(master, 4, 2);
        byte[][] shards = codec.encode(id, random(1000, 4), 0, 1000).shardCopies();
        try (BlockCodec other = codec(MasterKey.generate(), 4, 2)) {
            IntegrityException e = assertThrows(IntegrityException.class, () -> other.decode(id, shards));
            assertTrue(e.getMessage().contains("another key"), e.getMessage());
        }
    }

    @Test
    void wrongBlockIdentityIsAnIntegrityError() throws Exception {
        codec = codec(master, 4, 2);
        byte[][] shards = codec.encode(id, random(1000, 5), 0, 1000).shardCopies();
        assertThrows(IntegrityException.class, () -> codec.decode(BlockId.random(), shards));
    }

    @Test
    void shardInTheWrongSlotIsTreatedAsMissing() throws Exception {
        codec = codec(master, 4, 2);
        byte[] data = random(700, 6);
        byte[][] shards = codec.encode(id, data, 0, data.length).shardCopies();
        byte[] t = shards[1];
        shards[1] = shards[4];
        shards[4] = t;
        DecodedBlock got = codec.decode(id, shards);
        assertArrayEquals(data, got.data());
        assertEquals(List.of(1, 4), List.copyOf(got.corruptShards().keySet()));
    }

    @Test
    void verifiedShardsDecodeWithTheirHeadersStillChecked() throws Exception {
        codec = codec(master, 4, 2);
        byte[] data = random(3 << 20, 12);
        EncodedBlock enc = codec.encode(id, data, 0, data.length);
        int[] sums = enc.bodyChecksums();
        byte[][] shards = enc.shardCopies();
        shards[0] = null; // a missing data shard: decoded through Reed-Solomon
        assertArrayEquals(data, codec.decodeVerified(id, shards, sums).data());
        shards = enc.shardCopies();
        byte[] t = shards[1];
        shards[1] = shards[4];
        shards[4] = t;
        DecodedBlock swapped = codec.decodeVerified(id, shards, sums);
        assertArrayEquals(data, swapped.data());
        assertEquals(List.of(1, 4), List.copyOf(swapped.corruptShards().keySet()));
    }

    @Test
    void shardOfAnotherBlockIsCaughtByTheRecordedChecksums() throws Exception {
        codec = codec(master, 4, 2);
        byte[] data = random(700, 7);
        EncodedBlock mine = codec.encode(id, data, 0, data.length);
        int[] recorded = mine.bodyChecksums();
        byte[][] shards = mine.shardCopies();
        byte[][] other = codec.encode(id, random(700, 8), 0, 700).shardCopies();
        shards[2] = other[2]; // same shape, valid on its own
        DecodedBlock got = codec.decode(id, shards, recorded);
        assertArrayEquals(data, got.data());
        assertEquals(List.of(2), List.copyOf(got.corruptShards().keySet()));
        // Without the recorded checksums the GCM tag still refuses the mix.
        assertThrows(IntegrityException.class, () -> codec.decode(id, shards));
    }

    @Test
    void compressibleBlocksAreCompressedAndRandomOnesAreNot() throws Exception {
        codec = codec(master, 4, 2);
        byte[] text = CompressorTest.text(1 << 20);
        byte[] noise = random(1 << 20, 9);
        EncodedBlock t = codec.encode(id, text, 0, text.length);
        assertTrue(t.shardSize() < text.length / 4 / 10, "text shard " + t.shardSize());
        EncodedBlock n = codec.encode(id, noise, 0, noise.length);
        // Stored as is: the shards hold the block plus fixed overhead, aligned.
        assertEquals(BlockCodec.shardSizeFor(noise.length, 4), n.shardSize());
        assertTrue(n.shardSize() * 4 - noise.length < BlockCodec.OVERHEAD + 4 * BlockCodec.SHARD_ALIGNMENT);
        assertArrayEquals(text, codec.decode(id, t.shardCopies()).data());
        assertArrayEquals(noise, codec.decode(id, n.shardCopies()).data());
    }

    @Test
    void shardSizesAreAlignedSoBackendsLearnOnlyCoarseSizes() {
        codec = codec(master, 4, 2);
        for (int len : new int[] {0, 1, 100, 1000, 4097}) {
            EncodedBlock b = codec.encode(id, random(len, len), 0, len);
            assertEquals(0, b.shardSize() % BlockCodec.SHARD_ALIGNMENT, "length " + len);
        }
        assertEquals(codec.encode(id, random(10, 1), 0, 10).shardSize(),
                codec.encode(id, random(150, 1), 0, 150).shardSize());
    }

    @Test
    void shardsRevealNoPlaintext() {
        codec = codec(master, 4, 2);
        byte[] data = random(4096, 10); // incompressible, so stored uncompressed under the encryption
        EncodedBlock b = codec.encode(id, data, 0, data.length);
        for (int s = 0; s < b.shardCount(); s++) {
            byte[] shard = b.shardCopy(s);
            for (int p = 0; p + 16 <= data.length; p += 16) {
                byte[] window = Arrays.copyOfRange(data, p, p + 16);
                assertTrue(ZdbClusterFiles.indexOf(shard, window) < 0, "plaintext at " + p + " found in shard " + s);
            }
        }
    }

    @Test
    void sameBlockEncryptsDifferentlyEachTime() {
        codec = codec(master, 4, 2);
        byte[] data = random(100, 11);
        assertNotEquals(Arrays.toString(codec.encode(id, data, 0, 100).shardCopy(0)),
                Arrays.toString(codec.encode(id, data, 0, 100).shardCopy(0)));
    }

    @Test
    void reusedBuffersAreReturnedAndInputsAreNotModified() throws Exception {
        codec = codec(master, 4, 2);
        byte[] big = random(10_000, 12);
        EncodedBlock first = codec.encode(id, big, 0, big.length);
        byte[] buffer0 = first.shard(0);
        byte[] small = random(3000, 13);
        BlockId id2 = BlockId.random();
        EncodedBlock second = codec.encode(id2, small, 0, small.length, first);
        assertSame(buffer0, second.shard(0));
        assertTrue(second.shard(0).length > second.storedLength());
        // Decoding straight from the roomy buffers works and leaves them untouched.
        byte[][] given = {second.shard(0), null, second.shard(2), second.shard(3), null, second.shard(5)};
        byte[][] before = new byte[6][];
        for (int i = 0; i < 6; i++) {
            before[i] = given[i] == null ? null : given[i].clone();
        }
        assertArrayEquals(small, codec.decode(id2, given).data());
        for (int i = 0; i < 6; i++) {
            assertArrayEquals(before[i], given[i], "shard " + i);
        }
    }

    @Test
    void blockAtAnOffsetInALargerArray() throws Exception {
        codec = codec(master, 3, 3);
        byte[] arr = random(5000, 14);
        EncodedBlock b = codec.encode(id, arr, 1000, 2500);
        assertArrayEquals(Arrays.copyOfRange(arr, 1000, 3500), codec.decode(id, without(b.shardCopies(), 0b000111)).data());
    }

    @Test
    void newerEnvelopeVersionSaysUpgrade() throws Exception {
        codec = codec(master, 4, 2);
        byte[][] shards = codec.encode(id, random(100, 15), 0, 100).shardCopies();
        shards[0][ShardHeader.LENGTH + 4] = 2; // envelope version lives in data shard 0
        rewriteHeader(shards[0], 4, 2, 0);
        shards[4] = null; // parity now disagrees with shard 0; make it unable to matter
        shards[5] = null;
        BlockFormatException e = assertThrows(BlockFormatException.class, () -> codec.decode(id, shards));
        assertTrue(e.getMessage().contains("upgrade"), e.getMessage());
    }

    @Test
    void shardsOfOneCodecDecodeWithAnotherShape() throws Exception {
        // k and m come from the shard headers, so a codec configured 4+2 reads old 3+3 blocks.
        codec = codec(master, 4, 2);
        byte[] data = random(999, 16);
        try (BlockCodec old = codec(master, 3, 3)) {
            byte[][] shards = old.encode(id, data, 0, data.length).shardCopies();
            assertArrayEquals(data, codec.decode(id, without(shards, 0b101001)).data());
        }
    }

    private static void rewriteHeader(byte[] shard, int k, int m, int index) {
        ShardHeader.writeInto(shard, k, m, index, shard.length - ShardHeader.LENGTH);
    }

    @Test
    void crcIsOverTheCiphertextShard() throws Exception {
        codec = codec(master, 4, 2);
        EncodedBlock b = codec.encode(id, random(300, 17), 0, 300);
        for (int i = 0; i < b.shardCount(); i++) {
            CRC32C crc = new CRC32C();
            crc.update(b.shard(i), ShardHeader.LENGTH, b.shardSize());
            assertEquals((int) crc.getValue(), b.bodyChecksum(i));
        }
    }
}
