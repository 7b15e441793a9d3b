package org.qsfs.engine.codec;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The 20-byte header in front of every stored shard (docs/FORMATS.md, "Shard"): magic,
 * version, k, m, index, body length, CRC32C of the body, CRC32C of the header.
 *
 * <p>The body checksum covers the ciphertext shard, never the plaintext: a plaintext
 * hash would let whoever holds the shard confirm a guess of the content. It exists to
 * catch bit rot cheaply before decryption, so a rotten shard is treated as missing.
 */
public record ShardHeader(int k, int m, int index, int bodyLength, int bodyCrc) {
    public static final int LENGTH = 20;
    public static final int VERSION = 1;
    private static final byte[] MAGIC = "QSSH".getBytes(StandardCharsets.US_ASCII);

    public ShardHeader {
        ReedSolomonCodec.check(k, m);
        if (index < 0 || index >= k + m) {
            throw new IllegalArgumentException("shard index " + index + " outside 0.." + (k + m - 1));
        }
        if (bodyLength < 0) {
            throw new IllegalArgumentException("negative body length");
        }
    }

    /** Computes the body CRC of {@code shard[LENGTH, LENGTH+bodyLength)} and writes the header at 0. */
    public static ShardHeader writeInto(byte[] shard, int k, int m, int index, int bodyLength) {
        ShardHeader h = new ShardHeader(k, m, index, bodyLength, crc(shard, LENGTH, bodyLength));
        System.arraycopy(MAGIC, 0, shard, 0, 4);
        shard[4] = (byte) VERSION;
        shard[5] = (byte) k;
        shard[6] = (byte) m;
        shard[7] = (byte) index;
        putInt(shard, 8, bodyLength);
        putInt(shard, 12, h.bodyCrc);
        putInt(shard, 16, crc(shard, 0, 16));
        return h;
    }

    /**
     * Reads and verifies the header and the body of a stored shard.
     *
     * @param length how many bytes of {@code shard} are available (at least the stored shard)
     * @throws CorruptShardException saying what is wrong; the shard must be treated as missing
     */
    public static ShardHeader verify(byte[] shard, int length) throws CorruptShardException {
        ShardHeader h = readHeader(shard, length);
        if (crc(shard, LENGTH, h.bodyLength) != h.bodyCrc) {
            throw new CorruptShardException("body checksum mismatch");
        }
        return h;
    }

    /** Reads and verifies only the header (the body is not checked). */
    public static ShardHeader readHeader(byte[] shard, int length) throws CorruptShardException {
        if (length < LENGTH) {
            throw new CorruptShardException("truncated: " + length + " bytes, shorter than the header");
        }
        for (int i = 0; i < 4; i++) {
            if (shard[i] != MAGIC[i]) {
                throw new CorruptShardException("not a QSFS shard (bad magic)");
            }
        }
        if (crc(shard, 0, 16) != getInt(shard, 16)) {
            throw new CorruptShardException("header checksum mismatch");
        }
        if (shard[4] != VERSION) {
            throw new CorruptShardException("shard format version " + (shard[4] & 0xFF)
                    + " is newer than this QSFS reads (" + VERSION + "); upgrade QSFS");
        }
        int k = shard[5] & 0xFF;
        int m = shard[6] & 0xFF;
        int index = shard[7] & 0xFF;
        int bodyLength = getInt(shard, 8);
        if (k < 1 || k + m > ReedSolomonCodec.MAX_SHARDS || index >= k + m || bodyLength < 0) {
            throw new CorruptShardException("impossible header values k=" + k + " m=" + m + " index=" + index);
        }
        // Longer is fine: callers may hand in reused buffers; only the stated bytes count.
        if ((long) LENGTH + bodyLength > length) {
            throw new CorruptShardException("truncated: " + length + " bytes, header says "
                    + (LENGTH + (long) bodyLength));
        }
        return new ShardHeader(k, m, index, bodyLength, getInt(shard, 12));
    }

    /** The stored length of this shard (header and body). */
    public int storedLength() {
        return LENGTH + bodyLength;
    }

    static int crc(byte[] b, int off, int len) {
        CRC32C c = new CRC32C();
        c.update(b, off, len);
        return (int) c.getValue();
    }

    private static void putInt(byte[] b, int off, int v) {
        b[off] = (byte) (v >>> 24);
        b[off + 1] = (byte) (v >>> 16);
        b[off + 2] = (byte) (v >>> 8);
        b[off + 3] = (byte) v;
    }

    private static int getInt(byte[] b, int off) {
        return (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF);
    }
}
