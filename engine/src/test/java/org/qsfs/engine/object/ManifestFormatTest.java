package org.qsfs.engine.object;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.qsfs.engine.block.BlockId;
import org.qsfs.engine.store.BlockRef;
import org.qsfs.engine.store.ShardLocation;

/** The object manifest's two formats (docs/FORMATS.md, "Object manifest") and what a retrieve checks with each. */
class ManifestFormatTest {
    private static final byte[] CONTENT = "first block|second block|third".getBytes(StandardCharsets.UTF_8);

    @Test
    void aManifestKeepsEveryFieldThroughItsEncoding() throws Exception {
        BlockRef ref = new BlockRef(BlockId.random(), 1, 1, 10, 10,
                List.of(new ShardLocation("b1", null, 7), new ShardLocation("b2", new byte[] {1, 2}, 9)), true);
        Manifest m = new Manifest("dir/file", CONTENT.length, sha256(CONTENT), crc32c(CONTENT),
                Instant.ofEpochMilli(1_700_000_000_123L), 4096, List.of(ref, ref), true);
        byte[] bytes = m.encode();
        assertEquals(2, bytes[4], "new manifests are format 2");
        Manifest back = Manifest.decode(bytes);
        assertEquals("dir/file", back.path());
        assertEquals(CONTENT.length, back.size());
        assertArrayEquals(m.sha256(), back.sha256());
        assertEquals(crc32c(CONTENT), back.crc32c());
        assertEquals(m.modified(), back.modified());
        assertEquals(4096, back.blockSize());
        assertEquals(2, back.blocks().size());
        assertEquals(ref.blockId(), back.blocks().get(1).blockId());
        assertTrue(back.safe());
    }

    /** A manifest written before the CRC32C existed: read, checked by its SHA-256, and rewritten (by a repair) as it was. */
    @Test
    void aFormatOneManifestIsReadCheckedWithItsSha256AndRewrittenUnchanged() throws Exception {
        byte[] path = "old".getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(4 + 1 + 1 + 2 + path.length + 8 + 32 + 8 + 4 + 4);
        b.put("QSOM".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 1);
        b.putShort((short) path.length).put(path).putLong(CONTENT.length).put(sha256(CONTENT));
        b.putLong(1_600_000_000_000L).putInt(4096).putInt(0);
        byte[] v1 = b.array();

        Manifest m = Manifest.decode(v1);
        assertFalse(m.hasCrc32c());
        assertEquals(CONTENT.length, m.size());
        assertArrayEquals(v1, m.withBlocks(List.of(), true).encode(), "a format-1 manifest stays format 1");

        ContentCheck check = new ContentCheck(m);
        assertEquals("SHA-256", check.checksumName());
        check.update(CONTENT);
        assertTrue(check.matches());
        ContentCheck other = new ContentCheck(m);
        other.update(swapped(CONTENT));
        assertFalse(other.matches());
    }

    @Test
    void theCrcCatchesBlocksPutTogetherWronglyAndAShortResult() {
        Manifest m = new Manifest("f", CONTENT.length, sha256(CONTENT), crc32c(CONTENT), Instant.EPOCH, 12, List.of(),
                true);
        ContentCheck right = new ContentCheck(m);
        assertEquals("CRC32C", right.checksumName());
        right.update(Arrays.copyOfRange(CONTENT, 0, 12));
        right.update(Arrays.copyOfRange(CONTENT, 12, CONTENT.length));
        assertTrue(right.matches());

        ContentCheck reordered = new ContentCheck(m);
        reordered.update(swapped(CONTENT));
        assertFalse(reordered.matches(), "same bytes, blocks in the wrong order");

        ContentCheck shortOne = new ContentCheck(m);
        shortOne.update(Arrays.copyOfRange(CONTENT, 0, 12));
        assertFalse(shortOne.matches());
    }

    @Test
    void unknownFormatsAndImpossibleCrcsAreRefusedWithAnAnswer() {
        Manifest m = new Manifest("f", 0, sha256(new byte[0]), crc32c(new byte[0]), Instant.EPOCH, 12, List.of(), true);
        byte[] bytes = m.encode();
        bytes[4] = 3;
        ObjectCorruptException e = assertThrows(ObjectCorruptException.class, () -> Manifest.decode(bytes));
        assertTrue(e.getMessage().contains("upgrade QSFS"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new Manifest("f", 0, sha256(new byte[0]), 1L << 32, Instant.EPOCH, 12, List.of(), true));
    }

    /** The first 12 bytes moved to the end: the blocks of {@link #CONTENT} in another order. */
    private static byte[] swapped(byte[] content) {
        byte[] out = new byte[content.length];
        System.arraycopy(content, 12, out, 0, content.length - 12);
        System.arraycopy(content, 0, out, content.length - 12, 12);
        return out;
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static long crc32c(byte[] data) {
        CRC32C c = new CRC32C();
        c.update(data);
        return c.getValue();
    }
}
