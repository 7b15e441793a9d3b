package org.qsfs.engine.codec;

import java.util.Arrays;

/**
 * The {@code k+m} stored shards of one block, each a {@link ShardHeader} followed by
 * {@link #shardSize()} bytes. Shard arrays may be longer than {@link #storedLength()}
 * when buffers are reused: only the first {@code storedLength()} bytes are the shard.
 */
public final class EncodedBlock {
    private final byte[][] shards;
    private final int k;
    private final int m;
    private final int shardSize;
    private final int[] bodyChecksums;

    EncodedBlock(byte[][] shards, int k, int m, int shardSize, int[] bodyChecksums) {
        this.shards = shards;
        this.k = k;
        this.m = m;
        this.shardSize = shardSize;
        this.bodyChecksums = bodyChecksums;
    }

    public int k() {
        return k;
    }

    public int m() {
        return m;
    }

    public int shardCount() {
        return k + m;
    }

    /** Body bytes per shard. */
    public int shardSize() {
        return shardSize;
    }

    /** Header plus body: the bytes to store for each shard. */
    public int storedLength() {
        return ShardHeader.LENGTH + shardSize;
    }

    /** The buffer holding shard {@code i} (not a copy; see the class comment on its length). */
    public byte[] shard(int i) {
        return shards[i];
    }

    /** Shard {@code i} as a new array of exactly {@link #storedLength()} bytes. */
    public byte[] shardCopy(int i) {
        return Arrays.copyOf(shards[i], storedLength());
    }

    /** Every shard as exact-length copies, in index order. */
    public byte[][] shardCopies() {
        byte[][] out = new byte[shardCount()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = shardCopy(i);
        }
        return out;
    }

    /**
     * Every shard as an exact-length array, in index order: the encoder's own arrays when they
     * are exactly that long (a block encoded without reuse), copies otherwise. Callers that
     * passed this block for reuse must not use the result after encoding into it again.
     */
    public byte[][] shards() {
        for (byte[] s : shards) {
            if (s.length != storedLength()) {
                return shardCopies();
            }
        }
        return shards.clone();
    }

    /** CRC32C of shard {@code i}'s body, as in its header (for the block's reference). */
    public int bodyChecksum(int i) {
        return bodyChecksums[i];
    }

    /** All body checksums in index order. */
    public int[] bodyChecksums() {
        return bodyChecksums.clone();
    }

    byte[][] buffers() {
        return shards;
    }
}
